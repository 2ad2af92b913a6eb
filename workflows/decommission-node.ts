// decommissionNode: takes a data node out of the cluster. Pre-flight, before any change: the operator's
// confirmation echoes the target, the node is a Mesos agent holding an SDS or ScaleIO packages, it holds no MDM
// role (removing an MDM needs an MDM replacement, not supported yet: QuorumWouldBreak), its SDC has no volume
// mapped, no rebuild or rebalance is running, and the pools keep room for their data without its devices
// (InsufficientCapacity otherwise). Cancellable until the point of no return, the removeSds call; from there it
// finishes: the SDS drains (its data migrates to the other SDSs), then the SDC, SDS and LIA packages are
// uninstalled and the SDC is forgotten by the MDM. Workflow id: scaleio/<cluster>/node/<hostname>/decommission.
// With `context` the caller coordinates; without it the context is read from the supervisor and the procedure
// registers there, so it never overlaps an upgrade or another decommission (ProcedureConflict).
import { ApplicationFailure, CancellationScope, isCancellation, upsertSearchAttributes } from '@temporalio/workflow';
import type { NodeFacts } from '../activities/install';
import type { NodeInCluster, PoolAfterRemoval } from '../activities/scaleio/removal';
import type { ClusterContext } from '../common/cluster';
import { ErrorType } from '../common/errors';
import { ScaleioCluster, ScaleioNode, ScaleioProcedure } from '../common/search-attributes';
import type { PackageRole } from '../common/spec/types';
import { Checker, isPlainObject } from '../common/validate';
import { findAndProbe, gb } from './add-device';
import { checkClusterContext } from './lib/context';
import { surfaceNonRetryable, refuseBadInput } from './lib/failures';
import { describeOutcome, runNodeStep } from './lib/node-step';
import { Plan } from './lib/plan';
import { asProcedure, contextOf } from './lib/procedure';
import { dataMotion, gateway, planner } from './lib/scaleio';
import { requireInstallable } from './onboard-agent';

export interface DecommissionNodeInput {
  cluster: string;
  hostname: string;
  /** Must read `decommission <hostname>`. */
  confirm: string;
  context?: ClusterContext;
}

export interface DecommissionReport {
  hostname: string;
  ip: string;
  /** The SDS removed with its devices, and how much data migrated off them; null when it was gone already. */
  sds: { id: string; name: string; devices: string[]; migratedKb: number } | null;
  capacity: PoolAfterRemoval[];
  uninstalled: { role: string; status: string; changed: boolean }[];
  sdcRemoved: boolean;
  /** Software left on the node, for the operator to remove by hand if wanted. */
  leftInstalled: string[];
  /** A cancellation arrived after the point of no return; the procedure finished anyway. */
  cancelIgnored: boolean;
}

/** Uninstalled in this order: the SDC first (nothing uses the node's storage any more), the LIA last. */
const UNINSTALL_ORDER: PackageRole[] = ['sdc', 'sds', 'lia'];
const POLL_MS = 2000;
const PHASES = [
  {
    name: 'pre-flight',
    steps: ['mdm-role', 'find-node', 'probe-node', 'cluster-membership', 'wait-for-rebuilds', 'capacity'],
  },
  { name: 'remove-sds', steps: ['remove-sds'] },
  { name: 'uninstall', steps: [] },
  { name: 'cleanup', steps: ['remove-sdc'] },
];

export async function decommissionNode(raw: DecommissionNodeInput): Promise<DecommissionReport> {
  const input = checkDecommissionInput(raw);
  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioNode, value: input.hostname },
    { key: ScaleioProcedure, value: 'decommission' },
  ]);
  const plan = new Plan('decommission', `${input.cluster}/${input.hostname}`, PHASES);
  try {
    if (input.context) return await decommission(input.hostname, input.context, plan);
    const context = await contextOf(input.cluster, undefined);
    return await asProcedure(input.cluster, { procedure: 'decommission', hostname: input.hostname }, () =>
      decommission(input.hostname, context, plan)
    );
  } catch (err) {
    plan.finish(isCancellation(err) ? 'cancelled' : 'failed');
    return surfaceNonRetryable(err);
  }
}

