// Runs one command task the way the Mesos command executor does: sandbox with runs/latest, URIs
// fetched first, `sh -c` or exec, stdout/stderr files, STARTING → RUNNING → terminal state, and
// SIGTERM to the process group with SIGKILL after the grace period on kill. The sandbox and the
// process itself are made by the cluster's launcher process (see launcher/task-launcher.ts).
import { randomUUID } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { type CommandInfo, type TaskInfo, type TaskState, type TaskStatusReason } from '../json-form';
import { FetchError, fetchUri } from './fetcher';
import { type TaskLauncher } from './launcher/task-launcher';

export interface RunnerEmit {
  (
    state: TaskState,
    extra: { message?: string; reason?: TaskStatusReason; source?: 'SOURCE_EXECUTOR' | 'SOURCE_AGENT' }
  ): void;
}

export interface RunnerContext {
  workDir: string;
  agentId: string;
  /** host:port of the agent's HTTP API. */
  agentEndpoint: string;
  frameworkId: string;
  role: string;
  task: TaskInfo;
  command: CommandInfo;
  env: Record<string, string>;
  pathPrefix: string[];
  fetchCa: string | Buffer | undefined;
  launcher: TaskLauncher;
  /** Called with every state change; terminal states end the run. */
  emit: RunnerEmit;
  /** Called once the process is gone, with its raw wait status (for the FAILURE event). */
  exited: (waitStatus: number | undefined) => void;
}

type Ending = 'killed' | 'lost' | undefined;

