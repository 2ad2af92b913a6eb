// The second half of a growth decision: free devices spread over the pool's nodes until the pool would be below the
// level where its alert clears, within the day's budget; a provider volume only when no node has a free device.
import { DEFAULT_GROWTH_POLICY, type PoolFigures } from '../../common/growth';
import { describePlanned, planGrowth, type GrowthNode } from '../../workflows/lib/capacity-growth-plan';

const GB = 1024 * 1024;
const TRIGGER: PoolFigures = {
  poolId: 'sp-1',
  pool: 'pd1/sp1',
  usedPercent: 55,
  thresholdPercent: 50,
  clearsBelowPercent: 45,
  inUseKb: 660 * GB,
  maxKb: 1200 * GB,
};
const SIM = { name: 'simulator', available: true };
const NONE = { name: 'none', available: false, detail: 'no capacity provider is configured' };
const LIMITS = { devices: 'limit reached: 2 devices', volumes: 'limit reached: 1 provider volume' };

const node = (hostname: string, poolDevices: number, free: [string, number][] = []): GrowthNode => ({
  hostname,
  poolDevices,
  freeDevices: free.map(([path, gb]) => ({ path, sizeKb: gb * GB })),
});

const plan = (over: Partial<Parameters<typeof planGrowth>[0]> = {}) =>
  planGrowth({
    trigger: TRIGGER,
    nodes: [],
    budget: { devices: 4, providerVolumes: 1 },
    policy: { ...DEFAULT_GROWTH_POLICY, enabled: true },
    provider: SIM,
    limitTexts: LIMITS,
    ...over,
  });

const targets = (p: ReturnType<typeof planGrowth>) => p.planned.map((x) => `${x.kind} ${x.hostname} ${x.path ?? ''}`);

test('just enough free devices to clear the alert, spread over the nodes with the fewest devices first', () => {
  const nodes = [
    node('node-3', 2, [['/dev/sdd', 200]]),
    node('node-1', 2, [
      ['/dev/sde', 200],
      ['/dev/sdd', 200],
    ]),
    node('node-2', 3, [['/dev/sdd', 200]]),
  ];
  const p = plan({ nodes });
  // 660 of 1200 GB: +200 -> 47.1% (not below 45), +200 -> 41.3%.
  expect(targets(p)).toEqual(['device node-1 /dev/sdd', 'device node-3 /dev/sdd']);
  expect(p.planned[0]).toEqual({ kind: 'device', pool: 'pd1/sp1', hostname: 'node-1', path: '/dev/sdd', sizeGb: 200 });
  expect(p.projectedPercent).toBeCloseTo(41.25, 2);
  expect(p.reasons).toEqual([]);
});

test('the day budget caps the devices, and says how many free ones wait', () => {
  const nodes = [
    node('node-1', 2, [['/dev/sdd', 10]]),
    node('node-2', 2, [['/dev/sdd', 10]]),
    node('node-3', 2, [['/dev/sdd', 10]]),
  ];
  const p = plan({ nodes, budget: { devices: 1, providerVolumes: 1 } });
  expect(targets(p)).toEqual(['device node-1 /dev/sdd']);
  expect(p.reasons).toEqual(['limit reached: 2 devices; 2 free device(s) wait']);
  // With free devices waiting, no provider volume is asked for even when the device budget is spent.
  const none = plan({ nodes, budget: { devices: 0, providerVolumes: 1 } });
  expect(none.planned).toEqual([]);
  expect(none.reasons).toEqual(['limit reached: 2 devices; 3 free device(s) wait']);
});

test('every free device is not enough: they are all planned, the provider is left for the next reading', () => {
  const p = plan({ nodes: [node('node-1', 2, [['/dev/sdd', 10]])] });
  expect(targets(p)).toEqual(['device node-1 /dev/sdd']);
  expect(p.reasons[0]).toContain('every free device of the pool');
});

test('no free device left: one provider volume on the node with the fewest devices', () => {
  const p = plan({ nodes: [node('node-2', 2), node('node-1', 3), node('node-3', 2)] });
  expect(p.planned).toEqual([{ kind: 'provider-volume', pool: 'pd1/sp1', hostname: 'node-2', sizeGb: 100 }]);
  expect(p.projectedPercent).toBeCloseTo((660 / 1300) * 100, 5);
  expect(describePlanned(p.planned[0]!, TRIGGER, 'simulator', true)).toBe(
    'would ask the simulator capacity provider for a 100 GB volume on node-2 and add it to pd1/sp1: pool at 55.0% >= 50%'
  );
});

test('no free device and no provider, or its budget spent: nothing, with the reason', () => {
  const nodes = [node('node-1', 2), node('node-2', 2)];
  const none = plan({ nodes, provider: NONE });
  expect(none.planned).toEqual([]);
  expect(none.reasons).toEqual([
    "no free device on the pool's nodes (node-1, node-2) and no capacity provider can add one " +
      '(no capacity provider is configured): plug disks into the nodes; they are added at a later reading',
  ]);
  const spent = plan({ nodes, budget: { devices: 4, providerVolumes: 0 } });
  expect(spent.planned).toEqual([]);
  expect(spent.reasons).toEqual([
    "no free device on the pool's nodes (node-1, node-2); limit reached: 1 provider volume",
  ]);
  expect(plan({ nodes: [] }).reasons[0]).toContain('no node of the pool could be probed');
});

test('a planned device reads as a person would say it', () => {
  const d = { kind: 'device' as const, pool: 'pd1/sp1', hostname: 'node-3', path: '/dev/sdc', sizeGb: 200 };
  const figures = { ...TRIGGER, usedPercent: 87, thresholdPercent: 80 };
  expect(describePlanned(d, figures, 'none', true)).toBe(
    'would add /dev/sdc on node-3 to pd1/sp1: pool at 87.0% >= 80%'
  );
  expect(describePlanned(d, figures, 'none', false)).toBe('add /dev/sdc on node-3 to pd1/sp1: pool at 87.0% >= 80%');
});
