import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { describeProblems, ErrorType, type FieldProblem } from '../../common/errors';

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

/** Refuses a procedure's input before it does anything: one non-retryable InvalidInput naming every problem. */
export function refuseBadInput(what: string, problems: readonly FieldProblem[]): void {
  if (problems.length > 0)
    throw ApplicationFailure.nonRetryable(describeProblems(what, problems), ErrorType.InvalidInput);
}
