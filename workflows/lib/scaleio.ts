// The `scaleio` activities as procedures call them. Retry policies are explicit, so every retry shows in history
// with its cause; bad input and impossible requests are never retried.
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { ScaleioActivities } from '../../activities';
import { NON_RETRYABLE_ERROR_TYPES } from '../../common/errors';

const NEVER_RETRY = [
  ...NON_RETRYABLE_ERROR_TYPES,
  'NotFound',
  'Conflict',
  'InvalidCredentials',
  'GatewayNotConfigured',
];

/** Pure planning and parsing: quick, retried only for worker loss. */
export const planner = proxyActivities<ScaleioActivities>({
  // Short: a worker that dies mid-plan costs this long before the retry.
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: NEVER_RETRY },
});

/** Gateway calls: transient gateway faults (5xx, timeouts) back off up to a minute apart. */
export const gateway = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NEVER_RETRY,
  },
});

/** Waits for ScaleIO to move data: long, heartbeating its progress. */
export const dataMotion = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '6 hours',
  // A cancelled wait ends when the activity has seen the cancellation (its heartbeat), not before.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: NEVER_RETRY },
});

/** The test-volume check: a pool still short of three SDSs (nodes joining in parallel) is waited out briefly. */
export const verification = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NEVER_RETRY,
  },
});
