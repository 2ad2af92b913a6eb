// Cluster context and procedure registration through the supervisor, for procedures an operator starts alone.
import { type ActivityOptions, CancellationScope, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ScaleioActivities } from '../../activities';
import type { ClusterContext } from '../../common/cluster';
import { NON_RETRYABLE_ERROR_TYPES } from '../../common/errors';
import type { ProcedureClaim } from '../../common/procedures';

/** Options of activities that call another workflow through the worker's Temporal client: they must get through. */
export const WORKFLOW_CALL_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '10 seconds',
    maximumAttempts: 10,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES, 'WorkerMisconfigured'],
  },
};

/** Calls to the cluster's supervisor workflow. */
export const supervisorCalls = proxyActivities<ScaleioActivities>(WORKFLOW_CALL_OPTIONS);

/** The given context, or the one the cluster's supervisor holds (ClusterNotReady before bootstrap). */
export async function contextOf(cluster: string, given: ClusterContext | undefined): Promise<ClusterContext> {
  return given ?? (await supervisorCalls.loadClusterContext({ cluster }));
}

/**
 * Runs `work` registered with the supervisor as `claim`, so procedures that must not overlap never do
 * (ProcedureConflict otherwise, before anything changed); the registration ends however `work` ends.
 */
export async function asProcedure<T>(
  cluster: string,
  claim: Omit<ProcedureClaim, 'workflowId'>,
  work: () => Promise<T>
): Promise<T> {
  const workflowId = workflowInfo().workflowId;
  await supervisorCalls.beginProcedure({ cluster, claim: { ...claim, workflowId } });
  try {
    return await work();
  } finally {
    await CancellationScope.nonCancellable(() => supervisorCalls.endProcedure({ cluster, workflowId }));
  }
}
