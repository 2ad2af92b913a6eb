// The procedures registered with the cluster's supervisor now (an upgrade, a maintenance, decommissions), read from
// its `progress` answer, whose `procedures` phase has one step per registration: name = workflow id, detail =
// "<procedure>" or "<procedure> of <hostname>" (workflows/lib/supervisor-progress.ts).
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ErrorType } from '../../common/errors';
import { progressQuery } from '../../common/messages';
import { workflowIds } from '../../common/names';
import { PROCEDURES, type ProcedureClaim, type ProcedureName } from '../../common/procedures';
import type { Progress } from '../../common/progress';

const DETAIL = /^([a-z-]+)(?: of (\S+))?$/;

/** The claims the supervisor's progress shows; steps it cannot read are left out. */
export function claimsFromProgress(progress: Progress): ProcedureClaim[] {
  const phase = progress.phases.find((p) => p.name === 'procedures');
  const out: ProcedureClaim[] = [];
  for (const step of phase?.steps ?? []) {
    const m = DETAIL.exec(step.detail ?? '');
    const procedure = m?.[1] as ProcedureName | undefined;
    if (!m || !procedure || !(PROCEDURES as readonly string[]).includes(procedure)) continue;
    out.push({ procedure, workflowId: step.name, ...(m[2] ? { hostname: m[2] } : {}) });
  }
  return out;
}

export async function readRunningProcedures(temporal: Client | undefined, cluster: string): Promise<ProcedureClaim[]> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable(
      'this worker has no Temporal client for supervisor calls',
      'WorkerMisconfigured'
    );
  try {
    const progress = await temporal.workflow.getHandle(workflowIds.supervisor(cluster)).query(progressQuery);
    return claimsFromProgress(progress);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw ApplicationFailure.nonRetryable(
        `cluster ${cluster} has no supervisor (${workflowIds.supervisor(cluster)}): growth cannot tell whether an upgrade runs`,
        ErrorType.ClusterNotReady
      );
    throw err;
  }
}
