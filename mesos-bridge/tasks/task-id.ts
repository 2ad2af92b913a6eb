// Task ids. Callers give deterministic ids (workflow id + step) so a retried activity finds the
// task it launched. Mesos forbids '/' and whitespace in ids; '~' is reserved here for attempts:
// attempt 1 runs as the id itself, a relaunch after a loss as `<id>~<n>`.
import { createHash } from 'node:crypto';
import { InvalidTaskError } from './errors';

const TASK_ID = /^[A-Za-z0-9_][A-Za-z0-9_.:@+=-]{0,199}$/;

export function checkTaskId(v: unknown): string {
  if (typeof v !== 'string' || !TASK_ID.test(v))
    throw new InvalidTaskError(
      'taskId',
      `must be 1-200 characters of [A-Za-z0-9_.:@+=-] starting with a letter, digit or '_', got ${JSON.stringify(v)}`
    );
  return v;
}

export function attemptId(taskId: string, attempt: number): string {
  return attempt <= 1 ? taskId : `${taskId}~${attempt}`;
}

/** The caller's task id and attempt of a Mesos task id. */
export function parseAttemptId(mesosTaskId: string): { taskId: string; attempt: number } {
  const m = /^(.*)~(\d+)$/.exec(mesosTaskId);
  return m && m[1] ? { taskId: m[1], attempt: Number(m[2]) } : { taskId: mesosTaskId, attempt: 1 };
}

/**
 * A valid, deterministic task id for a workflow step: readable prefix + cleaned workflow id and
 * step, and a short hash of the exact pair so ids that clean to the same text never collide.
 */
export function taskIdFor(workflowId: string, step: string, prefix = 'scaleio.'): string {
  const hash = createHash('sha256').update(`${workflowId}\u0000${step}`).digest('hex').slice(0, 10);
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '.').replace(/^\.+|\.+$/g, '');
  const body = `${prefix}${clean(workflowId)}.${clean(step)}`.slice(0, 180);
  return checkTaskId(`${body}.${hash}`);
}
