// The simulator's handle on its task launcher process: started on the first launch (a cluster that
// never runs a task never forks), keeps the event loop alive only while tasks are in flight, and on
// close() waits until the launcher and every task process it started have been reaped.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { type LauncherReply, type LauncherRequest, type RunRequest } from './launcher-protocol';

const SCRIPT = path.join(__dirname, 'launcher-process.js');

export interface RunHandlers {
  spawned(pid: number): void;
  /** The task never ran; `stage` says whether the sandbox or the exec failed. */
  failed(stage: 'sandbox' | 'exec', message: string): void;
  exit(code: number | null, signal: NodeJS.Signals | null): void;
}

export type RunSpec = Omit<RunRequest, 't' | 'id'>;

interface Pending {
  run?: RunHandlers;
  prepare?: { resolve: () => void; reject: (e: Error) => void };
  spawned: boolean;
}

export class LauncherClosedError extends Error {}

export class TaskLauncher {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  /** Creates a sandbox (and its `runs/latest` link) ahead of a run, for tasks that fetch URIs first. */
  prepare(sandbox: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new LauncherClosedError('the task launcher is closed'));
      const id = this.nextId++;
      this.pending.set(id, { prepare: { resolve, reject }, spawned: false });
      this.send({ t: 'prepare', id, sandbox });
    });
  }

  /** Starts a task process; returns the id that `signal` takes. */
  run(spec: RunSpec, handlers: RunHandlers): number {
    const id = this.nextId++;
    if (this.closed) {
      queueMicrotask(() => handlers.failed('sandbox', 'the task launcher is closed'));
      return id;
    }
    this.pending.set(id, { run: handlers, spawned: false });
    this.send({ t: 'run', id, ...spec });
    return id;
  }

  /** Signals the task's process group, if its process is still running. */
  signal(id: number, sig: NodeJS.Signals): void {
    if (this.pending.get(id)?.spawned) this.send({ t: 'signal', id, sig });
  }

  /** Kills what is still running and waits until the launcher has exited and reaped its children. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (child?.connected) {
      child.ref();
      child.disconnect();
    }
    await this.exited;
  }

  private send(msg: LauncherRequest): void {
    const child = this.child ?? this.start();
    child.send(msg);
    this.holdLoop();
  }

  private start(): ChildProcess {
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // no TypeScript loader or profiler flags in the launcher
    const child = fork(SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], env });
    child.unref();
    child.on('message', (m: LauncherReply) => this.onReply(m));
    // A send to a launcher that is going away fails here; its exit then fails whatever was in flight.
    child.on('error', () => undefined);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => this.onLauncherExit(child));
    this.child = child;
    return child;
  }

  /** The IPC channel keeps the simulator alive only while some task is in flight, as a child would. */
  private holdLoop(): void {
    const channel = this.child?.channel;
    if (!channel) return;
    if (this.pending.size > 0) channel.ref();
    else channel.unref();
  }

  private onReply(m: LauncherReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    switch (m.t) {
      case 'prepared':
        this.pending.delete(m.id);
        p.prepare?.resolve();
        break;
      case 'spawned':
        p.spawned = true;
        p.run?.spawned(m.pid);
        break;
      case 'failed':
        this.pending.delete(m.id);
        p.prepare?.reject(new Error(m.message));
        p.run?.failed(m.stage, m.message);
        break;
      case 'exit':
        this.pending.delete(m.id);
        p.run?.exit(m.code, m.signal);
        break;
    }
    this.holdLoop();
  }

  /** Closed, or died: whatever was in flight ends (a running task as killed) and a later launch starts anew. */
  private onLauncherExit(child: ChildProcess): void {
    if (this.child === child) this.child = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      p.prepare?.reject(new LauncherClosedError('the task launcher exited'));
      if (p.spawned) p.run?.exit(null, 'SIGKILL');
      else p.run?.failed('sandbox', 'the task launcher exited');
    }
  }
}
