// The bridge's activities as workflows call them: on task queue `mesos-bridge`, heartbeating while they wait,
// retried for lost agents and tasks, never for bad input.
import { proxyActivities } from '@temporalio/workflow';
import { type MesosActivities, MesosErrorType } from '../../common/mesos-activities';
import { TASK_QUEUE_MESOS_BRIDGE } from '../../common/names';

export const mesos = proxyActivities<MesosActivities>({
  taskQueue: TASK_QUEUE_MESOS_BRIDGE,
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 8,
    nonRetryableErrorTypes: ['InvalidInput', MesosErrorType.InvalidTask, 'SecretUnavailable'],
  },
});

/**
 * For steps whose agent may go away on purpose (reboot, agent restart) or may not be there at all (the probe of
 * an unlisted node): the agent or task going away, or no offer in time, ends the call at once so the workflow
 * decides what it means. A lost bridge (heartbeat timeout) is retried: the retry has the same task id, so it
 * reattaches to the running task instead of launching another.
 */
export const mesosAgentMayLeave = proxyActivities<MesosActivities>({
  taskQueue: TASK_QUEUE_MESOS_BRIDGE,
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '30 seconds',
    maximumAttempts: 3,
    nonRetryableErrorTypes: [
      MesosErrorType.AgentGone,
      MesosErrorType.TaskLost,
      MesosErrorType.OfferWaitTimeout,
      MesosErrorType.InvalidTask,
      'InvalidInput',
      'SecretUnavailable',
    ],
  },
});
