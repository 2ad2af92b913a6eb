// What runTask returns and reports while it works.

export type ProgressPhase = 'waiting-for-offer' | 'launched' | 'running';

export interface TaskProgress {
  phase: ProgressPhase;
  taskId: string;
  /** The Mesos task id of the current attempt. */
  mesosTaskId: string;
  attempt: number;
  hostname: string;
  agentId?: string;
}

export interface RunResult {
  taskId: string;
  mesosTaskId: string;
  attempt: number;
  hostname: string;
  agentId: string;
  state: 'TASK_FINISHED' | 'TASK_FAILED';
  /** 0 on success; the command's exit status, or 128+n when signal n ended it; null if unknown. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** True when only the last `outputCapBytes` of a stream were kept. */
  truncated: { stdout: boolean; stderr: boolean };
  /** Set when the sandbox could not be read (agent gone, sandbox collected); the outcome stands. */
  outputError?: string;
  /** launched: ran now; reattached: was already running; recorded: had finished before this call. */
  source: 'launched' | 'reattached' | 'recorded';
}

export interface RunTaskOptions {
  /** Aborting kills the task; runTask then rejects with TaskCancelledError. */
  signal?: AbortSignal;
  /**
   * Aborting stops this wait and leaves the task running (the bridge is shutting down: the next bridge's runTask
   * with the same id reattaches to it); runTask then rejects with BridgeClosedError.
   */
  detach?: AbortSignal;
  /** For activity heartbeats. */
  onProgress?: (progress: TaskProgress) => void;
}
