// All simulated nodes, keyed by hostname, plus the install log they share.
import { InstallLog } from './install-log';
import { createNodeState } from './node';
import { type InstallLogEntry, type NodeSpec, type NodeState } from './types';

export class NodeNotFoundError extends Error {
  constructor(readonly hostname: string) {
    super(`node ${hostname} is not known to the simulator`);
    this.name = 'NodeNotFound';
  }
}

export interface NodeRegistryOptions {
  /** Clock for install-log times (default Date.now). */
  now?: () => number;
}

export class NodeRegistry {
  readonly installLog = new InstallLog();
  readonly now: () => number;
  private readonly nodes = new Map<string, NodeState>();
  private pid = 2000;

  constructor(opts: NodeRegistryOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  add(spec: NodeSpec): NodeState {
    const node = createNodeState(spec);
    if (this.nodes.has(node.hostname)) throw new Error(`node ${node.hostname}: hostname already registered`);
    const sameIp = this.list().find((n) => n.ip === node.ip);
    if (sameIp) throw new Error(`node ${node.hostname}: ip ${node.ip} already used by ${sameIp.hostname}`);
    this.nodes.set(node.hostname, node);
    return node;
  }

  has(hostname: string): boolean {
    return this.nodes.has(hostname);
  }

  get(hostname: string): NodeState {
    const n = this.nodes.get(hostname);
    if (!n) throw new NodeNotFoundError(hostname);
    return n;
  }

  findByIp(ip: string): NodeState | undefined {
    return this.list().find((n) => n.ip === ip);
  }

  list(): NodeState[] {
    return [...this.nodes.values()];
  }

  /** A fresh fake PID for a started process. */
  nextPid(): number {
    this.pid += 1;
    return this.pid;
  }

  record(entry: Omit<InstallLogEntry, 'seq' | 'atMs'>): InstallLogEntry {
    return this.installLog.append({ ...entry, atMs: this.now() });
  }

  /** JSON copy of every node; scli sessions show only who is logged in. */
  snapshot(): Record<string, NodeState> {
    const out: Record<string, NodeState> = {};
    for (const n of this.nodes.values()) {
      const copy = JSON.parse(JSON.stringify(n)) as NodeState;
      if (copy.scliSession) copy.scliSession = { user: copy.scliSession.user, credentialFingerprint: '(hidden)' };
      out[n.hostname] = copy;
    }
    return out;
  }
}
