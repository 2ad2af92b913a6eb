// The `scaleio` worker: every workflow plus the activities that talk to the ScaleIO gateway.
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createScaleioActivities } from '../activities';
import type { ScaleioDeps } from '../activities';
import { TASK_QUEUE_SCALEIO } from '../common/names';

export interface ScaleioWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  /** A prebuilt bundle (tests bundle once per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
  /** What the gateway activities use; without a gateway they fail with GatewayNotConfigured. */
  deps?: ScaleioDeps;
  /** Payload encryption (common/codec). A prebuilt bundle keeps the failure converter it was bundled with. */
  dataConverter?: DataConverter;
}

export function createScaleioWorker(opts: ScaleioWorkerOptions): Promise<Worker> {
  const workflows = opts.workflowBundle
    ? { workflowBundle: opts.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: TASK_QUEUE_SCALEIO,
    activities: createScaleioActivities(opts.deps),
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    ...workflows,
  });
}
