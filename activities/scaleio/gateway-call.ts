// Runs gateway work inside an activity: the client must be configured, progress heartbeats while waiting, and
// typed gateway errors become Temporal failures (retryable or not, as the error says) so history names the cause.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { describeProblems, ErrorType, InputError } from '../../common/errors';
import { isGatewayError, toActivityFailure, type GatewayClient } from '../gateway';

export interface ScaleioDeps {
  /** Absent when the worker has no gateway configured (SCALEIO_GATEWAY_URL). */
  gateway?: GatewayClient;
}

export async function withGateway<T>(deps: ScaleioDeps, work: (gw: GatewayClient) => Promise<T>): Promise<T> {
  if (!deps.gateway) {
    throw ApplicationFailure.nonRetryable(
      'this worker has no ScaleIO gateway configured (set SCALEIO_GATEWAY_URL and SCALEIO_GATEWAY_PASSWORD_FILE)',
      'GatewayNotConfigured'
    );
  }
  try {
    return await work(deps.gateway);
  } catch (err) {
    if (isGatewayError(err)) throw toActivityFailure(err);
    if (err instanceof InputError) {
      throw ApplicationFailure.create({
        message: describeProblems(err.what, err.problems),
        type: ErrorType.InvalidInput,
        nonRetryable: true,
      });
    }
    throw err;
  }
}

/** A non-retryable failure for a request that names something that does not exist. */
export function notFound(what: string): ApplicationFailure {
  return ApplicationFailure.create({ message: what, type: 'NotFound', nonRetryable: true });
}

export function heartbeat(details: Record<string, unknown>): void {
  Context.current().heartbeat(details);
}

/** Sleeps in the activity, returning early (with a CancelledFailure) when the activity is cancelled. */
export function pause(ms: number): Promise<void> {
  return Context.current().sleep(ms);
}
