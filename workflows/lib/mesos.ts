// The bridge's activities as workflows call them: on task queue `mesos-bridge`, heartbeating while they wait,
// retried for lost agents and tasks, never for bad input.
import { proxyActivities } from '@temporalio/workflow';
import type { MesosActivities } from '../../common/mesos-activities';
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
    nonRetryableErrorTypes: ['InvalidInput', 'InvalidTask', 'SecretUnavailable'],
  },
});

/** One attempt: for steps whose task may be cut off on purpose (reboot, agent restart). */
export const mesosOnce = proxyActivities<MesosActivities>({
  taskQueue: TASK_QUEUE_MESOS_BRIDGE,
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
});
