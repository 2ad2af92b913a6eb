// Task side of the bridge: deterministic task ids, the persisted task table, runTask/killTask.
export * from './errors';
export { AckGate, type UpdateRecorder } from './ack-gate';
export { attemptId, checkTaskId, parseAttemptId, taskIdFor } from './task-id';
export type { RunTaskInput, TaskUri } from './run-input';
export type { ProgressPhase, RunResult, RunTaskOptions, TaskProgress } from './run-result';
export { TaskTable, TaskTableError } from './task-table';
export type { RecordState, TaskRecord } from './task-record';
export type { TaskCalls } from './ports';
export { readSandboxFile, type SandboxFile } from './sandbox-output';
