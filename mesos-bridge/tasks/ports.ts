// The scheduler calls the task side needs (SchedulerClient provides them; tests may fake them).
import type { IdLike, ReconcileTask } from '../scheduler/calls';

export interface TaskCalls {
  kill(taskId: IdLike, agentId?: IdLike): Promise<void>;
  reconcile(tasks: ReconcileTask[]): Promise<void>;
  readonly frameworkId: string | undefined;
  readonly isSubscribed: boolean;
}