async function decommission(hostname: string, context: ClusterContext, plan: Plan): Promise<DecommissionReport> {
  const check = (step: string, fn: () => Promise<string>) => plan.run('pre-flight', step, fn, (detail) => detail);
  await check('mdm-role', async () => {
    refuseMdm(hostname, context.mdms.find((m) => m.hostname === hostname)?.role, 'the cluster context');
    return 'not an MDM in the cluster context';
  });
  const facts = await findAndProbe(plan, 'pre-flight', hostname, describeFacts);
  const { os, ip } = requireInstallable(hostname, facts);
  const roles = UNINSTALL_ORDER.filter((r) => facts.scaleio[r] !== undefined);

  const node = await plan.run(
    'pre-flight',
    'cluster-membership',
    async () => {
      refuseMdm(hostname, context.mdms.find((m) => m.ip === ip)?.role, 'the cluster context');
      return checkMembership(hostname, facts, await gateway.queryNodeInCluster({ ip }));
    },
    (n) =>
      `${n.sds ? `SDS ${n.sds.name} (${n.sds.devices.map((d) => d.path).join(', ') || 'no devices'})` : 'no SDS'}; ` +
      `${n.sdc ? 'SDC registered' : 'no SDC'}; packages: ${roles.join(', ') || 'none'}`
  );
  const sds = node.sds;
  const resumed = sds?.state === 'RemovePending';
  let capacity: PoolAfterRemoval[] = [];
  if (sds && !resumed) {
    await check('wait-for-rebuilds', async () => {
      plan.set('pre-flight', 'wait-for-rebuilds', 'WAITING', 'waiting until no rebuild, rebalance or migration runs');
      const m = await dataMotion.waitForDataMotion({ pollMs: POLL_MS });
      return m.firstMovingKb > 0 ? `waited for ${gb(m.firstMovingKb)} to move` : 'no data moving';
    });
    await check('capacity', async () => {
      capacity = (await gateway.queryRemovalCapacity({ sdsId: sds.id })).pools;
      refuseShortPools(hostname, capacity);
      return capacity
        .map((p) => `${p.storagePool}: ${gb(p.inUseKb)} in use, ${gb(p.usableAfterKb)} usable after`)
        .join('; ');
    });
  } else {
    const why = resumed ? 'the SDS is being removed already' : 'no SDS';
    plan.set('pre-flight', 'wait-for-rebuilds', 'COMPLETE', `skipped: ${why}`);
    plan.set('pre-flight', 'capacity', 'COMPLETE', `skipped: ${why}`);
  }

  // The point of no return: once removeSds is asked for, the procedure finishes even if cancelled.
  plan.addSteps(
    'uninstall',
    roles.map((r) => `uninstall-${r}`)
  );
  const report = await CancellationScope.nonCancellable(async () => {
    const removed = await plan.run(
      'remove-sds',
      'remove-sds',
      async () => (sds ? dataMotion.removeSdsAndWait({ ip, pollMs: POLL_MS }) : undefined),
      (r) =>
        r?.id
          ? `SDS ${sds?.name} removed with ${sds?.devices.length} device(s); ${gb(r.movedKb)} migrated to the other SDSs`
          : 'no SDS (gone already)'
    );
    const uninstalled: DecommissionReport['uninstalled'] = [];
    if (roles.length > 0) {
      const runs = await planner.planNodeSteps({
        hostname,
        os,
        spec: context.spec,
        steps: roles.map((role) => ({ kind: 'uninstall', role })),
      });
      for (const [i, run] of runs.entries()) {
        const role = roles[i]!;
        const o = await plan.run('uninstall', `uninstall-${role}`, () => runNodeStep(run), describeOutcome);
        uninstalled.push({ role, status: o.status, changed: o.changed });
      }
    }
    const sdc = await plan.run(
      'cleanup',
      'remove-sdc',
      () => gateway.removeSdc({ ip }),
      (r) => (r.removed ? `SDC ${r.id} removed from the MDM` : 'no SDC registered')
    );
    return {
      hostname,
      ip,
      sds:
        sds && removed
          ? { id: sds.id, name: sds.name, devices: sds.devices.map((d) => d.path), migratedKb: removed.movedKb }
          : null,
      capacity,
      uninstalled,
      sdcRemoved: sdc.removed,
      leftInstalled: leftInstalled(facts),
      cancelIgnored: false,
    };
  });
  report.cancelIgnored = CancellationScope.current().consideredCancelled;
  plan.finish('done');
  return report;
}

