// Applies status updates to the task table (persisted before the client acknowledges them, via
// the ack hook) and hands them to whoever waits for that task. Updates for tasks we must not have
// running are answered with KILL: orphans (our id prefix, unknown to the table) and superseded
// attempts (an older attempt of a task that has since been relaunched).
import type { Logger } from '../../common/log';
import type { TaskStatus } from '../../proto/types';
import { exitCodeFrom } from './outcome';
import type { TaskCalls } from './ports';
import type { Reconciler } from './reconciler';
import { attemptOver, finalInMesos } from './task-record';
import type { TaskTable } from './task-table';

export type StatusListener = (status: TaskStatus) => void;

export interface UpdateMetrics {
  updates: number;
  orphansKilled: number;
  supersededKilled: number;
}

export class TaskUpdates {
  private readonly watchers = new Map<string, Set<StatusListener>>();
  /** Unwanted tasks already sent a KILL since the last SUBSCRIBED (the answers repeat). */
  private readonly killSent = new Set<string>();
  private readonly m: UpdateMetrics = { updates: 0, orphansKilled: 0, supersededKilled: 0 };

  constructor(
    private readonly table: TaskTable,
    private readonly calls: TaskCalls,
    private readonly reconciler: Reconciler,
    private readonly orphanPrefix: string,
    private readonly logger?: Logger
  ) {}

  watch(mesosTaskId: string, fn: StatusListener): () => void {
    const set = this.watchers.get(mesosTaskId) ?? new Set();
    set.add(fn);
    this.watchers.set(mesosTaskId, set);
    return () => {
      set.delete(fn);
      if (set.size === 0 && this.watchers.get(mesosTaskId) === set) this.watchers.delete(mesosTaskId);
    };
  }

  onSubscribed(): void {
    this.killSent.clear();
  }

  metrics(): UpdateMetrics {
    return { ...this.m };
  }

  /**
   * Records the update (once per uuid) and resolves when the table is on disk; the ack hook awaits
   * this, so a crash before the write leaves the update unacknowledged and the agent re-sends it.
   */
  apply(status: TaskStatus): Promise<void> {
    const id = status.task_id.value;
    const rec = this.table.get(id);
    if (status.uuid && rec?.lastUuid === status.uuid) return this.table.flush();
    this.m.updates++;
    this.reconciler.noteUpdate(id);
    if (!rec) {
      this.unknownTask(status);
      return Promise.resolve();
    }
    let write = Promise.resolve();
    // A state Mesos never changes again is never overwritten (late or duplicate answers).
    if (!finalInMesos(rec.state)) {
      rec.state = status.state;
      if (status.agent_id?.value) rec.agentId = status.agent_id.value;
      if (status.reason !== undefined) rec.reason = status.reason;
      else delete rec.reason;
      if (status.message !== undefined) rec.message = status.message;
      if (status.state === 'TASK_FINISHED' || status.state === 'TASK_FAILED')
        rec.exitCode = exitCodeFrom(status.state, status.message);
      if (status.uuid) rec.lastUuid = status.uuid;
      rec.updatedAt = Date.now();
      write = this.table.put(rec);
    }
    if (!this.table.isLatest(rec) && !attemptOver(status.state)) {
      this.killUnwanted(status, 'superseded');
    }
    this.notify(status);
    return write;
  }

  private unknownTask(status: TaskStatus): void {
    const id = status.task_id.value;
    if (this.orphanPrefix !== '' && id.startsWith(this.orphanPrefix) && !attemptOver(status.state))
      this.killUnwanted(status, 'orphan');
    this.notify(status);
  }

  private killUnwanted(status: TaskStatus, why: 'orphan' | 'superseded'): void {
    const id = status.task_id.value;
    if (this.killSent.has(id)) return;
    this.killSent.add(id);
    if (why === 'orphan') this.m.orphansKilled++;
    else this.m.supersededKilled++;
    this.logger?.warn(`killing ${why} task`, { taskId: id, state: status.state });
    this.calls
      .kill(id, status.agent_id)
      .catch((err: unknown) => this.logger?.warn(`KILL of ${why} task failed`, { taskId: id, error: err }));
  }

  private notify(status: TaskStatus): void {
    for (const fn of [...(this.watchers.get(status.task_id.value) ?? [])]) {
      try {
        fn(status);
      } catch (err) {
        this.logger?.error('task status listener threw', { error: err });
      }
    }
  }
}
