// The reading-only half of a growth decision: which pools need room (their capacity alert is raised), and why
// growth waits (rebuild, rebalance, maintenance, the sliding 24-hour budget, an upgrade or maintenance procedure).
import {
  DAY_MS,
  DEFAULT_GROWTH_POLICY,
  growthNeed,
  nodesBeingRemoved,
  procedureBlock,
  usedInWindow,
  type GrowthAction,
  type GrowthPolicy,
} from '../../common/growth';
import { DEFAULT_THRESHOLDS, type Alert, type HealthReading, type PoolHealth } from '../../common/health';

const GB = 1024 * 1024;
const NOW = Date.parse('2024-05-01T12:00:00Z');
const ON: GrowthPolicy = { ...DEFAULT_GROWTH_POLICY, enabled: true };

function pool(over: Partial<PoolHealth> = {}): PoolHealth {
  return {
    id: 'sp-1',
    name: 'pd1/sp1',
    maxKb: 1000 * GB,
    inUseKb: 870 * GB,
    spareKb: 0,
    degradedKb: 0,
    failedKb: 0,
    rebuildKb: 0,
    rebalanceKb: 0,
    inMaintenanceKb: 0,
    ...over,
  };
}

function reading(pools: PoolHealth[] = [pool()], over: Partial<HealthReading> = {}): HealthReading {
  return { pools, sds: [], mdm: null, performance: { iops: 0, bandwidthKbPerSec: 0, latencyUs: null }, ...over };
}

const alert = (subject: string, kind: Alert['kind'] = 'capacity-high'): Alert => ({
  id: `${kind}:${subject}`,
  kind,
  severity: 'warning',
  subject,
  message: '',
  raisedAt: '',
});

function action(kind: GrowthAction['kind'], hoursAgo: number): GrowthAction {
  return {
    kind,
    pool: 'pd1/sp1',
    hostname: 'node-1',
    path: '/dev/sdd',
    sizeGb: 100,
    at: new Date(NOW - hoursAgo * 3600_000).toISOString(),
    trigger: {} as GrowthAction['trigger'],
    outcome: 'added',
    detail: '',
  };
}

const need = (over: Partial<Parameters<typeof growthNeed>[0]> = {}) =>
  growthNeed({
    reading: reading(),
    active: [alert('pd1/sp1')],
    thresholds: DEFAULT_THRESHOLDS,
    policy: ON,
    actions: [],
    nowMs: NOW,
    ...over,
  });

test('a pool whose capacity alert is raised needs room, with the figures that triggered it', () => {
  expect(need()).toEqual({
    kind: 'grow',
    pools: [
      {
        poolId: 'sp-1',
        pool: 'pd1/sp1',
        usedPercent: 87,
        thresholdPercent: 80,
        clearsBelowPercent: 75,
        inUseKb: 870 * GB,
        maxKb: 1000 * GB,
      },
    ],
    budget: { devices: 4, providerVolumes: 1 },
  });
  // The pool's own threshold is used when the monitor has none, then the system's.
  const own = need({ reading: reading([pool({ highPercent: 70 })]) });
  expect(own.kind === 'grow' && own.pools[0]?.thresholdPercent).toBe(70);
  const overridden = need({ thresholds: { ...DEFAULT_THRESHOLDS, capacityHighPercent: 60 } });
  expect(overridden.kind === 'grow' && overridden.pools[0]?.clearsBelowPercent).toBe(55);
});

test('nothing to do: growth off, no capacity alert, or only other alerts', () => {
  expect(need({ policy: DEFAULT_GROWTH_POLICY })).toEqual({ kind: 'none' });
  expect(need({ active: [] })).toEqual({ kind: 'none' });
  expect(need({ active: [alert('pd1/sp1', 'degraded-capacity')] })).toEqual({ kind: 'none' });
  expect(need({ active: [alert('pd1/other')] })).toEqual({ kind: 'none' });
});

