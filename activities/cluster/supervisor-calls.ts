// Activities that talk to the cluster's supervisor workflow through the Temporal client: read the cluster context
// for procedures started on their own, and register/unregister procedures so overlapping ones are refused.
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { ClusterContext } from '../../common/cluster';
import { ErrorType } from '../../common/errors';
import { beginProcedureUpdate, clusterContextQuery, endProcedureSignal, membersQuery } from '../../common/messages';
import { workflowIds } from '../../common/names';
import type { ProcedureClaim } from '../../common/procedures';
import type { Member } from '../../common/supervisor';
import { requireClient } from './temporal-client';

export interface ClusterDeps {
  /** A client of the same namespace; absent: procedures must be given their context. */
  temporal?: Client;
}

const client = (deps: ClusterDeps): Client => requireClient(deps.temporal, 'supervisor calls');

function notReady(cluster: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `cluster ${cluster} is not bootstrapped: its supervisor (${workflowIds.supervisor(cluster)}) holds no cluster context; run bootstrapCluster first`,
    ErrorType.ClusterNotReady
  );
}

export function createClusterActivities(deps: ClusterDeps) {
  return {
    async loadClusterContext(input: { cluster: string }): Promise<ClusterContext> {
      const handle = client(deps).workflow.getHandle(workflowIds.supervisor(input.cluster));
      try {
        const ctx = await handle.query(clusterContextQuery);
        if (!ctx) throw notReady(input.cluster);
        return ctx;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notReady(input.cluster);
        throw err;
      }
    },

    /** The supervisor's members (hostname, agent, status, on-boarding state), sorted by hostname. */
    async loadMembers(input: { cluster: string }): Promise<Member[]> {
      const handle = client(deps).workflow.getHandle(workflowIds.supervisor(input.cluster));
      try {
        return await handle.query(membersQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notReady(input.cluster);
        throw err;
      }
    },

    /** Registers a procedure with the supervisor; ProcedureConflict (non-retryable) when it must wait its turn. */
    async beginProcedure(input: { cluster: string; claim: ProcedureClaim }): Promise<{ running: ProcedureClaim[] }> {
      const handle = client(deps).workflow.getHandle(workflowIds.supervisor(input.cluster));
      try {
        return await handle.executeUpdate(beginProcedureUpdate, { args: [input.claim] });
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw notReady(input.cluster);
        if (err instanceof WorkflowUpdateFailedError)
          throw ApplicationFailure.nonRetryable(err.cause?.message ?? err.message, ErrorType.ProcedureConflict);
        throw err;
      }
    },

    async endProcedure(input: { cluster: string; workflowId: string }): Promise<void> {
      const handle = client(deps).workflow.getHandle(workflowIds.supervisor(input.cluster));
      await handle.signal(endProcedureSignal, { workflowId: input.workflowId }).catch((err: unknown) => {
        // A supervisor that is gone has nothing to release.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
    },
  };
}
