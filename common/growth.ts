// Automatic capacity growth on the health monitor: its policy, what it remembers, and the first, reading-only half
// of the decision. A pool whose capacity alert is raised needs room; growth waits while data is rebuilt, rebalanced
// or held by a maintenance, and while the sliding 24-hour budget is spent. The second half (which devices, or a
// provider volume) needs the nodes' free disks: workflows/lib/capacity-growth-plan.ts. Pure: unit-tested alone.
import type { FieldProblem } from './errors';
import type { Alert, HealthReading, HealthThresholds, PoolHealth } from './health-types';
import type { ProcedureClaim } from './procedures';
import { Checker, isPlainObject, show } from './validate';

export interface GrowthPolicy {
  enabled: boolean;
  /** Decide and report only: nothing is added, no provider is asked. */
  dryRun: boolean;
  /** Free devices added per sliding 24 h (provider volumes are counted apart). */
  maxDevicesPerDay: number;
  /** Volumes asked of the capacity provider per sliding 24 h. */
  maxProviderVolumesPerDay: number;
  /** Size of each provider volume. */
  providerVolumeGb: number;
}

export const DEFAULT_GROWTH_POLICY: GrowthPolicy = {
  enabled: false,
  dryRun: false,
  maxDevicesPerDay: 4,
  maxProviderVolumesPerDay: 1,
  providerVolumeGb: 100,
};

const LIMITS = {
  maxDevicesPerDay: { min: 0, max: 100 },
  maxProviderVolumesPerDay: { min: 0, max: 20 },
  providerVolumeGb: { min: 1, max: 65536 },
} as const;

/** `base` with `patch` applied, or the problems of the patch (field names prefixed with `at`); all or nothing. */
export function mergeGrowthPolicy(
  base: GrowthPolicy,
  patch: unknown,
  at = 'growth'
): { policy: GrowthPolicy; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isPlainObject(patch)) {
    problems.push({ field: at, problem: `must be an object, got ${show(patch)}` });
    return { policy: base, problems };
  }
  const c = new Checker(patch, problems, at);
  c.noUnknownKeys(Object.keys(DEFAULT_GROWTH_POLICY));
  const out: GrowthPolicy = { ...base };
  const enabled = c.boolean('enabled');
  const dryRun = c.boolean('dryRun');
  if (enabled !== undefined) out.enabled = enabled;
  if (dryRun !== undefined) out.dryRun = dryRun;
  for (const [field, rule] of Object.entries(LIMITS) as [keyof typeof LIMITS, { min: number; max: number }][]) {
    const v = c.number(field, { ...rule, integer: true });
    if (v !== undefined) out[field] = v;
  }
  return { policy: problems.length === 0 ? out : base, problems };
}

/** One pool's figures at the reading that triggered a decision: kept with every action and decision. */
export interface PoolFigures {
  poolId: string;
  /** protection-domain/pool */
  pool: string;
  usedPercent: number;
  /** The high threshold in force, and the level below which its alert clears (the growth target). */
  thresholdPercent: number;
  clearsBelowPercent: number;
  inUseKb: number;
  maxKb: number;
}

/** What growth plans: a free device of a node, or a volume the capacity provider adds to a node. */
export interface PlannedGrowth {
  kind: 'device' | 'provider-volume';
  pool: string;
  hostname: string;
  /** The device; for a provider volume known only once the provider made it. */
  path?: string;
  sizeGb: number;
}

export interface GrowthAction extends PlannedGrowth {
  at: string;
  trigger: PoolFigures;
  /** The addDevice child that adds the device. */
  workflowId?: string;
  outcome: 'running' | 'added' | 'unchanged' | 'failed';
  detail: string;
}

export interface GrowthDecision {
  at: string;
  outcome: 'acted' | 'dry-run' | 'waiting';
  trigger?: PoolFigures;
  /** One line a person reads: what was done or would be, or why nothing was. */
  summary: string;
  planned: PlannedGrowth[];
  /** Why not (more), each a reason a person can act on. */
  reasons: string[];
}

