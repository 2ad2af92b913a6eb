// Options of the simulated Mesos cluster and the agent specs it is built from. Defaults follow the
// real master (15 s heartbeats, 5 s decline filters, 10 s status-update retry, 3 s kill grace).
import { type PortRange } from './resources';

export type OsFamily = 'ubuntu' | 'rhel' | 'centos' | 'coreos';

/** A block device of a simulated node; mutable data that shims and the gateway sim may change. */
export interface BlockDevice {
  path: string;
  sizeBytes: number;
  inUse: boolean;
  hasFilesystem: boolean;
}

export interface AgentSpec {
  hostname: string;
  /** The node's IP in the simulated world (e.g. 127.0.0.12); servers still listen on 127.0.0.1. */
  ip?: string;
  os?: { family: OsFamily; version: string };
  cpus?: number;
  memMb?: number;
  diskMb?: number;
  ports?: PortRange[];
  rack?: string;
  /** Extra TEXT attributes offered with the agent. */
  attributes?: Record<string, string>;
  blockDevices?: BlockDevice[];
}

export interface TaskEnvContext {
  hostname: string;
  agentId: string;
  frameworkId: string;
  taskId: string;
}

export interface Credential {
  principal: string;
  secret: string;
}

export interface MesosSimOptions {
  /** Master port; 0 (default) picks a free one. */
  port?: number;
  /** Master hostname reported in master_info and redirects (default 127.0.0.1). */
  hostname?: string;
  heartbeatIntervalSeconds?: number;
  /** How often offers are (re)generated, like --allocation_interval (default 1000 ms). */
  allocationIntervalMs?: number;
  /** Like --offer_timeout: rescind offers held longer than this (default: never). */
  offerTimeoutMs?: number;
  /** First retry interval of unacknowledged status updates (default 10000 ms; doubles). */
  statusUpdateRetryMs?: number;
  statusUpdateRetryMaxMs?: number;
  /** Default kill grace period when neither the KILL call nor the TaskInfo sets one (3000 ms). */
  killGracePeriodMs?: number;
  /** Enables HTTP Basic authentication of scheduler calls (--authenticate_http_frameworks). */
  credentials?: Credential[];
  /** Agents' work_dir root (sandboxes live under <workDir>/slaves/...). Default: a fresh temp dir, removed on close. */
  workDir?: string;
  agents?: AgentSpec[];
  /** Extra environment for every task (e.g. the sim control URL and the node hostname for shims). */
  taskEnv?: Record<string, string> | ((ctx: TaskEnvContext) => Record<string, string>);
  /** Directories put first on every task's PATH (shims). */
  pathPrefix?: string[];
  /** CA certificates trusted when fetching https URIs (in addition to Node's defaults). */
  fetchCa?: string | Buffer;
  /** Master id (default: random). */
  masterId?: string;
}

export interface ResolvedOptions {
  port: number;
  hostname: string;
  heartbeatIntervalSeconds: number;
  allocationIntervalMs: number;
  offerTimeoutMs: number | undefined;
  statusUpdateRetryMs: number;
  statusUpdateRetryMaxMs: number;
  killGracePeriodMs: number;
  credentials: Credential[] | undefined;
  fetchCa: string | Buffer | undefined;
}

export class SimOptionError extends Error {
  constructor(field: string, problem: string) {
    super(`MesosSimOptions.${field}: ${problem}`);
    this.name = 'SimOptionError';
  }
}

function positive(field: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v <= 0) throw new SimOptionError(field, `must be a positive number, got ${v}`);
  return v;
}

export function resolveOptions(o: MesosSimOptions): ResolvedOptions {
  if (o.offerTimeoutMs !== undefined) positive('offerTimeoutMs', o.offerTimeoutMs, 1);
  return {
    port: o.port ?? 0,
    hostname: o.hostname ?? '127.0.0.1',
    heartbeatIntervalSeconds: positive('heartbeatIntervalSeconds', o.heartbeatIntervalSeconds, 15),
    allocationIntervalMs: positive('allocationIntervalMs', o.allocationIntervalMs, 1000),
    offerTimeoutMs: o.offerTimeoutMs,
    statusUpdateRetryMs: positive('statusUpdateRetryMs', o.statusUpdateRetryMs, 10_000),
    statusUpdateRetryMaxMs: positive('statusUpdateRetryMaxMs', o.statusUpdateRetryMaxMs, 600_000),
    killGracePeriodMs: positive('killGracePeriodMs', o.killGracePeriodMs, 3000),
    credentials: o.credentials,
    fetchCa: o.fetchCa,
  };
}

export function validateAgentSpec(spec: AgentSpec): void {
  const bad = (field: string, problem: string): never => {
    throw new SimOptionError(`agents[${spec.hostname}].${field}`, problem);
  };
  if (typeof spec.hostname !== 'string' || !/^[A-Za-z0-9.-]+$/.test(spec.hostname)) {
    bad('hostname', `must be a DNS name, got ${JSON.stringify(spec.hostname)}`);
  }
  for (const f of ['cpus', 'memMb', 'diskMb'] as const) {
    const v = spec[f];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) bad(f, `must be a non-negative number, got ${v}`);
  }
  for (const [s, e] of spec.ports ?? []) {
    if (!Number.isInteger(s) || !Number.isInteger(e) || s > e) bad('ports', `bad range [${s}, ${e}]`);
  }
}
