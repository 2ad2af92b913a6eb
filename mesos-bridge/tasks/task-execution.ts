// One runTask in progress for one caller task id: find what the table knows (return a recorded
// outcome, reattach to a live attempt, or launch a new attempt), follow the attempt to its end,
// and turn that end into a RunResult or a typed error. Concurrent callers of the same id share it.
import type { Logger } from '../../common/log';
import type { AgentTracker } from '../agents/agent-tracker';
import { agentUrl } from '../agents/agent-view';
import { describeNeed } from '../offers/fit';
import type { OfferBook } from '../offers/offer-book';
import {
  AgentGoneError,
  BridgeClosedError,
  InvalidTaskError,
  OfferWaitTimeoutError,
  TaskCancelledError,
  TaskKilledError,
  TaskLaunchFailedError,
  TaskLostError,
  TaskTimeoutError,
} from './errors';
import { classifyEnd, type EndingStatus } from './outcome';
import type { TaskCalls } from './ports';
import type { Reconciler } from './reconciler';
import { type ProgressPhase, type RunResult, type TaskProgress } from './run-result';
import type { RunTaskSpec } from './run-input';
import { launchOperation } from './task-info';
import { attemptId } from './task-id';
import { attemptOver, completed, type TaskRecord } from './task-record';
import type { TaskTable } from './task-table';
import type { TaskUpdates } from './task-updates';
import { readTaskOutput } from './task-output';

export interface ExecutionContext {
  table: TaskTable;
  updates: TaskUpdates;
  book: OfferBook;
  calls: TaskCalls;
  reconciler: Reconciler;
  agents: AgentTracker;
  killWaitMs: number;
  outputCapBytes: number;
  logger?: Logger;
}

type StopReason = 'abort' | 'kill' | 'timeout' | 'close';

export class TaskExecution {
  private running: Promise<RunResult> | undefined;
  private stopReason: StopReason | undefined;
  private readonly stopListeners = new Set<() => void>();
  private readonly progressFns = new Set<(p: TaskProgress) => void>();
  private current: { mesosTaskId: string; agentId: string } | undefined;

  constructor(
    private readonly ctx: ExecutionContext,
    readonly spec: RunTaskSpec
  ) {}

  /** Starts the run (once; later calls return the same promise). */
  get promise(): Promise<RunResult> {
    this.running ??= this.run();
    return this.running;
  }

  onProgress(fn: (p: TaskProgress) => void): () => void {
    this.progressFns.add(fn);
    return () => this.progressFns.delete(fn);
  }