test('the fullest pool comes first; a critical alert counts too', () => {
  const r = reading([pool(), pool({ id: 'sp-2', name: 'pd1/sp2', inUseKb: 950 * GB })]);
  const n = need({ reading: r, active: [alert('pd1/sp1'), alert('pd1/sp2', 'capacity-critical')] });
  expect(n.kind === 'grow' && n.pools.map((p) => p.pool)).toEqual(['pd1/sp2', 'pd1/sp1']);
});

test.each<[string, HealthReading, string, string]>([
  [
    'degraded data',
    reading([pool({ degradedKb: 5 * GB, rebuildKb: 5 * GB })]),
    'rebuild',
    'rebuild in progress: pd1/sp1 has 5.0 GB',
  ],
  ['failed data', reading([pool({ failedKb: 2 * GB })]), 'rebuild', 'rebuild in progress'],
  ['a rebalance', reading([pool({ rebalanceKb: 3 * GB })]), 'rebalance', 'rebalance in progress: pd1/sp1 has 3.0 GB'],
  [
    'an SDS in maintenance',
    reading([pool()], {
      sds: [{ id: 's1', name: 'sds_a', protectionDomainId: 'pd', ips: [], maintenance: 'InMaintenance' }],
    }),
    'maintenance',
    'an SDS is in maintenance (sds_a)',
  ],
])('growth waits during %s', (_name, r, key, reason) => {
  const n = need({ reading: r });
  expect(n).toMatchObject({ kind: 'blocked', key, trigger: { pool: 'pd1/sp1' } });
  expect(n.kind === 'blocked' && n.reason).toContain(reason);
});

test('the per-day limits are a sliding 24-hour window on workflow time', () => {
  const actions = [action('device', 30), action('device', 20), action('device', 2), action('provider-volume', 1)];
  expect(usedInWindow(actions, NOW)).toEqual({
    devices: 2,
    providerVolumes: 1,
    nextDeviceAt: new Date(NOW - 20 * 3600_000 + DAY_MS).toISOString(),
    nextVolumeAt: new Date(NOW - 1 * 3600_000 + DAY_MS).toISOString(),
  });
  expect(need({ actions })).toMatchObject({ kind: 'grow', budget: { devices: 2, providerVolumes: 0 } });
  const spent = need({ actions, policy: { ...ON, maxDevicesPerDay: 2 } });
  expect(spent).toMatchObject({ kind: 'blocked', key: 'limit' });
  expect(spent.kind === 'blocked' && spent.reason).toBe(
    'limit reached: 2 devices in the last 24 h (maxDevicesPerDay 2); the next one may be added after ' +
      '2024-05-01T16:00:00.000Z; limit reached: 1 provider volume in the last 24 h (maxProviderVolumesPerDay 1); ' +
      'the next one may be asked for after 2024-05-02T11:00:00.000Z'
  );
  // Four hours later the oldest device leaves the window.
  expect(need({ actions, policy: { ...ON, maxDevicesPerDay: 2 }, nowMs: NOW + 4 * 3600_000 + 1 })).toMatchObject({
    kind: 'grow',
    budget: { devices: 1, providerVolumes: 0 },
  });
});

test('an upgrade or a maintenance holds growth back; a decommissioned node is never grown onto', () => {
  expect(procedureBlock([])).toBeUndefined();
  expect(procedureBlock([{ procedure: 'add-device', hostname: 'node-2', workflowId: 'w1' }])).toBeUndefined();
  expect(procedureBlock([{ procedure: 'upgrade', workflowId: 'scaleio/c/upgrade/2.6' }])).toEqual({
    key: 'upgrade',
    reason: 'upgrade running (scaleio/c/upgrade/2.6): growth waits until it ends',
  });
  expect(procedureBlock([{ procedure: 'maintenance', hostname: 'node-3', workflowId: 'm' }])?.reason).toContain(
    'node-3 is in maintenance'
  );
  const removing = nodesBeingRemoved([
    { procedure: 'decommission', hostname: 'node-4', workflowId: 'd' },
    { procedure: 'onboard', hostname: 'node-5', workflowId: 'o' },
  ]);
  expect([...removing]).toEqual(['node-4']);
});
