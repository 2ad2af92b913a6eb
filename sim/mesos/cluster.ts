// The simulated Mesos cluster in one process: a master on 127.0.0.1 plus agents, each agent with
// its own HTTP port, and the fault controls tests and the world runner use.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type AgentEnvironment, SimAgent } from './agent/agent';
import { startAgentServer } from './agent/agent-http';
import { TaskLauncher } from './agent/launcher/task-launcher';
import {
  type AgentSpec,
  type MesosSimOptions,
  type TaskEnvContext,
  resolveOptions,
  SimOptionError,
  validateAgentSpec,
} from './options';
import { agentBack, agentLink, agentLost } from './master/agent-events';
import { MasterCore } from './master/core';
import { handleMasterRequest } from './master/http';
import { agentStateJson, masterStateJson } from './state-json';
import { type TaskLogEntry } from './task-log';

export class SimMesosCluster {
  readonly url: string;
  private readonly agentServers = new Map<SimAgent, http.Server>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** One launcher process per cluster forks every task, so this (large) process never does. */
  private readonly launcher = new TaskLauncher();
  private allocationTimer: NodeJS.Timeout | undefined;
  private taskEnv: MesosSimOptions['taskEnv'];
  private pathPrefix: string[];
  private closed = false;

  private constructor(
    readonly core: MasterCore,
    private readonly server: http.Server,
    private readonly ownsWorkDir: boolean,
    opts: MesosSimOptions
  ) {
    this.url = `http://127.0.0.1:${core.port}`;
    this.taskEnv = opts.taskEnv;
    this.pathPrefix = opts.pathPrefix ?? [];
  }

