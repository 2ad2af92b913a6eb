// What rollingUpgrade returns (the plan, the pre-checks, what it upgraded, skipped and left) and what it fails
// with: UpgradeFailed naming the node, its phase and the stage that failed, and what was done to leave the cluster
// healthy (rollback, maintenance exit).
import { ApplicationFailure } from '@temporalio/workflow';
import type { NodePackageRole } from '../../common/node-steps';
import type { OperatorAction } from './upgrade-control';
import type { UpgradeItem, UpgradePhase } from './upgrade-plan';

export const UpgradeErrorType = {
  /** A node failed (the report names it); the upgrade stopped with the cluster healthy where possible. */
  Failed: 'UpgradeFailed',
  /** A pre-check failed: nothing was changed. */
  PreCheckFailed: 'UpgradePreCheckFailed',
} as const;

export interface PlannedStep {
  phase: UpgradePhase;
  step: string;
  action: 'upgrade' | 'skip' | 'switch-ownership';
  hostname: string;
  role?: NodePackageRole;
  mdmRole?: string;
  from?: string;
  to: string;
  canary?: boolean;
  batch?: number;
}

export interface PreCheck {
  check: string;
  ok: boolean;
  detail: string;
}

export interface UpgradeReport {
  cluster: string;
  targetVersion: string;
  outcome: 'dry-run' | 'completed' | 'aborted';
  plan: PlannedStep[];
  preChecks: PreCheck[];
  /** phase/step of what this run changed, in order. */
  upgraded: string[];
  /** phase/step found at the target version (or forced complete). */
  skipped: string[];
  /** phase/step not reached (after an abort). */
  remaining: string[];
  operatorActions: OperatorAction[];
}

export type FailedStage =
  'health-gate' | 'enter-maintenance' | 'upgrade' | 'exit-maintenance' | 'wait-data-motion' | 'switch-ownership';

export interface UpgradeFailureReport {
  node: string;
  phase: UpgradePhase;
  step: string;
  stage: FailedStage;
  role?: NodePackageRole;
  error: string;
  /** What happened to the node's package: rolled back to <version>, not needed, or why not. */
  rollback: string;
  /** SDS nodes: whether it left maintenance mode and the data motion ended. */
  maintenance?: string;
  upgraded: string[];
  remaining: string[];
}

export function plannedSteps(items: readonly UpgradeItem[], target: string): PlannedStep[] {
  return items.map((i) => ({
    phase: i.phase,
    step: i.step,
    action: i.action === 'switch-ownership' ? 'switch-ownership' : i.atTarget ? 'skip' : 'upgrade',
    hostname: i.hostname,
    to: target,
    ...(i.role ? { role: i.role } : {}),
    ...(i.mdmRole ? { mdmRole: i.mdmRole } : {}),
    ...(i.from ? { from: i.from } : {}),
    ...(i.canary ? { canary: true } : {}),
    ...(i.batch ? { batch: i.batch } : {}),
  }));
}

export function upgradeFailed(r: UpgradeFailureReport): ApplicationFailure {
  const parts = [`upgrade stopped at ${r.phase}/${r.step} on ${r.node} (${r.stage} failed): ${r.error}`, r.rollback];
  if (r.maintenance) parts.push(r.maintenance);
  return ApplicationFailure.nonRetryable(parts.join('; '), UpgradeErrorType.Failed, r);
}