/** Carried across continue-as-new in the monitor's state. */
export interface GrowthState {
  policy: GrowthPolicy;
  /** The latest actions, newest last: every one of the last 24 h (the budget counts them) and a few older. */
  actions: GrowthAction[];
  last?: GrowthDecision;
  /** Rounds run so far: names each round's probe tasks and provider requests uniquely. */
  rounds: number;
  /** hostname -> IP, learnt from probes: a node whose IP is not in a pool is not probed again for it. */
  nodeIps: Record<string, string>;
}

/** What the `alerts` query shows of growth. */
export interface GrowthView {
  policy: GrowthPolicy;
  /** off; idle (no pool above its threshold); in-flight (a round runs); else the last decision's outcome. */
  status: 'off' | 'idle' | 'in-flight' | GrowthDecision['outcome'];
  inFlight: boolean;
  usedLast24h: { devices: number; providerVolumes: number };
  last?: GrowthDecision;
  actions: GrowthAction[];
}

export const DAY_MS = 24 * 3600 * 1000;

export interface GrowthBudget {
  devices: number;
  providerVolumes: number;
}

export type GrowthNeed =
  | { kind: 'none' }
  | { kind: 'blocked'; key: string; trigger: PoolFigures; reason: string }
  | { kind: 'grow'; pools: PoolFigures[]; budget: GrowthBudget };

const pct = (x: number) => `${x.toFixed(1)}%`;
const gb = (kb: number) => `${(kb / 1048576).toFixed(1)} GB`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The pool's figures against the high threshold in force (the same order of precedence as its alert). */
export function poolFigures(p: PoolHealth, r: HealthReading, t: HealthThresholds): PoolFigures {
  const threshold = t.capacityHighPercent ?? p.highPercent ?? r.highPercent ?? 80;
  return {
    poolId: p.id,
    pool: p.name,
    usedPercent: p.maxKb > 0 ? (p.inUseKb / p.maxKb) * 100 : 0,
    thresholdPercent: threshold,
    clearsBelowPercent: threshold - t.capacityClearMarginPercent,
    inUseKb: p.inUseKb,
    maxKb: p.maxKb,
  };
}

export function describeTrigger(f: PoolFigures): string {
  return `pool at ${pct(f.usedPercent)} >= ${f.thresholdPercent}%`;
}

/** Actions of the last 24 h (workflow time) by kind, and when the oldest of each leaves the window. */
export function usedInWindow(actions: readonly GrowthAction[], nowMs: number) {
  const recent = actions.filter((a) => Date.parse(a.at) > nowMs - DAY_MS);
  const of = (kind: PlannedGrowth['kind']) => recent.filter((a) => a.kind === kind);
  const freeAt = (xs: GrowthAction[]) => (xs[0] ? new Date(Date.parse(xs[0].at) + DAY_MS).toISOString() : undefined);
  const devices = of('device');
  const volumes = of('provider-volume');
  return {
    devices: devices.length,
    providerVolumes: volumes.length,
    nextDeviceAt: freeAt(devices),
    nextVolumeAt: freeAt(volumes),
  };
}

export function deviceLimitText(used: number, p: GrowthPolicy, next?: string): string {
  return (
    `limit reached: ${plural(used, 'device')} in the last 24 h (maxDevicesPerDay ${p.maxDevicesPerDay})` +
    (next ? `; the next one may be added after ${next}` : '')
  );
}

export function volumeLimitText(used: number, p: GrowthPolicy, next?: string): string {
  return (
    `limit reached: ${plural(used, 'provider volume')} in the last 24 h (maxProviderVolumesPerDay ${p.maxProviderVolumesPerDay})` +
    (next ? `; the next one may be asked for after ${next}` : '')
  );
}