function refuseMdm(hostname: string, role: string | undefined, source: string): void {
  if (!role) return;
  throw ApplicationFailure.nonRetryable(
    `${hostname} is the ${role} MDM (per ${source}): decommissioning it would break the MDM quorum. ` +
      'Removing an MDM needs an MDM replacement (a standby added and switched in), which is not supported yet',
    ErrorType.QuorumWouldBreak
  );
}

/** The node as the cluster sees it: refused when it holds an MDM role or mapped volumes, or nothing at all. */
function checkMembership(hostname: string, facts: NodeFacts, node: NodeInCluster): NodeInCluster {
  if (node.mdm) refuseMdm(hostname, node.mdm.role, `the MDM cluster, where it is ${node.mdm.name}`);
  const packages = UNINSTALL_ORDER.filter((r) => facts.scaleio[r] !== undefined);
  if (!node.sds && !node.sdc && packages.length === 0)
    throw ApplicationFailure.nonRetryable(
      `${hostname} (${node.ip}) is not part of the cluster: no SDS, no SDC, no ScaleIO package installed ` +
        '(decommissioned already, or never on-boarded)',
      ErrorType.NodeNotFound
    );
  const mapped = node.sdc?.mappedVolumes ?? [];
  if (mapped.length > 0)
    throw ApplicationFailure.nonRetryable(
      `the SDC of ${hostname} has ${mapped.length} volume(s) mapped (${mapped.join(', ')}): unmap them (stop the ` +
        'containers using them) before decommissioning',
      ErrorType.DeviceInUse
    );
  return node;
}

function refuseShortPools(hostname: string, pools: readonly PoolAfterRemoval[]): void {
  const short = pools.filter((p) => p.shortKb > 0);
  if (short.length === 0) return;
  const lines = short.map(
    (p) =>
      `storage pool ${p.storagePool}: ${gb(p.inUseKb)} in use, but only ${gb(p.usableAfterKb)} usable without it ` +
      `(${gb(p.maxKb - p.nodeKb)} raw on the other devices, keeping ${p.sparePercentage}% spare); short by ${gb(p.shortKb)}`
  );
  throw ApplicationFailure.nonRetryable(
    `removing ${hostname} would leave no room for the data: ${lines.join('; ')}. Add devices or free space first`,
    ErrorType.InsufficientCapacity,
    { pools: short }
  );
}

function leftInstalled(f: NodeFacts): string[] {
  const left: string[] = [];
  if (f.scaleio.mdm) left.push(`MDM package ${f.scaleio.mdm} (not an MDM member; remove by hand)`);
  if (f.scaleio.gw) left.push(`gateway package ${f.scaleio.gw}`);
  if (f.rexray) left.push(`rexray ${f.rexray} (its config still names this cluster)`);
  if (f.dvdcli) left.push(`dvdcli ${f.dvdcli}`);
  return left;
}

function describeFacts(f: NodeFacts): string {
  const pkgs = Object.entries(f.scaleio).map(([r, v]) => `${r} ${v}`);
  return `${f.os.prettyName ?? f.os.family}, ${f.ips[0] ?? 'no IPv4'}, ScaleIO packages: ${pkgs.join(', ') || 'none'}`;
}

function checkDecommissionInput(raw: DecommissionNodeInput): DecommissionNodeInput {
  const problems = checkClusterContext(raw, ['confirm']);
  if (isPlainObject(raw)) new Checker(raw, problems).string('confirm', { maxLength: 300 });
  refuseBadInput('decommissionNode input', problems);
  const expected = `decommission ${raw.hostname}`;
  if (raw.confirm !== expected)
    throw ApplicationFailure.nonRetryable(
      `confirm: must read ${JSON.stringify(expected)} to decommission ${raw.hostname}, got ` +
        `${raw.confirm === undefined ? 'nothing' : JSON.stringify(raw.confirm.slice(0, 80))}`,
      ErrorType.ConfirmationMismatch
    );
  return raw;
}
