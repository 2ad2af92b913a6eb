// The agent's status-update manager: per task, updates are delivered in order and one at a time; the
// head is re-sent with doubling backoff until the scheduler acknowledges its uuid.
import { type TaskStatus } from '../json-form';

interface TaskStream {
  frameworkId: string;
  taskId: string;
  pending: TaskStatus[];
  timer: NodeJS.Timeout | undefined;
  backoffMs: number;
}

export interface StatusUpdateSink {
  /** Delivers one update towards the master; `latest` is the newest state the agent knows. */
  forward(frameworkId: string, status: TaskStatus, latest: TaskStatus): void;
  /** The terminal update of a task was acknowledged: the task can be forgotten. */
  terminalAcknowledged(frameworkId: string, taskId: string): void;
}

const key = (fid: string, tid: string): string => `${fid}\u0000${tid}`;

export class StatusUpdateManager {
  private readonly streams = new Map<string, TaskStream>();

  constructor(
    private readonly sink: StatusUpdateSink,
    private readonly retryMs: number,
    private readonly retryMaxMs: number,
    private readonly isTerminal: (s: TaskStatus) => boolean
  ) {}

  /** Queues an update (which must carry a uuid); forwards it at once when nothing is in flight. */
  update(frameworkId: string, status: TaskStatus): void {
    const k = key(frameworkId, status.task_id.value);
    let stream = this.streams.get(k);
    if (!stream) {
      stream = { frameworkId, taskId: status.task_id.value, pending: [], timer: undefined, backoffMs: this.retryMs };
      this.streams.set(k, stream);
    }
    stream.pending.push(status);
    if (stream.pending.length === 1) this.send(stream);
  }

  /**
   * Handles ACKNOWLEDGE. Returns false when the uuid is not the update in flight (a stale or
   * duplicate ack, which the real agent ignores).
   */
  acknowledge(frameworkId: string, taskId: string, uuid: string): boolean {
    const stream = this.streams.get(key(frameworkId, taskId));
    const head = stream?.pending[0];
    if (!stream || !head || head.uuid !== uuid) return false;
    clearTimeout(stream.timer);
    stream.timer = undefined;
    stream.pending.shift();
    stream.backoffMs = this.retryMs;
    if (stream.pending.length > 0) {
      this.send(stream);
    } else {
      if (this.isTerminal(head)) this.sink.terminalAcknowledged(frameworkId, taskId);
      this.streams.delete(key(frameworkId, taskId));
    }
    return true;
  }

  /** The newest queued state of a task, if any update is still unacknowledged. */
  latest(frameworkId: string, taskId: string): TaskStatus | undefined {
    const p = this.streams.get(key(frameworkId, taskId))?.pending;
    return p?.[p.length - 1];
  }

  /** Re-sends every in-flight update now (e.g. after the agent re-registers). */
  resendAll(): void {
    for (const s of this.streams.values()) {
      clearTimeout(s.timer);
      this.send(s);
    }
  }

  dropFramework(frameworkId: string): void {
    for (const [k, s] of this.streams) {
      if (s.frameworkId !== frameworkId) continue;
      clearTimeout(s.timer);
      this.streams.delete(k);
    }
  }

  dropTask(frameworkId: string, taskId: string): void {
    const s = this.streams.get(key(frameworkId, taskId));
    if (!s) return;
    clearTimeout(s.timer);
    this.streams.delete(key(frameworkId, taskId));
  }

  clear(): void {
    for (const s of this.streams.values()) clearTimeout(s.timer);
    this.streams.clear();
  }

  private send(stream: TaskStream): void {
    const head = stream.pending[0];
    const latest = stream.pending[stream.pending.length - 1];
    if (!head || !latest) return;
    this.sink.forward(stream.frameworkId, head, latest);
    stream.timer = setTimeout(() => {
      stream.backoffMs = Math.min(stream.backoffMs * 2, this.retryMaxMs);
      this.send(stream);
    }, stream.backoffMs);
    stream.timer.unref();
  }
}
