// The second half of a growth decision, once the pool's nodes are probed: which free devices bring the pool below
// the level where its alert clears, spread over the nodes (fewest devices in the pool first, so the SDSs stay
// even), within the day's budget; or, when no node has a free device left, one volume from the capacity provider.
// Free devices always come first: a provider volume is never bought while a free disk waits. Pure.
import {
  describeTrigger,
  type GrowthBudget,
  type GrowthPolicy,
  type PlannedGrowth,
  type PoolFigures,
} from '../../common/growth';

export interface GrowthNode {
  hostname: string;
  /** Devices its SDS has in the pool now. */
  poolDevices: number;
  /** Disks ScaleIO may take (raw, unused), with their sizes. */
  freeDevices: { path: string; sizeKb: number }[];
}

export interface ProviderInfo {
  name: string;
  available: boolean;
  /** Why not, when it is not available. */
  detail?: string;
}

export interface GrowthPlan {
  planned: PlannedGrowth[];
  /** Why nothing, or not enough, was planned. */
  reasons: string[];
  /** Percent in use once the planned capacity is in (the provider volume counted at its requested size). */
  projectedPercent: number;
}

const KB_PER_GB = 1024 * 1024;
const pct = (x: number) => `${x.toFixed(1)}%`;

export function planGrowth(input: {
  trigger: PoolFigures;
  nodes: readonly GrowthNode[];
  budget: GrowthBudget;
  policy: GrowthPolicy;
  provider: ProviderInfo;
  /** The limit messages, for when the budget runs out. */
  limitTexts: { devices: string; volumes: string };
}): GrowthPlan {
  const { trigger, budget, policy } = input;
  const target = trigger.clearsBelowPercent;
  let maxKb = trigger.maxKb;
  const projected = () => (maxKb > 0 ? (trigger.inUseKb / maxKb) * 100 : 100);
  const nodes = input.nodes.map((n) => ({
    ...n,
    free: [...n.freeDevices].sort((a, b) => a.path.localeCompare(b.path)),
  }));
  const planned: PlannedGrowth[] = [];
  const reasons: string[] = [];
  const freeCount = () => nodes.reduce((a, n) => a + n.free.length, 0);
  const anyFree = freeCount() > 0;

  while (projected() >= target && planned.length < budget.devices) {
    const next = nodes
      .filter((n) => n.free.length > 0)
      .sort((a, b) => a.poolDevices - b.poolDevices || a.hostname.localeCompare(b.hostname))[0];
    const device = next?.free.shift();
    if (!next || !device) break;
    next.poolDevices += 1;
    maxKb += device.sizeKb;
    planned.push({
      kind: 'device',
      pool: trigger.pool,
      hostname: next.hostname,
      path: device.path,
      sizeGb: Math.round(device.sizeKb / KB_PER_GB),
    });
  }
  const short = projected() >= target;
  const waiting = freeCount();
  if (anyFree) {
    if (short && waiting > 0 && planned.length >= budget.devices)
      reasons.push(`${input.limitTexts.devices}; ${waiting} free device(s) wait`);
    else if (short && waiting === 0)
      reasons.push(
        `every free device of the pool's nodes is planned and the pool stays at ${pct(projected())}: ` +
          'a provider volume is considered at the next reading'
      );
    return { planned, reasons, projectedPercent: projected() };
  }

  // No free device on any of the pool's nodes: the capacity provider, if there is one and the day allows.
  const names = input.nodes.map((n) => n.hostname).join(', ') || 'none found';
  const none = `no free device on the pool's nodes (${names})`;
  if (budget.providerVolumes === 0) reasons.push(`${none}; ${input.limitTexts.volumes}`);
  else if (!input.provider.available)
    reasons.push(
      `${none} and no capacity provider can add one (${input.provider.detail ?? input.provider.name}): ` +
        'plug disks into the nodes; they are added at a later reading'
    );
  else {
    const target = [...input.nodes].sort(
      (a, b) => a.poolDevices - b.poolDevices || a.hostname.localeCompare(b.hostname)
    )[0];
    if (!target) reasons.push(`${none}: no node of the pool could be probed`);
    else {
      maxKb += policy.providerVolumeGb * KB_PER_GB;
      planned.push({
        kind: 'provider-volume',
        pool: trigger.pool,
        hostname: target.hostname,
        sizeGb: policy.providerVolumeGb,
      });
    }
  }
  return { planned, reasons, projectedPercent: projected() };
}

/** "would add /dev/sdd on node-3 to pd1/sp1: pool at 87.0% >= 80%" (or "add", for a real run). */
export function describePlanned(p: PlannedGrowth, trigger: PoolFigures, provider: string, dryRun: boolean): string {
  const verb = dryRun ? 'would ' : '';
  const what =
    p.kind === 'device'
      ? `${verb}add ${p.path ?? '?'} on ${p.hostname} to ${p.pool}`
      : `${verb}ask the ${provider} capacity provider for a ${p.sizeGb} GB volume on ${p.hostname} and add it to ${p.pool}`;
  return `${what}: ${describeTrigger(trigger)}`;
}
