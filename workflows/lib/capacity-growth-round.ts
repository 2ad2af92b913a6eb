// One growth round of the health monitor, for the pools whose capacity alert is raised: never while an upgrade or a
// maintenance is registered with the supervisor; the pool's SDS nodes probed for free disks (the probe only lists
// disks ScaleIO may take); the plan (capacity-growth-plan.ts) carried out with one addDevice child per device (its
// own workflow id, so it registers with the supervisor and never overlaps a decommission of its node), or with a
// provider volume first; in dry-run only described. Every action is kept with the pool figures that triggered it.
import { executeChild, isCancellation, ParentClosePolicy, proxyActivities } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ScaleioActivities } from '../../activities';
import type { PoolSds } from '../../activities/capacity';
import { NON_RETRYABLE_ERROR_TYPES } from '../../common/errors';
import {
  deviceLimitText,
  nodesBeingRemoved,
  procedureBlock,
  usedInWindow,
  volumeLimitText,
  type GrowthAction,
  type GrowthBudget,
  type GrowthDecision,
  type GrowthState,
  type PlannedGrowth,
  type PoolFigures,
} from '../../common/growth';
import { workflowIds } from '../../common/names';
import type { addDevice } from '../add-device';
import { describePlanned, planGrowth, type GrowthNode, type ProviderInfo } from './capacity-growth-plan';
import { messageOf } from './plan';
import { probeFacts } from './probe';
import { supervisorCalls } from './procedure';

const growthCalls = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '10 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES, 'NotFound', 'GatewayNotConfigured', 'WorkerMisconfigured'],
  },
});

/** A cloud volume can take minutes to create and attach; a refusal is never retried. */
const providerCalls = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '15 minutes',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '1 minute',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['CapacityProviderRejected', 'CapacityProviderNotConfigured', 'InvalidInput'],
  },
});

/** Probes run this many at a time. */
const PROBE_BATCH = 4;
const gb = (kb: number) => `${(kb / 1048576).toFixed(1)} GB`;

export interface RoundInput {
  cluster: string;
  /** The monitor's first run id: with the round number it names provider requests uniquely. */
  monitorId: string;
  pools: PoolFigures[];
  budget: GrowthBudget;
  /** Changed in place: actions appended, node IPs learnt. */
  state: GrowthState;
  at: string;
  nowMs: number;
}

/** One decision per pool looked at; stops after the first pool something was done for (the next reading decides). */
export async function runGrowthRound(r: RoundInput): Promise<GrowthDecision[]> {
  const first = r.pools[0]!;
  const running = await growthCalls.growthRunningProcedures({ cluster: r.cluster });
  const blocked = procedureBlock(running);
  if (blocked) return [waiting(r.at, first, blocked.reason)];
  const context = await supervisorCalls.loadClusterContext({ cluster: r.cluster });
  const members = await supervisorCalls.loadMembers({ cluster: r.cluster });
  const removing = nodesBeingRemoved(running);
  const present = members.filter((m) => m.status === 'present' && !removing.has(m.hostname)).map((m) => m.hostname);
  const provider = await growthCalls.describeCapacityProvider();
  const budget = { ...r.budget };
  const decisions: GrowthDecision[] = [];
  for (const pool of r.pools) {
    const [pd, sp] = splitPool(pool.pool);
    if (pd !== context.spec.protectionDomain || !sp) {
      decisions.push(
        waiting(
          r.at,
          pool,
          `${pool.pool} is outside the cluster's protection domain ${context.spec.protectionDomain}: growth adds devices only there`
        )
      );
      continue;
    }
    const sdss = await growthCalls.growthPoolSds({ poolId: pool.poolId });
    const { nodes, skipped } = await locateNodes(r, sdss, present);
    const d = await growPool(r, pool, sp, nodes, skipped, budget, provider);
    decisions.push(d);
    if (d.outcome === 'acted') break;
  }
  return decisions;
}

async function growPool(
  r: RoundInput,
  pool: PoolFigures,
  storagePool: string,
  nodes: (GrowthNode & { disks: string[] })[],
  skipped: string[],
  budget: GrowthBudget,
  provider: ProviderInfo
): Promise<GrowthDecision> {
  const { policy } = r.state;
  const used = usedInWindow(r.state.actions, r.nowMs);
  const plan = planGrowth({
    trigger: pool,
    nodes,
    budget,
    policy,
    provider,
    limitTexts: {
      devices: deviceLimitText(used.devices, policy, used.nextDeviceAt),
      volumes: volumeLimitText(used.providerVolumes, policy, used.nextVolumeAt),
    },
  });
  const reasons = [...plan.reasons, ...skipped];
  if (plan.planned.length === 0) return waiting(r.at, pool, reasons.join('; ') || 'nothing to add', reasons);
  const text = (p: PlannedGrowth) => describePlanned(p, pool, provider.name, policy.dryRun);
  if (policy.dryRun)
    return {
      at: r.at,
      outcome: 'dry-run',
      trigger: pool,
      summary: `dry run: ${plan.planned.map(text).join('; ')} (projected ${plan.projectedPercent.toFixed(1)}%)`,
      planned: plan.planned,
      reasons,
    };
  const actions = plan.planned.map((p): GrowthAction => ({
    ...p,
    at: r.at,
    trigger: pool,
    outcome: 'running',
    detail: 'started',
  }));
  for (const a of actions) {
    r.state.actions.push(a);
    if (a.kind === 'device') budget.devices -= 1;
    else budget.providerVolumes -= 1;
  }
  await Promise.all(
    actions.map((a, i) => {
      const node = nodes.find((n) => n.hostname === a.hostname);
      return a.kind === 'device'
        ? addWithChild(r.cluster, a, storagePool)
        : provideAndAdd(r, a, storagePool, node?.disks ?? [], `${r.monitorId}/growth/${r.state.rounds}/${i}`);
    })
  );
  return {
    at: r.at,
    outcome: 'acted',
    trigger: pool,
    summary: actions.map((a) => `${text(a)} -> ${a.outcome}: ${a.detail}`).join('; '),
    planned: plan.planned,
    reasons,
  };
}

