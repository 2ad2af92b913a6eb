// Reconciliation after every SUBSCRIBED (reference §6.2): explicit RECONCILE of every task the
// table does not know to be over, re-sent with backoff until each has had an update since; then
// implicit RECONCILE, whose answers reveal orphans (handled by TaskUpdates). Implicit
// reconciliation is repeated periodically.
import type { Logger } from '../../common/log';
import type { ReconcileTask } from '../scheduler/calls';
import type { TaskCalls } from './ports';
import { finalInMesos, type TaskRecord } from './task-record';
import type { TaskTable } from './task-table';

export interface ReconcilerOptions {
  /** First re-send of unanswered explicit reconciliation; doubles up to retryMaxMs. Default 5 s / 60 s. */
  retryMs: number;
  retryMaxMs: number;
  /** Period of implicit reconciliation; default 15 min. */
  implicitIntervalMs: number;
}

const BATCH = 1000;

export class Reconciler {
  private readonly asked = new Map<string, string | undefined>();
  private retryTimer: NodeJS.Timeout | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private delayMs: number;
  private closed = false;
  explicitCalls = 0;
  implicitCalls = 0;

  constructor(
    private readonly calls: TaskCalls,
    private readonly table: TaskTable,
    private readonly o: ReconcilerOptions,
    private readonly logger?: Logger
  ) {
    this.delayMs = o.retryMs;
  }

  onSubscribed(): void {
    if (this.closed) return;
    this.asked.clear();
    for (const r of this.table.all()) if (!finalInMesos(r.state)) this.asked.set(r.mesosTaskId, r.agentId || undefined);
    this.delayMs = this.o.retryMs;
    this.sendExplicit();
    this.sendImplicit();
    clearInterval(this.periodic);
    this.periodic = setInterval(() => this.sendImplicit(), this.o.implicitIntervalMs);
    this.periodic.unref();
  }

  /** Explicit reconciliation of these tasks now (a reattaching runTask wants their state). */
  ask(records: readonly TaskRecord[]): void {
    for (const r of records) this.asked.set(r.mesosTaskId, r.agentId || undefined);
    this.delayMs = this.o.retryMs;
    this.sendExplicit();
  }

  /** Any update for the task answers its reconciliation. */
  noteUpdate(mesosTaskId: string): void {
    this.asked.delete(mesosTaskId);
  }

  get unanswered(): number {
    return this.asked.size;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.periodic);
  }

  private sendExplicit(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.closed || this.asked.size === 0) return;
    if (this.calls.isSubscribed) {
      const tasks: ReconcileTask[] = [...this.asked].map(([taskId, agentId]) =>
        agentId === undefined ? { taskId } : { taskId, agentId }
      );
      for (let i = 0; i < tasks.length; i += BATCH) {
        this.explicitCalls++;
        this.calls
          .reconcile(tasks.slice(i, i + BATCH))
          .catch((err: unknown) => this.logger?.warn('explicit reconciliation failed', { error: err }));
      }
    }
    // Answers can be dropped (a master still recovering agents): ask again until each is answered.
    this.retryTimer = setTimeout(() => this.sendExplicit(), this.delayMs);
    this.retryTimer.unref();
    this.delayMs = Math.min(this.delayMs * 2, this.o.retryMaxMs);
  }

  private sendImplicit(): void {
    if (this.closed || !this.calls.isSubscribed) return;
    this.implicitCalls++;
    this.calls
      .reconcile([])
      .catch((err: unknown) => this.logger?.warn('implicit reconciliation failed', { error: err }));
  }
}