export class TaskRunner {
  readonly containerId = randomUUID();
  readonly executorId: string;
  readonly sandbox: string;
  readonly startedAt = Date.now();
  exitCode: number | undefined;
  finished = false;
  /** Launcher id of the process once it was asked for; `pid` once it runs, until it exits. */
  private launchId: number | undefined;
  private processPid: number | undefined;
  private running = false;
  /** A signal asked for before the process ran; delivered as soon as it does. */
  private pendingSignal: NodeJS.Signals | undefined;
  private ending: Ending;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: RunnerContext) {
    this.executorId = ctx.task.task_id.value;
    this.sandbox = path.join(
      ctx.workDir,
      'slaves',
      ctx.agentId,
      'frameworks',
      ctx.frameworkId,
      'executors',
      this.executorId,
      'runs',
      this.containerId
    );
  }

  get pid(): number | undefined {
    return this.processPid;
  }

  /** Resolves once the process runs (or the task ended without one); rejects if the sandbox cannot be made. */
  async start(): Promise<void> {
    const uris = this.ctx.command.uris ?? [];
    if (uris.length > 0) {
      await this.ctx.launcher.prepare(this.sandbox);
      try {
        for (const uri of uris) await fetchUri(uri, this.sandbox, this.ctx.fetchCa);
      } catch (e) {
        if (this.ending) return this.finishWithoutProcess();
        const message = `Failed to launch container: ${e instanceof FetchError ? e.message : String(e)}`;
        return this.finish('TASK_FAILED', {
          message,
          reason: 'REASON_CONTAINER_LAUNCH_FAILED',
          source: 'SOURCE_AGENT',
        });
      }
    }
    if (this.ending) return this.finishWithoutProcess();
    if (this.finished) return; // failed while fetching
    await this.launch(uris.length === 0);
  }

  /** KILL: SIGTERM to the process group, SIGKILL after `graceMs`. */
  kill(graceMs: number): void {
    if (this.finished || this.ending) return;
    this.ending = 'killed';
    if (this.launchId === undefined) return; // still fetching: start() notices the flag
    this.signal('SIGTERM');
    this.killTimer = setTimeout(() => this.signal('SIGKILL'), graceMs);
  }

  /** Fault injection: the process dies of SIGKILL and the executor reports TASK_FAILED. */
  fail(): void {
    if (this.finished) return;
    if (this.launchId === undefined)
      return this.finish('TASK_FAILED', { message: 'Command terminated with signal Killed' });
    this.signal('SIGKILL');
  }

  /** Fault injection or agent death: the process is killed and no executor update follows. */
  lose(): void {
    if (this.finished) return;
    this.ending = 'lost';
    if (this.launchId !== undefined) this.signal('SIGKILL');
    else this.finished = true;
  }

  private launch(prepare: boolean): Promise<void> {
    const { command } = this.ctx;
    const shell = command.shell ?? true;
    const [file, args, argv0] = shell
      ? ['/bin/sh', ['-c', command.value ?? ''], undefined]
      : [command.value ?? '', (command.arguments ?? []).slice(1), command.arguments?.[0]];
    const spec = { sandbox: this.sandbox, prepare, file, args, argv0, env: this.environment() };
    return new Promise((resolve, reject) => {
      this.launchId = this.ctx.launcher.run(spec, {
        spawned: (pid) => {
          this.processPid = pid;
          this.running = true;
          // STARTING once the sandbox exists, RUNNING once the process does, as the command executor reports.
          if (this.ending !== 'lost') this.ctx.emit('TASK_STARTING', {});
          if (!this.ending) this.ctx.emit('TASK_RUNNING', {});
          if (this.pendingSignal) this.signal(this.pendingSignal);
          resolve();
        },
        failed: (stage, message) => {
          if (stage === 'sandbox') return reject(new Error(message));
          if (this.ending !== 'lost') this.ctx.emit('TASK_STARTING', {});
          this.finish('TASK_FAILED', { message: `Failed to execute '${file}': ${message}` });
          this.ctx.exited(undefined);
          resolve();
        },
        exit: (code, signal) => {
          this.running = false;
          this.onExit(code, signal);
          resolve();
        },
      });
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(this.killTimer);
    const sigNum = signal ? (osConstants.signals[signal] ?? 0) : 0;
    const waitStatus = signal ? sigNum : (code ?? 0) << 8;
    this.exitCode = code ?? undefined;
    const how = signal ? `terminated with signal ${signalName(signal)}` : `exited with status ${code}`;
    if (this.ending === 'lost') {
      this.finished = true;
    } else if (this.ending === 'killed') {
      this.finish('TASK_KILLED', { message: `Command ${how}` });
    } else if (code === 0) {
      this.finish('TASK_FINISHED', { message: 'Command exited with status 0' });
    } else {
      this.finish('TASK_FAILED', { message: `Command ${how}` });
    }
    this.ctx.exited(waitStatus);
  }

  private finishWithoutProcess(): void {
    if (this.ending === 'lost') {
      this.finished = true;
      return;
    }
    this.finish('TASK_KILLED', {
      message: 'Task killed during launch',
      reason: 'REASON_TASK_KILLED_DURING_LAUNCH',
      source: 'SOURCE_AGENT',
    });
  }

  private finish(state: TaskState, extra: Parameters<RunnerEmit>[1]): void {
    if (this.finished) return;
    this.finished = true;
    this.ctx.emit(state, extra);
  }

  private signal(sig: NodeJS.Signals): void {
    if (this.launchId === undefined) return;
    if (this.running) this.ctx.launcher.signal(this.launchId, sig);
    else if (this.processPid === undefined) this.pendingSignal = sig; // asked for, not yet running
  }

  private environment(): Record<string, string> {
    const { ctx } = this;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, ctx.env, {
      MESOS_SANDBOX: this.sandbox,
      MESOS_DIRECTORY: this.sandbox,
      MESOS_FRAMEWORK_ID: ctx.frameworkId,
      MESOS_EXECUTOR_ID: this.executorId,
      MESOS_SLAVE_ID: ctx.agentId,
      MESOS_AGENT_ENDPOINT: ctx.agentEndpoint,
      MESOS_ALLOCATION_ROLE: ctx.role,
    });
    for (const v of ctx.command.environment?.variables ?? []) env[v.name] = v.value ?? '';
    if (ctx.pathPrefix.length > 0) env.PATH = [...ctx.pathPrefix, env.PATH ?? '/usr/bin:/bin'].join(':');
    return env;
  }
}

const SIGNAL_NAMES: Record<string, string> = {
  SIGTERM: 'Terminated',
  SIGKILL: 'Killed',
  SIGINT: 'Interrupt',
  SIGHUP: 'Hangup',
  SIGSEGV: 'Segmentation fault',
  SIGABRT: 'Aborted',
};

function signalName(sig: NodeJS.Signals): string {
  return SIGNAL_NAMES[sig] ?? sig;
}
