// Pre-checks of a rolling upgrade, all before anything changes: what runs where (probe of every node), the MDM
// cluster and the upgrade order, the cluster's health (no degraded capacity, no rebuild, quorum intact), and the
// target packages in the repository for every node's OS. Each check is a step of the `pre-checks` phase.
import type { ClusterContext } from '../../common/cluster';
import { messageOf, type Plan } from './plan';
import { gateway } from './scaleio';
import type { UpgradeSettings } from './upgrade-input';
import { takeInventory } from './upgrade-inventory';
import { packageRoleOf, packageUrlAt } from './upgrade-packages';
import { planUpgrade, type UpgradeItem } from './upgrade-plan';
import type { PreCheck } from './upgrade-report';

export const PRE_CHECK_STEPS = ['no-other-procedure', 'inventory', 'upgrade-order', 'cluster-health', 'packages'];
const PHASE = 'pre-checks';

export interface PreCheckResult {
  items: UpgradeItem[];
  checks: PreCheck[];
}

function record(plan: Plan, checks: PreCheck[], check: string, ok: boolean, detail: string): void {
  checks.push({ check, ok, detail });
  plan.set(PHASE, check, ok ? 'COMPLETE' : 'ERROR', detail);
}

/** Runs every check (a failing one does not hide the others); the caller decides what a failure means. */
export async function runPreChecks(plan: Plan, context: ClusterContext, s: UpgradeSettings): Promise<PreCheckResult> {
  plan.enter(PHASE);
  const checks: PreCheck[] = [];
  plan.set(PHASE, 'inventory', 'STARTING', 'probing every node');
  const inventory = await takeInventory(s.cluster, context);
  record(
    plan,
    checks,
    'inventory',
    inventory.problems.length === 0,
    inventory.problems.join('; ') ||
      `${inventory.nodes.length} nodes with ScaleIO components: ${inventory.nodes.map((n) => n.hostname).join(', ')}`
  );

  const mdm = await gateway.readMdmMembers();
  const { items, problems } = planUpgrade(inventory.nodes, mdm, s);
  const todo = items.filter((i) => !i.atTarget && i.action === 'package');
  record(
    plan,
    checks,
    'upgrade-order',
    problems.length === 0,
    problems.join('; ') || `${todo.length} of ${items.length} steps to run, the rest already at ${s.targetVersion}`
  );

  const health = await gateway.checkUpgradeHealth({
    maxDegradedKb: s.healthGate.maxDegradedKb,
    minSparePercent: s.healthGate.minSparePercent,
  });
  record(
    plan,
    checks,
    'cluster-health',
    health.ok,
    health.ok
      ? 'MDM cluster normal, every SDS healthy, no degraded capacity, no data motion'
      : health.reasons.join('; ')
  );

  const urls = [
    ...new Set(todo.map((i) => packageUrlAt(context.spec, i.os!, packageRoleOf(i.role!), s.targetVersion))),
  ];
  try {
    const r = urls.length ? await gateway.checkPackageUrls({ urls }) : { checked: 0, missing: [] };
    record(
      plan,
      checks,
      'packages',
      r.missing.length === 0,
      r.missing.length === 0
        ? `${r.checked} package URL(s) of ${s.targetVersion} found`
        : `missing from the repository: ${r.missing.map((m) => `${m.url} (${m.problem})`).join(', ')}`
    );
  } catch (err) {
    record(plan, checks, 'packages', false, `the package repository could not be checked: ${messageOf(err)}`);
  }
  return { items, checks };
}
