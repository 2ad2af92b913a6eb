// One simulated Mesos agent: identity (hostname, ip, OS), resources, block devices, and the tasks
// it runs. The master drives it through plain method calls; it reports back through AgentMasterLink.
import { randomBytes } from 'node:crypto';
import {
  type Attribute,
  type CommandInfo,
  type TaskInfo,
  type TaskState,
  type TaskStatus,
  type TaskStatusReason,
  type TaskStatusSource,
  TERMINAL_STATES,
} from '../json-form';
import { type AgentSpec, type BlockDevice, type TaskEnvContext } from '../options';
import { type ResourceBag, addBags, emptyBag, subtractBags } from '../resources';
import { type TaskLog, type TaskLogEntry } from '../task-log';
import { buildAttributes } from './attributes';
import { type TaskLauncher } from './launcher/task-launcher';
import { StatusUpdateManager } from './status-updates';
import { TaskRunner } from './task-runner';

export type AgentStatus = 'connected' | 'unreachable' | 'down' | 'removed';

export interface AgentMasterLink {
  statusUpdate(agent: SimAgent, frameworkId: string, status: TaskStatus, latest: TaskStatus): void;
  terminalAcknowledged(agent: SimAgent, frameworkId: string, taskId: string): void;
  resourcesRecovered(agent: SimAgent): void;
  executorExited(agent: SimAgent, frameworkId: string, executorId: string, waitStatus: number | undefined): void;
}

export interface AgentEnvironment {
  workDir: string;
  retryMs: number;
  retryMaxMs: number;
  fetchCa: string | Buffer | undefined;
  taskEnv: (ctx: TaskEnvContext) => Record<string, string>;
  pathPrefix: () => string[];
  taskLog: TaskLog;
  /** The cluster's launcher process, which makes sandboxes and runs task processes. */
  launcher: TaskLauncher;
}

export interface AgentTask {
  frameworkId: string;
  task: TaskInfo;
  role: string;
  resources: ResourceBag;
  runner: TaskRunner;
  state: TaskState;
  log: TaskLogEntry;
}

const MAX_COMPLETED = 1000;
const taskKey = (fid: string, tid: string): string => `${fid}\u0000${tid}`;

export class SimAgent {
  readonly hostname: string;
  readonly ip: string;
  readonly total: ResourceBag;
  readonly blockDevices: BlockDevice[];
  readonly attributes: Attribute[];
  id: string;
  /** Agent ids this node had before (sandboxes under them stay readable). */
  readonly previousIds: string[] = [];
  status: AgentStatus = 'connected';
  used: ResourceBag = emptyBag();
  /** Port of this agent's HTTP API (/files/*, /state); set once its server listens. */
  httpPort = 0;
  registeredAt = Date.now() / 1000;
  readonly tasks = new Map<string, AgentTask>();
  readonly completedTasks: AgentTask[] = [];
  private readonly updates: StatusUpdateManager;

  constructor(
    readonly spec: AgentSpec,
    id: string,
    private readonly env: AgentEnvironment,
    private readonly link: AgentMasterLink
  ) {
    this.id = id;
    this.hostname = spec.hostname;
    this.ip = spec.ip ?? '127.0.0.1';
    this.total = {
      cpus: spec.cpus ?? 4,
      mem: spec.memMb ?? 8192,
      disk: spec.diskMb ?? 65536,
      ports: spec.ports ?? [[31000, 32000]],
    };
    this.blockDevices = spec.blockDevices ?? [];
    this.attributes = buildAttributes(spec);
    this.updates = new StatusUpdateManager(
      {
        forward: (fid, status, latest) => this.link.statusUpdate(this, fid, status, latest),
        terminalAcknowledged: (fid, tid) => this.onTerminalAcked(fid, tid),
      },
      env.retryMs,
      env.retryMaxMs,
      (s) => TERMINAL_STATES.has(s.state)
    );
  }

  get free(): ResourceBag {
    return subtractBags(this.total, this.used);
  }

  get endpoint(): string {
    return `127.0.0.1:${this.httpPort}`;
  }

  /** Knows every sandbox root this node has had, for the files API. */
  allIds(): string[] {
    return [this.id, ...this.previousIds];
  }

  task(frameworkId: string, taskId: string): AgentTask | undefined {
    return this.tasks.get(taskKey(frameworkId, taskId));
  }

  launch(frameworkId: string, task: TaskInfo, command: CommandInfo, role: string, resources: ResourceBag): void {
    this.used = addBags(this.used, resources);
    const tid = task.task_id.value;
    const commandText =
      command.shell === false
        ? [command.value ?? '', ...(command.arguments ?? []).slice(1)].join(' ')
        : (command.value ?? '');
    const log = this.env.taskLog.record({
      time: Date.now(),
      frameworkId,
      taskId: tid,
      name: task.name,
      hostname: this.hostname,
      agentId: this.id,
      command: commandText,
    });
    const entry: AgentTask = {
      frameworkId,
      task,
      role,
      resources,
      state: 'TASK_STAGING',
      log,
      runner: undefined as unknown as TaskRunner,
    };
    const ctx = { hostname: this.hostname, agentId: this.id, frameworkId, taskId: tid };
    entry.runner = new TaskRunner({
      workDir: this.env.workDir,
      agentId: this.id,
      agentEndpoint: this.endpoint,
      frameworkId,
      role,
      task,
      command,
      env: this.env.taskEnv(ctx),
      pathPrefix: this.env.pathPrefix(),
      fetchCa: this.env.fetchCa,
      launcher: this.env.launcher,
      emit: (state, extra) => this.onRunnerState(entry, state, extra),
      exited: (ws) => this.link.executorExited(this, frameworkId, tid, ws),
    });
    this.tasks.set(taskKey(frameworkId, tid), entry);
    entry.runner.start().catch((e: Error) =>
      this.onRunnerState(entry, 'TASK_FAILED', {
        message: e.message,
        source: 'SOURCE_AGENT',
        reason: 'REASON_CONTAINER_LAUNCH_FAILED',
      })
    );
  }

