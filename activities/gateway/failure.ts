// GatewayError -> Temporal ApplicationFailure: the class name becomes the failure type, retryable
// decides nonRetryable, and only the error's own safe data (no secrets by construction) goes in details.
import { ApplicationFailure } from '@temporalio/common';
import { isGatewayError } from './errors';

/** Converts gateway errors; anything else is returned unchanged for the SDK to handle. */
export function toActivityFailure(e: unknown): unknown {
  if (!isGatewayError(e)) return e;
  return ApplicationFailure.create({
    type: e.name,
    message: e.message,
    nonRetryable: !e.retryable,
    details: [e.toJSON()],
  });
}
