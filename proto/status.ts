// Helpers for task status updates: uuids to acknowledge, and which states are final.
import { randomBytes } from 'node:crypto';
import type { TaskState } from './types-task';

/** 16 random bytes, base64 (24 characters): a TaskStatus.uuid as the agent would generate it. */
export function newUuidBytes(): string {
  return randomBytes(16).toString('base64');
}

/** States after which a task never runs again (TASK_LOST is not one: a partitioned agent may bring it back). */
export const TERMINAL_TASK_STATES: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_DROPPED',
  'TASK_GONE',
]);

/**
 * True for states after which a task never runs again. TASK_LOST is not included: a task on a
 * partitioned agent may come back; callers that treat LOST as final must say so themselves.
 */
export function isTerminalState(state: TaskState): boolean {
  return TERMINAL_TASK_STATES.has(state);
}
