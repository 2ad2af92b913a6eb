// The Mesos JSON form types the simulator uses, taken from the shared wire layer (proto/), plus the
// simulator's own notion of which task states end a task's run on an agent.
import { TERMINAL_TASK_STATES } from '../../proto/codec';
import type { TaskState } from '../../proto/types';

export type {
  Attribute,
  Call,
  CommandInfo,
  CommandURI,
  Event,
  ExecutorInfo,
  Filters,
  FrameworkInfo,
  KillPolicy,
  MasterInfo,
  Offer,
  OfferOperation,
  Resource,
  TaskInfo,
  TaskState,
  TaskStatus,
  TaskStatusReason,
  TaskStatusSource,
} from '../../proto/types';

/**
 * States after which nothing runs any more. TASK_LOST is included here (unlike proto's
 * isTerminalState) because on the agent a lost task's process is gone and its resources are free.
 */
export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set<TaskState>([...TERMINAL_TASK_STATES, 'TASK_LOST']);
