// The activities reboot coordination calls: the coordinator's Temporal-client activities on `scaleio`, and the
// bridge's runOnAgent for the checks after a node went down on purpose.
import { proxyActivities } from '@temporalio/workflow';
import type { ScaleioActivities } from '../../activities';
import { NON_RETRYABLE_ERROR_TYPES } from '../../common/errors';
import { type MesosActivities, MesosErrorType } from '../../common/mesos-activities';
import { TASK_QUEUE_MESOS_BRIDGE } from '../../common/names';
import { WORKFLOW_CALL_OPTIONS } from './procedure';

/** A procedure's request for a turn: it must get through (the coordinator de-duplicates retries). */
export const rebootCalls = proxyActivities<Pick<ScaleioActivities, 'requestRebootTurn'>>(WORKFLOW_CALL_OPTIONS);

/** The coordinator's look-ups: a few quick tries, then it goes on with what it knew. */
export const rebootLookups = proxyActivities<Pick<ScaleioActivities, 'describeWorkflowRun' | 'controlPlaneHosts'>>({
  startToCloseTimeout: '20 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES, 'WorkerMisconfigured'],
  },
});

/**
 * runOnAgent right after a node went down on purpose: the call waits for the node's next offer (offerTimeoutMs of
 * the step), and no offer in that time is an answer (the node did not come back), not something to retry. A task
 * cut off by the going-down agent is retried (the retry runs on the agent that registered next).
 */
export const mesosAfterReboot = proxyActivities<MesosActivities>({
  taskQueue: TASK_QUEUE_MESOS_BRIDGE,
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [
      MesosErrorType.OfferWaitTimeout,
      MesosErrorType.InvalidTask,
      'InvalidInput',
      'SecretUnavailable',
    ],
  },
});
