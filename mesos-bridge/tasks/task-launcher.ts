// runTask / killTask over the task table, the offer book and the update stream. One execution per
// caller task id at a time; a second runTask with the same id joins the one in progress.
import type { Logger } from '../../common/log';
import { BridgeClosedError, TaskCancelledError } from './errors';
import { checkRunInput, type RunTaskInput } from './run-input';
import type { RunResult, RunTaskOptions } from './run-result';
import { checkTaskId } from './task-id';
import { TaskExecution, type ExecutionContext } from './task-execution';
import { attemptOver } from './task-record';

export interface LauncherDefaults {
  timeoutMs: number;
  offerTimeoutMs: number;
}

export class TaskLauncher {
  private readonly inflight = new Map<string, TaskExecution>();
  private closed = false;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly defaults: LauncherDefaults,
    private readonly logger?: Logger
  ) {}

  async runTask(input: RunTaskInput, options: RunTaskOptions = {}): Promise<RunResult> {
    const spec = checkRunInput(input, this.defaults);
    if (this.closed) throw new BridgeClosedError(spec.taskId);
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new TaskCancelledError(spec.taskId, true);
    if (options.detach?.aborted) throw new BridgeClosedError(spec.taskId);
    const ex = this.inflight.get(spec.taskId);
    if (!ex) {
      const created = new TaskExecution(this.ctx, spec);
      this.inflight.set(spec.taskId, created);
      const forget = (): void => {
        if (this.inflight.get(spec.taskId) === created) this.inflight.delete(spec.taskId);
      };
      this.logger?.info('runTask', { taskId: spec.taskId, hostname: spec.hostname });
      // Progress listeners first, so the first phase is not missed.
      const stopProgress = onProgress ? created.onProgress(onProgress) : undefined;
      created.promise.then(forget, forget);
      return this.waitFor(created, options, stopProgress);
    }
    return this.waitFor(ex, options, onProgress ? ex.onProgress(onProgress) : undefined);
  }

  private async waitFor(
    execution: TaskExecution,
    { signal, detach }: RunTaskOptions,
    stopProgress: (() => void) | undefined
  ): Promise<RunResult> {
    const onAbort = (): void => execution.stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    let onDetach: (() => void) | undefined;
    const detached = new Promise<never>((_, reject) => {
      onDetach = () => reject(new BridgeClosedError(execution.spec.taskId));
      detach?.addEventListener('abort', onDetach, { once: true });
    });
    try {
      return await Promise.race([execution.promise, detached]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (onDetach) detach?.removeEventListener('abort', onDetach);
      stopProgress?.();
    }
  }

  /** Kills the task's live attempt; false when nothing of it is running or waiting. */
  async killTask(taskId: string): Promise<boolean> {
    checkTaskId(taskId);
    const ex = this.inflight.get(taskId);
    if (ex) {
      ex.stop('kill');
      return true;
    }
    const rec = this.ctx.table.latest(taskId);
    if (!rec || attemptOver(rec.state)) return false;
    await this.ctx.calls.kill(rec.mesosTaskId, rec.agentId || undefined);
    return true;
  }

  get inProgress(): number {
    return this.inflight.size;
  }

  /** Every waiting runTask rejects with BridgeClosedError; launched tasks keep running. */
  close(): void {
    this.closed = true;
    for (const ex of this.inflight.values()) ex.stop('close');
  }
}
