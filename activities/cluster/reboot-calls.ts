// Activities of the reboot coordination (workflows/reboot-coordinator.ts) that need the Temporal client: ask the
// cluster's coordinator for a turn (signalWithStart, so the first request starts it), check that a holder's run
// still runs, and find the hosts of our own worker and bridge from the pollers of their task queues.
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { loadConfig } from '../../common/config';
import { ErrorType, InputError } from '../../common/errors';
import { requestRebootSignal } from '../../common/messages';
import { TASK_QUEUE_MESOS_BRIDGE, TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { ControlPlaneHosts, RebootCoordinatorInput, RebootRequest } from '../../common/reboots';
import { HOSTNAME } from '../../common/spec/patterns';
import { requireClient } from './temporal-client';

export interface RebootCallDeps {
  temporal?: Client;
  /** Hosts of our worker or bridge besides the pollers' (SCALEIO_CONTROL_PLANE_HOSTS); absent: read from config. */
  controlPlaneHosts?: string[];
}

/** temporal.api.enums.v1: TASK_QUEUE_KIND_NORMAL, TASK_QUEUE_TYPE_WORKFLOW / _ACTIVITY. */
const KIND_NORMAL = 1;
const QUEUE_TYPES = { workflow: 1, activity: 2 } as const;

/** The hostname in a worker identity: the SDKs' default is `<pid>@<hostname>`; anything else names no host. */
export function hostOfIdentity(identity: string | null | undefined): string | undefined {
  const m = /^\d+@([^@\s]+)@?$/.exec(identity ?? '');
  const host = m?.[1]?.toLowerCase();
  return host && HOSTNAME.pattern.test(host) ? host : undefined;
}

const client = (deps: RebootCallDeps): Client => requireClient(deps.temporal, 'the reboot coordinator');

function configuredHosts(deps: RebootCallDeps): string[] {
  if (deps.controlPlaneHosts) return deps.controlPlaneHosts;
  try {
    // The worker process loaded (and checked) the same configuration at start.
    return loadConfig().controlPlane?.hosts ?? [];
  } catch (err) {
    if (err instanceof InputError) throw ApplicationFailure.nonRetryable(err.message, ErrorType.InvalidConfig);
    throw err;
  }
}

export function createRebootActivities(deps: RebootCallDeps) {
  return {
    /** Asks the cluster's coordinator for a turn, starting the coordinator when none runs. */
    async requestRebootTurn(input: { cluster: string; request: RebootRequest }): Promise<void> {
      const args: [RebootCoordinatorInput] = [{ cluster: input.cluster }];
      await client(deps).workflow.signalWithStart('rebootCoordinator', {
        workflowId: workflowIds.reboots(input.cluster),
        taskQueue: TASK_QUEUE_SCALEIO,
        args,
        signal: requestRebootSignal,
        signalArgs: [input.request],
      });
    },

    /** Whether a holder's run still runs (a run that ended, or is unknown, holds no turn). */
    async describeWorkflowRun(input: {
      workflowId: string;
      runId: string;
    }): Promise<{ running: boolean; status: string }> {
      try {
        const d = await client(deps).workflow.getHandle(input.workflowId, input.runId).describe();
        return { running: d.status.name === 'RUNNING', status: d.status.name };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { running: false, status: 'NOT_FOUND' };
        throw err;
      }
    },

    /** Hosts of the pollers of the scaleio and mesos-bridge task queues, and the configured ones. */
    async controlPlaneHosts(): Promise<ControlPlaneHosts> {
      const c = client(deps);
      const queues = [
        [TASK_QUEUE_SCALEIO, QUEUE_TYPES.workflow],
        [TASK_QUEUE_SCALEIO, QUEUE_TYPES.activity],
        [TASK_QUEUE_MESOS_BRIDGE, QUEUE_TYPES.activity],
      ] as const;
      const hosts = new Set<string>();
      for (const [name, taskQueueType] of queues) {
        const r = await c.workflowService.describeTaskQueue({
          namespace: c.options.namespace,
          taskQueue: { name, kind: KIND_NORMAL },
          taskQueueType,
        });
        for (const p of r.pollers ?? []) {
          const host = hostOfIdentity(p.identity);
          if (host) hosts.add(host);
        }
      }
      return { fromPollers: [...hosts].sort(), configured: configuredHosts(deps) };
    },
  };
}
