import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/**
 * A non-retryable activity failure (bad input, impossible request) becomes the workflow's own failure with the
 * same type and message, so the operator sees `InvalidSpec: …` at the top of the workflow, not a wrapped cause.
 */
export function surfaceNonRetryable(err: unknown): never {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    const cause = err.cause;
    throw ApplicationFailure.create({
      message: cause.message,
      type: cause.type ?? undefined,
      nonRetryable: true,
      details: cause.details ?? undefined,
    });
  }
  throw err;
}