  kill(frameworkId: string, taskId: string, graceMs: number): boolean {
    const t = this.task(frameworkId, taskId);
    if (!t || TERMINAL_STATES.has(t.state)) return false;
    t.runner.kill(graceMs);
    return true;
  }

  acknowledge(frameworkId: string, taskId: string, uuid: string): boolean {
    return this.updates.acknowledge(frameworkId, taskId, uuid);
  }

  /** Fault: the task's process dies with SIGKILL; the executor reports TASK_FAILED. */
  failTask(frameworkId: string, taskId: string): boolean {
    const t = this.task(frameworkId, taskId);
    if (!t || TERMINAL_STATES.has(t.state)) return false;
    t.runner.fail();
    return true;
  }

  /** Fault: the executor vanishes; the agent reports TASK_LOST (or TASK_GONE if partition-aware). */
  loseTask(frameworkId: string, taskId: string, partitionAware: boolean): boolean {
    const t = this.task(frameworkId, taskId);
    if (!t || TERMINAL_STATES.has(t.state)) return false;
    t.runner.lose();
    this.onRunnerState(t, partitionAware ? 'TASK_GONE' : 'TASK_LOST', {
      message: 'Executor terminated',
      reason: 'REASON_EXECUTOR_TERMINATED',
      source: 'SOURCE_AGENT',
    });
    return true;
  }

  /** The agent process dies: every task process dies with it, pending updates are lost. */
  crash(): void {
    for (const t of this.tasks.values()) {
      t.runner.lose();
      this.complete(t, 'TASK_LOST');
    }
    this.tasks.clear();
    this.updates.clear();
    this.used = emptyBag();
    this.status = 'down';
  }

  /** Comes back after a crash, optionally under a new agent id (as after a reboot). */
  restart(newId?: string): void {
    if (newId && newId !== this.id) {
      this.previousIds.push(this.id);
      this.id = newId;
    }
    this.status = 'connected';
    this.registeredAt = Date.now() / 1000;
  }

  partition(): void {
    this.status = 'unreachable';
  }

  heal(): void {
    this.status = 'connected';
    this.updates.resendAll();
  }

  /** The framework is gone: kill its tasks silently and forget its updates. */
  removeFramework(frameworkId: string): void {
    this.updates.dropFramework(frameworkId);
    for (const [k, t] of this.tasks) {
      if (t.frameworkId !== frameworkId) continue;
      t.runner.lose();
      if (!TERMINAL_STATES.has(t.state)) this.used = subtractBags(this.used, t.resources);
      this.complete(t, 'TASK_KILLED');
      this.tasks.delete(k);
    }
    this.link.resourcesRecovered(this);
  }

  /** Stops every process (simulator shutdown). */
  shutdown(): void {
    for (const t of this.tasks.values()) t.runner.lose();
    this.updates.clear();
  }

  private onRunnerState(
    entry: AgentTask,
    state: TaskState,
    extra: { message?: string; reason?: TaskStatusReason; source?: TaskStatusSource }
  ): void {
    if (TERMINAL_STATES.has(entry.state)) return;
    entry.state = state;
    const status: TaskStatus = {
      task_id: { value: entry.task.task_id.value },
      state,
      source: extra.source ?? 'SOURCE_EXECUTOR',
      agent_id: { value: this.id },
      executor_id: { value: entry.runner.executorId },
      timestamp: Date.now() / 1000,
      uuid: randomBytes(16).toString('base64'),
      container_status: { container_id: { value: entry.runner.containerId } },
    };
    if (extra.message !== undefined) status.message = extra.message;
    if (extra.reason !== undefined) status.reason = extra.reason;
    if (TERMINAL_STATES.has(state)) {
      entry.log.finalState = state;
      entry.log.exitCode = entry.runner.exitCode;
      entry.log.endTime = Date.now();
      this.used = subtractBags(this.used, entry.resources);
    }
    this.updates.update(entry.frameworkId, status);
    if (TERMINAL_STATES.has(state)) this.link.resourcesRecovered(this);
  }

  private onTerminalAcked(frameworkId: string, taskId: string): void {
    const t = this.task(frameworkId, taskId);
    if (t) {
      this.tasks.delete(taskKey(frameworkId, taskId));
      this.complete(t, t.state);
    }
    this.link.terminalAcknowledged(this, frameworkId, taskId);
  }

  private complete(t: AgentTask, state: TaskState): void {
    if (!TERMINAL_STATES.has(t.state)) {
      t.state = state;
      t.log.finalState = state;
      t.log.endTime = Date.now();
    }
    this.completedTasks.push(t);
    // Bounded like the agent's --max_completed_tasks_per_executor history.
    if (this.completedTasks.length > MAX_COMPLETED) this.completedTasks.shift();
  }
}
