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
