// Every task launch the simulated agents performed, in order: tests and benchmarks read it to prove
// a step ran once (no duplicate installs) and with which command and outcome.
import { type TaskState } from './json-form';

export interface TaskLogEntry {
  /** Launch time, ms since the epoch. */
  time: number;
  frameworkId: string;
  taskId: string;
  name: string;
  hostname: string;
  agentId: string;
  /** The shell string, or the program followed by its arguments. */
  command: string;
  finalState?: TaskState;
  exitCode?: number;
  endTime?: number;
}

export class TaskLog {
  private readonly entries: TaskLogEntry[] = [];

  record(entry: Omit<TaskLogEntry, 'finalState' | 'exitCode' | 'endTime'>): TaskLogEntry {
    const e: TaskLogEntry = { ...entry };
    this.entries.push(e);
    return e;
  }

  all(): readonly TaskLogEntry[] {
    return this.entries;
  }
}