/** The pool's SDS nodes, found among the supervisor's present members by the IPs their probes report. */
async function locateNodes(
  r: RoundInput,
  sdss: PoolSds[],
  present: string[]
): Promise<{ nodes: (GrowthNode & { disks: string[] })[]; skipped: string[] }> {
  const wanted = new Map<string, PoolSds>();
  const skipped: string[] = [];
  for (const s of sdss)
    if (s.state === 'Normal') for (const ip of s.ips) wanted.set(ip, s);
    else skipped.push(`SDS ${s.name} is ${s.state}: not grown onto`);
  const known = r.state.nodeIps;
  const toProbe = present.filter((h) => known[h] === undefined || wanted.has(known[h]));
  const nodes: (GrowthNode & { disks: string[] })[] = [];
  const found = new Set<string>();
  for (let i = 0; i < toProbe.length; i += PROBE_BATCH) {
    const batch = toProbe.slice(i, i + PROBE_BATCH);
    const facts = await Promise.all(
      batch.map((h) =>
        probeFacts(h, `growth-${r.state.rounds}`).catch((err: unknown) => {
          if (isCancellation(err)) throw err;
          skipped.push(`${h} could not be probed: ${messageOf(err)}`);
          return undefined;
        })
      )
    );
    batch.forEach((hostname, j) => {
      const f = facts[j];
      if (!f) return;
      if (f.ips[0]) known[hostname] = f.ips[0];
      const sds = f.ips.map((ip) => wanted.get(ip)).find((s) => s !== undefined);
      if (!sds) return;
      found.add(sds.sdsId);
      const taken = new Set(sds.devicePaths);
      const freeDevices = f.freeDevices
        .filter((p) => !taken.has(p))
        .map((path) => ({ path, sizeKb: Math.floor((f.disks.find((d) => d.path === path)?.sizeBytes ?? 0) / 1024) }))
        .filter((d) => d.sizeKb > 0);
      nodes.push({ hostname, poolDevices: sds.poolDevices, freeDevices, disks: f.disks.map((d) => d.path) });
    });
  }
  for (const s of new Set(wanted.values()))
    if (!found.has(s.sdsId)) skipped.push(`SDS ${s.name} (${s.ips.join(', ')}) is on no node present now`);
  return { nodes, skipped };
}

async function addWithChild(cluster: string, a: GrowthAction, storagePool: string): Promise<void> {
  const path = a.path!;
  const workflowId = workflowIds.device(cluster, a.hostname, path);
  a.workflowId = workflowId;
  try {
    const report = await executeChild<typeof addDevice>('addDevice', {
      workflowId,
      args: [{ cluster, hostname: a.hostname, path, storagePool }],
      // A device add runs to its end even when the monitor is terminated or continues as new.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    a.outcome = report.added ? 'added' : 'unchanged';
    a.detail = `${report.detail}; pool capacity ${gb(report.poolCapacityKb.before)} -> ${gb(report.poolCapacityKb.after)}`;
  } catch (err) {
    if (isCancellation(err)) throw err;
    a.outcome = 'failed';
    a.detail =
      err instanceof WorkflowExecutionAlreadyStartedError
        ? `an addDevice of ${path} on ${a.hostname} is running already (${workflowId})`
        : messageOf(err);
  }
}

async function provideAndAdd(
  r: RoundInput,
  a: GrowthAction,
  storagePool: string,
  existingDevices: string[],
  requestId: string
): Promise<void> {
  try {
    const volume = await providerCalls.provisionCapacity({
      cluster: r.cluster,
      hostname: a.hostname,
      sizeGb: a.sizeGb,
      existingDevices,
      requestId,
    });
    a.path = volume.devicePath;
  } catch (err) {
    if (isCancellation(err)) throw err;
    a.outcome = 'failed';
    a.detail = `the capacity provider made no volume: ${messageOf(err)}`;
    return;
  }
  await addWithChild(r.cluster, a, storagePool);
}

function splitPool(name: string): [string, string | undefined] {
  const i = name.indexOf('/');
  return i < 0 ? [name, undefined] : [name.slice(0, i), name.slice(i + 1)];
}

function waiting(at: string, trigger: PoolFigures, summary: string, reasons = [summary]): GrowthDecision {
  return { at, outcome: 'waiting', trigger, summary, planned: [], reasons };
}
