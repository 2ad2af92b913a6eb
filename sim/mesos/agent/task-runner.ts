// Runs one command task the way the Mesos command executor does: sandbox with runs/latest, URIs
// fetched first, `sh -c` or exec, stdout/stderr files, STARTING → RUNNING → terminal state, and
// SIGTERM to the process group with SIGKILL after the grace period on kill.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, open, symlink, unlink } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { type CommandInfo, type TaskInfo, type TaskState, type TaskStatusReason } from '../json-form';
import { FetchError, fetchUri } from './fetcher';

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
  private child: ChildProcess | undefined;
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
    return this.child?.pid;
  }

  async start(): Promise<void> {
    // Async fs keeps the sandbox set-up off the event loop that serves the master and every agent.
    await mkdir(this.sandbox, { recursive: true });
    const latest = path.join(path.dirname(this.sandbox), 'latest');
    await unlink(latest).catch(() => undefined); // first run of this executor: no link yet
    await symlink(this.containerId, latest);
    try {
      for (const uri of this.ctx.command.uris ?? []) await fetchUri(uri, this.sandbox, this.ctx.fetchCa);
    } catch (e) {
      if (this.ending) return this.finishWithoutProcess();
      const message = `Failed to launch container: ${e instanceof FetchError ? e.message : String(e)}`;
      return this.finish('TASK_FAILED', { message, reason: 'REASON_CONTAINER_LAUNCH_FAILED', source: 'SOURCE_AGENT' });
    }
    if (this.ending) return this.finishWithoutProcess();
    await this.spawnProcess();
  }

  /** KILL: SIGTERM to the process group, SIGKILL after `graceMs`. */
  kill(graceMs: number): void {
    if (this.finished || this.ending) return;
    this.ending = 'killed';
    if (!this.child) return; // still fetching: start() notices the flag
    this.signal('SIGTERM');
    this.killTimer = setTimeout(() => this.signal('SIGKILL'), graceMs);
  }

  /** Fault injection: the process dies of SIGKILL and the executor reports TASK_FAILED. */
  fail(): void {
    if (this.finished) return;
    if (!this.child) return this.finish('TASK_FAILED', { message: 'Command terminated with signal Killed' });
    this.signal('SIGKILL');
  }

  /** Fault injection or agent death: the process is killed and no executor update follows. */
  lose(): void {
    if (this.finished) return;
    this.ending = 'lost';
    if (this.child) this.signal('SIGKILL');
    else this.finished = true;
  }

  private async spawnProcess(): Promise<void> {
    const { command } = this.ctx;
    const shell = command.shell ?? true;
    const [stdout, stderr] = await Promise.all([
      open(path.join(this.sandbox, 'stdout'), 'a'),
      open(path.join(this.sandbox, 'stderr'), 'a'),
    ]);
    if (this.ending) {
      // killed or lost while the sandbox files were opening
      await Promise.all([stdout.close(), stderr.close()]);
      return this.finishWithoutProcess();
    }
    const env = this.environment();
    const [file, args, argv0] = shell
      ? ['/bin/sh', ['-c', command.value ?? ''], undefined]
      : [command.value ?? '', (command.arguments ?? []).slice(1), command.arguments?.[0]];
    this.ctx.emit('TASK_STARTING', {});
    const child = spawn(file, args, {
      cwd: this.sandbox,
      env,
      detached: true,
      stdio: ['ignore', stdout.fd, stderr.fd],
      argv0,
    });
    void Promise.all([stdout.close(), stderr.close()]);
    this.child = child;
    let spawned = false;
    child.on('spawn', () => {
      spawned = true;
      if (!this.ending) this.ctx.emit('TASK_RUNNING', {});
      else this.signal('SIGKILL');
    });
    child.on('error', (e) => {
      if (spawned) return;
      this.finish('TASK_FAILED', { message: `Failed to execute '${file}': ${e.message}` });
      this.ctx.exited(undefined);
    });
    child.on('exit', (code, signal) => this.onExit(code, signal));
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
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // the group is already gone
    }
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
