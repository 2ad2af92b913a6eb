// rollingUpgrade: brings every ScaleIO component of a cluster to a target version without taking the cluster down.
// Pre-checks first (nothing changes before they pass); then LIA → MDM (tie-breakers and standbys, slaves, ownership
// to an upgraded slave, the old master) → SDS one node at a time in maintenance mode, waiting for rebuild/rebalance
// after each → SDC in batches, with a health gate between batches. A role already at the target is skipped, so a
// re-run resumes where a failed or aborted one stopped. A failed node is rolled back and taken out of maintenance
// before the upgrade fails with UpgradeFailed naming it. Signals pause, resume, abort, forceComplete, forceRestart;
// query progress (with current steps and an ETA). dryRun returns the plan and the pre-check results only.
// Workflow id: scaleio/<cluster>/upgrade/<version> (a dry run may use any id).
import { ApplicationFailure, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ClusterContext } from '../common/cluster';
import { ErrorType } from '../common/errors';
import { progressQuery } from '../common/messages';
import { workflowIds } from '../common/names';
import { ScaleioCluster, ScaleioProcedure } from '../common/search-attributes';
import { surfaceNonRetryable } from './lib/failures';
import { messageOf, Plan } from './lib/plan';
import { asProcedure, contextOf } from './lib/procedure';
import { currentSteps, UpgradeControl } from './lib/upgrade-control';
import { checkUpgradeInput, type RollingUpgradeInput, type UpgradeSettings } from './lib/upgrade-input';
import { UPGRADE_PHASES } from './lib/upgrade-plan';
import { PRE_CHECK_STEPS, runPreChecks } from './lib/upgrade-prechecks';
import { plannedSteps, UpgradeErrorType, type UpgradeReport } from './lib/upgrade-report';
import { UpgradeRunner } from './lib/upgrade-runner';

export type { RollingUpgradeInput } from './lib/upgrade-input';
export type { UpgradeFailureReport, UpgradeReport } from './lib/upgrade-report';

const PHASES = [{ name: 'pre-checks', steps: PRE_CHECK_STEPS }, ...UPGRADE_PHASES.map((name) => ({ name }))];
const CLAIM_STEP = 'no-other-procedure';

export async function rollingUpgrade(raw: RollingUpgradeInput): Promise<UpgradeReport> {
  const named = (k: 'cluster' | 'targetVersion') => (typeof raw?.[k] === 'string' ? raw[k] : '?');
  const plan = new Plan('upgrade', `${named('cluster')} → ${named('targetVersion')}`, PHASES);
  const control = new UpgradeControl(plan);
  let runner: UpgradeRunner | undefined;
  setHandler(progressQuery, () => {
    const p = plan.snapshot();
    const eta = runner?.etaSeconds();
    return { ...p, current: currentSteps(p), ...(eta !== undefined ? { etaSeconds: eta } : {}) };
  });
  upsertSearchAttributes([{ key: ScaleioProcedure, value: 'upgrade' }]);
  try {
    const s = checkUpgradeInput(raw);
    upsertSearchAttributes([{ key: ScaleioCluster, value: s.cluster }]);
    const context = await contextOf(s.cluster, undefined);
    if (s.dryRun) return await dryRun(plan, control, context, s);
    checkWorkflowId(s);
    plan.set('pre-checks', CLAIM_STEP, 'STARTING', 'registering with the cluster supervisor');
    return await asProcedure(s.cluster, { procedure: 'upgrade' }, async () => {
      plan.set('pre-checks', CLAIM_STEP, 'COMPLETE', 'registered with the supervisor: no conflicting procedure runs');
      const { items, checks } = await runPreChecks(plan, context, s);
      const failed = checks.filter((c) => !c.ok);
      if (failed.length > 0)
        throw ApplicationFailure.nonRetryable(
          `pre-checks failed, nothing was changed: ${failed.map((c) => `${c.check}: ${c.detail}`).join(' | ')}`,
          UpgradeErrorType.PreCheckFailed,
          { preChecks: checks, plan: plannedSteps(items, s.targetVersion) }
        );
      runner = new UpgradeRunner(context, s, plan, control, items);
      const outcome = await runner.run();
      if (outcome === 'aborted') for (const k of runner.remaining()) markAborted(plan, k);
      plan.finish(outcome === 'aborted' ? 'cancelled' : 'done');
      return {
        cluster: s.cluster,
        targetVersion: s.targetVersion,
        outcome,
        plan: plannedSteps(items, s.targetVersion),
        preChecks: checks,
        upgraded: [...runner.upgraded],
        skipped: [...runner.skipped],
        remaining: runner.remaining(),
        operatorActions: control.actions,
      };
    });
  } catch (err) {
    const claim = plan.snapshot().phases[0]?.steps.find((x) => x.name === CLAIM_STEP);
    if (claim?.status === 'STARTING') plan.set('pre-checks', CLAIM_STEP, 'ERROR', messageOf(err));
    plan.finish('failed');
    return surfaceNonRetryable(err);
  }
}

async function dryRun(
  plan: Plan,
  control: UpgradeControl,
  context: ClusterContext,
  s: UpgradeSettings
): Promise<UpgradeReport> {
  // Registering with the supervisor would be a change; a dry run only reads.
  plan.set('pre-checks', CLAIM_STEP, 'COMPLETE', 'not checked in a dry run (registering would be a change)');
  const { items, checks } = await runPreChecks(plan, context, s);
  for (const i of items)
    plan.set(
      i.phase,
      i.step,
      'PENDING',
      i.atTarget
        ? `dry run: already at ${s.targetVersion}`
        : `dry run: would ${i.action === 'package' ? `upgrade ${i.role} from ${i.from ?? '?'}` : 'switch MDM ownership here'}`
    );
  plan.finish('done');
  return {
    cluster: s.cluster,
    targetVersion: s.targetVersion,
    outcome: 'dry-run',
    plan: plannedSteps(items, s.targetVersion),
    preChecks: checks,
    upgraded: [],
    skipped: [],
    remaining: items.map((i) => `${i.phase}/${i.step}`),
    operatorActions: control.actions,
  };
}

/** One upgrade per cluster and version: the deterministic id makes a second start be rejected, never run twice. */
function checkWorkflowId(s: UpgradeSettings): void {
  const want = workflowIds.upgrade(s.cluster, s.targetVersion);
  const got = workflowInfo().workflowId;
  if (got !== want)
    throw ApplicationFailure.nonRetryable(
      `rollingUpgrade must run as workflow id ${want} (got ${got}); only a dry run may use another id`,
      ErrorType.InvalidInput
    );
}

function markAborted(plan: Plan, k: string): void {
  const cut = k.indexOf('/');
  plan.set(k.slice(0, cut), k.slice(cut + 1), 'PENDING', 'not run: the upgrade was aborted by the operator');
}