  static async start(opts: MesosSimOptions = {}): Promise<SimMesosCluster> {
    const resolved = resolveOptions(opts);
    for (const spec of opts.agents ?? []) validateAgentSpec(spec);
    const workDir = opts.workDir ?? mkdtempSync(path.join(os.tmpdir(), 'sim-mesos-'));
    const core = new MasterCore(resolved, opts.masterId ?? randomUUID(), workDir);
    const server = http.createServer((req, res) => handleMasterRequest(core, req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, '127.0.0.1', () => resolve());
    });
    core.port = (server.address() as AddressInfo).port;
    const cluster = new SimMesosCluster(core, server, opts.workDir === undefined, opts);
    for (const spec of opts.agents ?? []) await cluster.addAgent(spec);
    cluster.allocationTimer = setInterval(() => core.allocateNow(), resolved.allocationIntervalMs);
    return cluster;
  }

  get port(): number {
    return this.core.port;
  }

  get masterId(): string {
    return this.core.masterId;
  }

  get workDir(): string {
    return this.core.workDir;
  }

  /** Replaces the extra task environment (e.g. once the sim control URL is known). */
  setTaskEnvironment(env: MesosSimOptions['taskEnv'], pathPrefix?: string[]): void {
    this.taskEnv = env;
    if (pathPrefix) this.pathPrefix = pathPrefix;
  }

  async addAgent(spec: AgentSpec): Promise<SimAgent> {
    validateAgentSpec(spec);
    if (this.core.agentsByHost.has(spec.hostname))
      throw new SimOptionError('addAgent.hostname', `agent ${spec.hostname} already exists`);
    const env: AgentEnvironment = {
      workDir: this.core.workDir,
      retryMs: this.core.opts.statusUpdateRetryMs,
      retryMaxMs: this.core.opts.statusUpdateRetryMaxMs,
      fetchCa: this.core.opts.fetchCa,
      taskEnv: (ctx: TaskEnvContext) => (typeof this.taskEnv === 'function' ? this.taskEnv(ctx) : (this.taskEnv ?? {})),
      pathPrefix: () => this.pathPrefix,
      taskLog: this.core.taskLog,
      launcher: this.launcher,
    };
    const agent = new SimAgent(spec, this.core.newAgentId(), env, agentLink(this.core));
    const server = await startAgentServer(agent, this.core.workDir, () =>
      agentStateJson(agent, this.core.workDir, `127.0.0.1:${this.core.port}`)
    );
    this.agentServers.set(agent, server);
    this.core.agentsByHost.set(agent.hostname, agent);
    this.core.agentsById.set(agent.id, agent);
    this.core.scheduleAllocation();
    return agent;
  }

  agent(hostname: string): SimAgent {
    const a = this.core.agentsByHost.get(hostname);
    if (!a) throw new SimOptionError('hostname', `no agent named ${hostname}`);
    return a;
  }

  agents(): SimAgent[] {
    return [...this.core.agentsByHost.values()];
  }

  /** The agent process dies: tasks die, offers are rescinded, frameworks see LOST/UNREACHABLE and FAILURE. */
  killAgent(hostname: string): void {
    const a = this.agent(hostname);
    if (a.status === 'down') return;
    const wasConnected = a.status === 'connected';
    a.crash();
    if (wasConnected) agentLost(this.core, a, false);
  }

  /** Brings a dead (or live) agent back; `newAgentId` re-registers it under a fresh id. */
  restartAgent(hostname: string, options: { newAgentId?: boolean } = {}): void {
    const a = this.agent(hostname);
    if (a.status !== 'down') this.killAgent(hostname);
    const previous = a.id;
    a.restart(options.newAgentId ? this.core.newAgentId() : undefined);
    agentBack(this.core, a, previous);
  }

  /** The agent is cut off from the master; its tasks keep running. */
  partitionAgent(hostname: string): void {
    const a = this.agent(hostname);
    if (a.status !== 'connected') return;
    a.partition();
    agentLost(this.core, a, false);
  }

  /** Ends a partition: the agent re-registers and re-sends its unacknowledged updates. */
  healAgent(hostname: string): void {
    const a = this.agent(hostname);
    if (a.status !== 'unreachable') return;
    agentBack(this.core, a, a.id);
    a.heal();
  }

  /** Disconnects the agent, then after `delayMs` brings it back under a new agent id (as after a reboot). */
  rebootAgent(hostname: string, delayMs: number): Promise<void> {
    this.killAgent(hostname);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (!this.closed) this.restartAgent(hostname, { newAgentId: true });
        resolve();
      }, delayMs);
      this.timers.add(t);
    });
  }

  /** The operator removes the agent for good (tasks GONE_BY_OPERATOR / LOST). */
  async removeAgent(hostname: string): Promise<void> {
    const a = this.agent(hostname);
    if (a.status === 'connected' || a.status === 'unreachable') agentLost(this.core, a, true);
    a.crash();
    a.status = 'removed';
    this.core.retiredAgents.set(a.id, 'gone');
    this.core.agentsByHost.delete(hostname);
    this.core.agentsById.delete(a.id);
    const server = this.agentServers.get(a);
    this.agentServers.delete(a);
    if (server) await closeServer(server);
  }

  /** The task's process dies of SIGKILL (TASK_FAILED). Returns false if no such live task. */
  failTask(taskId: string, frameworkId?: string): boolean {
    const found = this.findTask(taskId, frameworkId);
    return found ? found.agent.failTask(found.frameworkId, taskId) : false;
  }

  /** The task's executor vanishes (TASK_LOST, or TASK_GONE for partition-aware frameworks). */
  loseTask(taskId: string, frameworkId?: string): boolean {
    const found = this.findTask(taskId, frameworkId);
    if (!found) return false;
    const pa = this.core.frameworks.get(found.frameworkId)?.partitionAware ?? false;
    return found.agent.loseTask(found.frameworkId, taskId, pa);
  }

  /** Cuts the framework's subscription connection, as a network fault would. */
  dropStream(frameworkId: string): boolean {
    const fw = this.core.frameworks.get(frameworkId);
    if (!fw?.stream?.isOpen) return false;
    fw.stream.drop();
    return true;
  }

  /**
   * Makes this master a non-leader that redirects (307) to `leaderUrl`, closing every subscription;
   * `null` makes it the leader again.
   */
  setLeader(leaderUrl: string | null): void {
    if (leaderUrl === null) {
      this.core.leader = undefined;
      this.core.scheduleAllocation();
      return;
    }
    this.core.leader = new URL(leaderUrl);
    this.core.cancelAllocation();
    for (const fw of this.core.frameworks.values()) {
      this.core.removeOffersOf(fw);
      fw.stream?.drop();
    }
  }

  taskLog(): readonly TaskLogEntry[] {
    return this.core.taskLog.all();
  }

  state(): Record<string, unknown> {
    return masterStateJson(this.core);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.allocationTimer);
    this.core.cancelAllocation();
    for (const t of this.timers) clearTimeout(t);
    for (const fw of this.core.frameworks.values()) {
      clearTimeout(fw.failoverTimer);
      fw.stream?.end();
    }
    this.core.offers.clear();
    for (const a of this.core.agentsByHost.values()) a.shutdown();
    await Promise.all([
      this.launcher.close(),
      closeServer(this.server),
      ...[...this.agentServers.values()].map(closeServer),
    ]);
    if (this.ownsWorkDir) rmSync(this.core.workDir, { recursive: true, force: true });
  }

  private findTask(taskId: string, frameworkId?: string): { agent: SimAgent; frameworkId: string } | undefined {
    for (const agent of this.core.agentsByHost.values()) {
      for (const t of agent.tasks.values()) {
        if (t.task.task_id.value === taskId && (frameworkId === undefined || t.frameworkId === frameworkId)) {
          return { agent, frameworkId: t.frameworkId };
        }
      }
    }
    return undefined;
  }
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts a simulated master (and its agents) on 127.0.0.1. */
export function startMesosMaster(opts: MesosSimOptions = {}): Promise<SimMesosCluster> {
  return SimMesosCluster.start(opts);
}
