// Typed failures of runTask. `retryable` tells the activity wrapper whether a retry (same task id,
// which starts a fresh attempt) can succeed; the class name is the failure type in history.
// A command that exits non-zero is not an error: runTask returns its exit code.

export abstract class TaskError extends Error {
  abstract readonly retryable: boolean;
  constructor(
    readonly taskId: string,
    message: string
  ) {
    super(message);
  }
}

/** The agent went away (removed, unreachable, re-registered under a new id) with the task on it. */
export class AgentGoneError extends TaskError {
  override readonly name = 'AgentGoneError';
  readonly retryable = true;
  constructor(
    taskId: string,
    readonly hostname: string,
    readonly agentId: string | undefined,
    readonly state: string,
    detail: string
  ) {
    super(taskId, `task ${taskId} on ${hostname}: agent ${agentId ?? '(unknown)'} is gone (${state}): ${detail}`);
  }
}

/** The task vanished while its agent stayed (executor lost, TASK_GONE/DROPPED/UNKNOWN). */
export class TaskLostError extends TaskError {
  override readonly name = 'TaskLostError';
  readonly retryable = true;
  constructor(
    taskId: string,
    readonly hostname: string,
    readonly state: string,
    detail: string
  ) {
    super(taskId, `task ${taskId} on ${hostname} was lost (${state}): ${detail}`);
  }
}

/** No offer from the host fitted the task in time. */
export class OfferWaitTimeoutError extends TaskError {
  override readonly name = 'OfferWaitTimeoutError';
  readonly retryable = true;
  constructor(
    taskId: string,
    readonly hostname: string,
    readonly waitedMs: number,
    readonly needs: string,
    readonly bestOffer: string | undefined
  ) {
    super(
      taskId,
      `no offer from ${hostname} fitted task ${taskId} within ${waitedMs} ms: needs ${needs}, ` +
        (bestOffer ? `best offer ${bestOffer}` : 'no offer from that host was seen')
    );
  }
}

/** The request or the task is invalid (bad field, TASK_ERROR from the master); retrying cannot help. */
export class InvalidTaskError extends TaskError {
  override readonly name = 'InvalidTaskError';
  readonly retryable = false;
  constructor(
    readonly field: string,
    readonly problem: string,
    taskId = ''
  ) {
    super(taskId, `${field}: ${problem}`);
  }
}

/** The agent could not start the command (fetch of a URI failed, sandbox could not be made). */
export class TaskLaunchFailedError extends TaskError {
  override readonly name = 'TaskLaunchFailedError';
  readonly retryable = true;
  constructor(
    taskId: string,
    readonly hostname: string,
    detail: string
  ) {
    super(taskId, `task ${taskId} on ${hostname} could not start: ${detail}`);
  }
}

/** The task ran longer than its timeoutMs and was killed. */
export class TaskTimeoutError extends TaskError {
  override readonly name = 'TaskTimeoutError';
  readonly retryable = true;
  constructor(
    taskId: string,
    readonly timeoutMs: number
  ) {
    super(taskId, `task ${taskId} did not finish within ${timeoutMs} ms and was killed`);
  }
}

/** killTask() (or someone else) killed the task while runTask waited for it. */
export class TaskKilledError extends TaskError {
  override readonly name = 'TaskKilledError';
  readonly retryable = false;
  constructor(taskId: string, detail: string) {
    super(taskId, `task ${taskId} was killed: ${detail}`);
  }
}

/** runTask's AbortSignal fired; the task was killed (`killed` false if that could not be confirmed). */
export class TaskCancelledError extends TaskError {
  override readonly name = 'TaskCancelledError';
  readonly retryable = false;
  constructor(
    taskId: string,
    readonly killed: boolean
  ) {
    super(taskId, `task ${taskId} was cancelled${killed ? ' and killed' : '; its kill was not confirmed'}`);
  }
}

/** The bridge was closed while runTask waited; the task (if launched) keeps running and is reattached later. */
export class BridgeClosedError extends TaskError {
  override readonly name = 'BridgeClosedError';
  readonly retryable = true;
  constructor(taskId: string) {
    super(taskId, `the bridge closed while task ${taskId} was in progress`);
  }
}