  /** Stops waiting; unless the bridge is closing, the running attempt is killed. */
  stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    if (reason !== 'close' && this.current) this.sendKill(this.current.mesosTaskId, this.current.agentId);
    for (const l of [...this.stopListeners]) l();
  }

  private async run(): Promise<RunResult> {
    const { table } = this.ctx;
    const prev = table.latest(this.spec.taskId);
    if (prev) {
      if (completed(prev)) return this.result(prev, 'recorded');
      if (prev.state === 'TASK_ERROR')
        throw new InvalidTaskError('task', prev.message ?? 'the master refused the task', this.spec.taskId);
      if (!attemptOver(prev.state)) {
        const r = await this.follow(prev, 'reattached');
        if (r) return r;
      } else if (prev.state === 'TASK_LOST' || prev.state === 'TASK_UNREACHABLE') {
        // It may come back; it must not run next to the new attempt.
        this.sendKill(prev.mesosTaskId, prev.agentId);
      }
    }
    for (;;) {
      const attempt = (table.latest(this.spec.taskId)?.attempt ?? 0) + 1;
      const launched = await this.launch(attempt);
      if (launched === 'retry') continue;
      const r = await this.follow(launched, 'launched');
      if (r) return r;
    }
  }

  /** Waits for a fitting offer and launches the attempt; 'retry' when the ACCEPT failed. */
  private launch(attempt: number): Promise<TaskRecord | 'retry'> {
    const { spec, ctx } = this;
    const mesosTaskId = attemptId(spec.taskId, attempt);
    this.progress('waiting-for-offer', mesosTaskId, attempt, undefined);
    return new Promise((resolve, reject) => {
      let settled = false;
      let record: TaskRecord | undefined;
      const cleanup = (): void => {
        settled = true;
        clearTimeout(timer);
        this.stopListeners.delete(onStop);
        handle.cancel();
      };
      const handle = ctx.book.add({
        hostname: spec.hostname,
        resources: spec.resources,
        urgent: spec.urgent,
        use: async (offer) => {
          const frameworkId = ctx.calls.frameworkId;
          if (frameworkId === undefined) throw new Error('no framework id yet');
          const now = Date.now();
          record = {
            mesosTaskId,
            taskId: spec.taskId,
            attempt,
            name: spec.name,
            hostname: spec.hostname,
            agentId: offer.agent_id.value,
            agentUrl: agentUrl(offer),
            frameworkId,
            state: 'LAUNCHING',
            createdAt: now,
            updatedAt: now,
          };
          // Persisted before the ACCEPT: a restarted bridge then knows the task may exist.
          await ctx.table.put(record);
          return [launchOperation(spec, mesosTaskId, offer)];
        },
        launched: (err) => {
          if (settled) {
            // Timed out or stopped while the ACCEPT was on its way: it must not run unattended.
            if (!err && record) this.sendKill(record.mesosTaskId, record.agentId);
            return;
          }
          cleanup();
          if (!err && record) {
            this.progress('launched', mesosTaskId, attempt, record.agentId);
            return resolve(record);
          }
          // The ACCEPT may or may not have been applied: go on under a fresh id (a stray first
          // attempt is killed as superseded); a failed table write is not retried here.
          if (record && err?.name !== 'TaskTableError') return resolve('retry');
          reject(err ?? new Error('launch failed'));
        },
      });
      const timer = setTimeout(() => {
        if (settled) return;
        const best = handle.bestSeen();
        cleanup();
        reject(
          new OfferWaitTimeoutError(
            spec.taskId,
            spec.hostname,
            spec.offerTimeoutMs,
            describeNeed(spec.resources),
            best ? describeNeed(best) : undefined
          )
        );
      }, spec.offerTimeoutMs);
      const onStop = (): void => {
        if (settled) return;
        cleanup();
        reject(this.stoppedError(undefined));
      };
      this.stopListeners.add(onStop);
      if (this.stopReason) onStop();
    });
  }

  /** Follows an attempt to its end; undefined when it turned out never to have started. */
  private async follow(rec: TaskRecord, source: 'launched' | 'reattached'): Promise<RunResult | undefined> {
    const wasLaunching = rec.state === 'LAUNCHING' && source === 'reattached';
    this.current = { mesosTaskId: rec.mesosTaskId, agentId: rec.agentId };
    if (this.stopReason && this.stopReason !== 'close') this.sendKill(rec.mesosTaskId, rec.agentId);
    let end: EndingStatus | undefined;
    try {
      end = await this.waitEnd(rec, source === 'reattached');
    } finally {
      this.current = undefined;
    }
    if (!end) throw this.stoppedError(false);
    if (this.stopReason === 'abort') throw new TaskCancelledError(this.spec.taskId, true);
    const now = this.ctx.table.get(rec.mesosTaskId) ?? rec;
    const kind = classifyEnd(end);
    if (kind.kind === 'completed') return this.result(now, source);
    if (kind.kind === 'invalid') throw new InvalidTaskError('task', kind.detail, this.spec.taskId);
    // A LAUNCHING row whose task the master never saw: launch it (again) under a fresh id.
    if (kind.kind === 'not-launched' || (wasLaunching && kind.kind !== 'launch-failed')) return undefined;
    const { taskId, hostname } = this.spec;
    switch (kind.kind) {
      case 'agent-gone':
        throw new AgentGoneError(taskId, hostname, now.agentId, end.state, kind.detail);
      case 'lost':
        if (this.agentReplaced(hostname, now.agentId))
          throw new AgentGoneError(taskId, hostname, now.agentId, end.state, kind.detail);
        throw new TaskLostError(taskId, hostname, end.state, kind.detail);
      case 'launch-failed':
        throw new TaskLaunchFailedError(taskId, hostname, kind.detail);
      case 'killed':
        throw this.stoppedError(true);
    }
  }

  /** The host is gone, or is back under another agent id than the attempt's. */
  private agentReplaced(hostname: string, agentId: string): boolean {
    const now = this.ctx.agents.get(hostname);
    return this.ctx.agents.isGone(hostname) || (now !== undefined && now.agentId !== agentId);
  }

  /** Resolves with the attempt's ending status, or undefined when stopped and no end came in time. */
  private waitEnd(rec: TaskRecord, reattach: boolean): Promise<EndingStatus | undefined> {
    const { ctx, spec } = this;
    return new Promise((resolve) => {
      let done = false;
      let killTimer: NodeJS.Timeout | undefined;
      const finish = (s: EndingStatus | undefined): void => {
        if (done) return;
        done = true;
        unwatch();
        clearTimeout(runTimer);
        clearTimeout(killTimer);
        this.stopListeners.delete(onStop);
        resolve(s);
      };
      const unwatch = ctx.updates.watch(rec.mesosTaskId, (status) => {
        if (status.state === 'TASK_RUNNING')
          this.progress('running', rec.mesosTaskId, rec.attempt, status.agent_id?.value ?? rec.agentId);
        if (attemptOver(status.state)) {
          const s: EndingStatus = { state: status.state };
          if (status.reason) s.reason = status.reason;
          if (status.message) s.message = status.message;
          finish(s);
        }
      });
      const runTimer = setTimeout(() => this.stop('timeout'), spec.timeoutMs);
      const onStop = (): void => {
        if (this.stopReason === 'close') return finish(undefined);
        killTimer ??= setTimeout(() => finish(undefined), ctx.killWaitMs);
      };
      this.stopListeners.add(onStop);
      const known = ctx.table.get(rec.mesosTaskId) ?? rec;
      if (attemptOver(known.state)) return finish(known);
      if (known.state === 'TASK_RUNNING') this.progress('running', rec.mesosTaskId, rec.attempt, known.agentId);
      if (reattach) ctx.reconciler.ask([known]);
      if (this.stopReason) onStop();
    });
  }

  /** The error for how this run was stopped (a kill we did not ask for is TaskKilledError). */
  private stoppedError(endedKilled: boolean | undefined): Error {
    const { taskId } = this.spec;
    switch (this.stopReason) {
      case 'abort':
        return new TaskCancelledError(taskId, endedKilled !== false);
      case 'timeout':
        return new TaskTimeoutError(taskId, this.spec.timeoutMs);
      case 'close':
        return new BridgeClosedError(taskId);
      case 'kill':
        return new TaskKilledError(taskId, endedKilled === undefined ? 'before it was launched' : 'by killTask');
      default:
        return new TaskKilledError(taskId, 'by someone else');
    }
  }

  private result(rec: TaskRecord, source: RunResult['source']): Promise<RunResult> {
    return readTaskOutput(rec, source, this.ctx);
  }

  private sendKill(mesosTaskId: string, agentId: string): void {
    this.ctx.calls
      .kill(mesosTaskId, agentId || undefined)
      .catch((err: unknown) => this.ctx.logger?.warn('KILL failed', { taskId: mesosTaskId, error: err }));
  }

  private progress(phase: ProgressPhase, mesosTaskId: string, attempt: number, agentId: string | undefined): void {
    const p: TaskProgress = { phase, taskId: this.spec.taskId, mesosTaskId, attempt, hostname: this.spec.hostname };
    if (agentId) p.agentId = agentId;
    for (const fn of this.progressFns) {
      try {
        fn(p);
      } catch (err) {
        this.ctx.logger?.warn('progress callback threw', { error: err });
      }
    }
  }
}