/** Why data is moving or held (rebuild, degraded or failed copies, rebalance, maintenance), or undefined. */
export function dataMotionBlock(r: HealthReading): { key: string; reason: string } | undefined {
  for (const p of r.pools) {
    if (p.failedKb > 0 || p.degradedKb > 0 || p.rebuildKb > 0)
      return {
        key: 'rebuild',
        reason: `rebuild in progress: ${p.name} has ${gb(Math.max(p.rebuildKb, p.degradedKb + p.failedKb))} to rebuild; growth waits until it is done`,
      };
  }
  for (const p of r.pools)
    if (p.rebalanceKb > 0)
      return {
        key: 'rebalance',
        reason: `rebalance in progress: ${p.name} has ${gb(p.rebalanceKb)} to move; growth waits until it is done`,
      };
  const held = r.sds.find((s) => (s.maintenance ?? 'NoMaintenance') !== 'NoMaintenance');
  if (held || r.pools.some((p) => p.inMaintenanceKb > 0))
    return {
      key: 'maintenance',
      reason: `an SDS is in maintenance${held ? ` (${held.name})` : ''}: growth waits until it is back in service`,
    };
  return undefined;
}

/**
 * The reading-only half of a decision: which pools need room (their capacity alert is raised), or why growth
 * must wait. Pools are taken fullest first.
 */
export function growthNeed(input: {
  reading: HealthReading;
  active: readonly Alert[];
  thresholds: HealthThresholds;
  policy: GrowthPolicy;
  actions: readonly GrowthAction[];
  nowMs: number;
}): GrowthNeed {
  const { reading, active, thresholds, policy } = input;
  if (!policy.enabled) return { kind: 'none' };
  const raised = new Set(active.filter((a) => a.kind.startsWith('capacity-')).map((a) => a.subject));
  const pools = reading.pools
    .filter((p) => raised.has(p.name) && p.maxKb > 0)
    .map((p) => poolFigures(p, reading, thresholds))
    .sort((a, b) => b.usedPercent - a.usedPercent || a.pool.localeCompare(b.pool));
  const first = pools[0];
  if (!first) return { kind: 'none' };
  const motion = dataMotionBlock(reading);
  if (motion) return { kind: 'blocked', key: motion.key, trigger: first, reason: motion.reason };
  const used = usedInWindow(input.actions, input.nowMs);
  const budget = {
    devices: Math.max(0, policy.maxDevicesPerDay - used.devices),
    providerVolumes: Math.max(0, policy.maxProviderVolumesPerDay - used.providerVolumes),
  };
  if (budget.devices === 0 && budget.providerVolumes === 0) {
    const reason = [
      deviceLimitText(used.devices, policy, used.nextDeviceAt),
      volumeLimitText(used.providerVolumes, policy, used.nextVolumeAt),
    ].join('; ');
    return { kind: 'blocked', key: 'limit', trigger: first, reason };
  }
  return { kind: 'grow', pools, budget };
}

/** Why growth must wait for a procedure registered with the supervisor (an upgrade, a maintenance), or undefined. */
export function procedureBlock(running: readonly ProcedureClaim[]): { key: string; reason: string } | undefined {
  const upgrade = running.find((c) => c.procedure === 'upgrade');
  if (upgrade) return { key: 'upgrade', reason: `upgrade running (${upgrade.workflowId}): growth waits until it ends` };
  const maintenance = running.find((c) => c.procedure === 'maintenance');
  if (maintenance)
    return {
      key: 'maintenance',
      reason: `${maintenance.hostname ?? 'a node'} is in maintenance (${maintenance.workflowId}): growth waits until it ends`,
    };
  return undefined;
}

/** Nodes a decommission holds: never grown onto. */
export function nodesBeingRemoved(running: readonly ProcedureClaim[]): Set<string> {
  return new Set(running.filter((c) => c.procedure === 'decommission' && c.hostname).map((c) => c.hostname!));
}

export function freshGrowthState(policy: GrowthPolicy): GrowthState {
  return { policy, actions: [], rounds: 0, nodeIps: {} };
}
