// One row of the task table: one attempt of one caller task, as Mesos last reported it.
import { isTerminalState } from '../../proto/codec';
import type { TaskState } from '../../proto/types';

/** LAUNCHING: persisted after an offer was chosen and before the ACCEPT went out. */
export type RecordState = 'LAUNCHING' | TaskState;

export interface TaskRecord {
  /** The Mesos task id of this attempt (`<taskId>` or `<taskId>~<n>`). */
  mesosTaskId: string;
  taskId: string;
  attempt: number;
  name: string;
  hostname: string;
  agentId: string;
  /** Base URL of the agent's HTTP API when the task was launched (for its sandbox files). */
  agentUrl: string | undefined;
  frameworkId: string;
  state: RecordState;
  reason?: string;
  message?: string;
  /** Set on TASK_FINISHED / TASK_FAILED: the command's exit code (128+n for signal n), null if unknown. */
  exitCode?: number | null;
  /** uuid of the last status update recorded (re-sent updates are recognised). */
  lastUuid?: string;
  createdAt: number;
  updatedAt: number;
}

/** States after which this attempt will not run again (TASK_LOST/UNREACHABLE included: we move on). */
const ATTEMPT_OVER: ReadonlySet<string> = new Set([
  'TASK_LOST',
  'TASK_UNREACHABLE',
  'TASK_GONE_BY_OPERATOR',
  'TASK_UNKNOWN',
]);

export function attemptOver(state: RecordState): boolean {
  return state !== 'LAUNCHING' && (isTerminalState(state) || ATTEMPT_OVER.has(state));
}

/** A state Mesos will never change again (TASK_LOST and UNREACHABLE may still turn RUNNING). */
export function finalInMesos(state: RecordState): boolean {
  return state !== 'LAUNCHING' && (isTerminalState(state) || state === 'TASK_GONE_BY_OPERATOR');
}

/** The command ran to its end: FINISHED, or FAILED with an exit status (not a launch failure). */
export function completed(r: Pick<TaskRecord, 'state' | 'reason'>): boolean {
  return r.state === 'TASK_FINISHED' || (r.state === 'TASK_FAILED' && r.reason !== 'REASON_CONTAINER_LAUNCH_FAILED');
}
