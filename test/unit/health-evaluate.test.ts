// The monitor's alert logic, poll by poll: each table row is a sequence of readings and the changes each poll
// must produce (raised +id, cleared -id), so hysteresis, stall counting and baselines are visible as data.
import {
  DEFAULT_THRESHOLDS,
  emptyMemory,
  evaluateHealth,
  overallStatus,
  type HealthReading,
  type HealthThresholds,
  type MonitorMemory,
  type PoolHealth,
} from '../../common/health';

const GB = 1048576;

function pool(over: Partial<PoolHealth> = {}): PoolHealth {
  return {
    id: 'p1',
    name: 'pd1/sp1',
    maxKb: 100 * GB,
    inUseKb: 10 * GB,
    spareKb: 10 * GB,
    highPercent: 80,
    criticalPercent: 90,
    degradedKb: 0,
    failedKb: 0,
    rebuildKb: 0,
    rebalanceKb: 0,
    inMaintenanceKb: 0,
    ...over,
  };
}

function reading(over: Partial<HealthReading> = {}, poolOver: Partial<PoolHealth> = {}): HealthReading {
  return {
    highPercent: 80,
    criticalPercent: 90,
    pools: [pool(poolOver)],
    sds: ['a', 'b', 'c'].map((n, i) => ({
      id: `s${i}`,
      name: `sds_${n}`,
      protectionDomainId: 'pd',
      ips: [`10.0.0.${i + 1}`],
      connection: 'Connected',
      maintenance: 'NoMaintenance',
    })),
    mdm: {
      clusterState: 'ClusteredNormal',
      clusterMode: 'ThreeNodes',
      goodNodes: 3,
      members: [
        { name: 'mdm1', role: 'master', ips: ['10.0.0.1'], status: 'Normal' },
        { name: 'mdm2', role: 'slave', ips: ['10.0.0.2'], status: 'Normal' },
        { name: 'tb1', role: 'tiebreaker', ips: ['10.0.0.3'], status: 'Normal' },
      ],
    },
    performance: { iops: 1000, bandwidthKbPerSec: 100000, latencyUs: 500 },
    ...over,
  };
}

const used = (pct: number) => reading({}, { inUseKb: pct * GB });
type Poll = HealthReading | { error: string };

/** Runs the polls and returns each poll's changes as '+id' / '-id'. */
function run(polls: Poll[], t: Partial<HealthThresholds> = {}, start: MonitorMemory = emptyMemory()): string[][] {
  let memory = start;
  return polls.map((r, i) => {
    const out = evaluateHealth(
      memory,
      r,
      { ...DEFAULT_THRESHOLDS, ...t },
      `2024-01-01T00:00:${String(i).padStart(2, '0')}Z`
    );
    memory = out.memory;
    return out.changes.map((c) => `${c.change === 'raised' ? '+' : '-'}${c.alert.id}`);
  });
}

const HIGH = 'capacity-high:pd1/sp1';
const CRIT = 'capacity-critical:pd1/sp1';

test.each<[string, Poll[], Partial<HealthThresholds>, string[][]]>([
  ['below the threshold: nothing', [used(79), used(50)], {}, [[], []]],
  ['raise at the high threshold', [used(80)], {}, [[`+${HIGH}`]]],
  ['no flapping inside the margin', [used(81), used(79), used(76), used(80)], {}, [[`+${HIGH}`], [], [], []]],
  ['clears below threshold - margin', [used(81), used(74.9)], {}, [[`+${HIGH}`], [`-${HIGH}`]]],
  [
    'critical raises both',
    [used(95), used(87), used(50)],
    {},
    [[`+${HIGH}`, `+${CRIT}`], [], [`-${HIGH}`, `-${CRIT}`]],
  ],
  ['critical clears before high', [used(95), used(84)], {}, [[`+${HIGH}`, `+${CRIT}`], [`-${CRIT}`]]],
  [
    'input thresholds override the pool',
    [used(50), used(30)],
    { capacityHighPercent: 40 },
    [[`+${HIGH}`], [`-${HIGH}`]],
  ],
  [
    'margin 0 clears just below',
    [used(80), used(79.9)],
    { capacityClearMarginPercent: 0 },
    [[`+${HIGH}`], [`-${HIGH}`]],
  ],
])('capacity: %s', (_name, polls, t, expected) => {
  expect(run(polls, t)).toEqual(expected);
});

test('a pool without thresholds of its own uses the system thresholds, then 80/90', () => {
  const noPool = (pct: number, system?: number) =>
    reading(system === undefined ? { highPercent: undefined } : { highPercent: system }, {
      inUseKb: pct * GB,
      highPercent: undefined,
    });
  expect(run([noPool(70, 60)])).toEqual([[`+${HIGH}`]]);
  expect(run([noPool(79), noPool(80)])).toEqual([[], [`+${HIGH}`]]);
});

test.each<[string, Poll[], string[][]]>([
  [
    'degraded capacity raises and clears at 0',
    [reading({}, { degradedKb: GB, rebuildKb: GB }), reading({}, { degradedKb: 1, rebuildKb: 1 }), reading()],
    [['+degraded-capacity:pd1/sp1'], [], ['-degraded-capacity:pd1/sp1']],
  ],
  [
    'failed capacity is its own alert',
    [reading({}, { failedKb: 5 }), reading()],
    [['+failed-capacity:pd1/sp1'], ['-failed-capacity:pd1/sp1']],
  ],
  [
    'an SDS disconnects and returns',
    [
      reading({
        sds: [{ id: 's', name: 'sds_x', protectionDomainId: 'pd', ips: ['1.2.3.4'], connection: 'Disconnected' }],
      }),
      reading({
        sds: [{ id: 's', name: 'sds_x', protectionDomainId: 'pd', ips: ['1.2.3.4'], connection: 'Connected' }],
      }),
    ],
    [['+sds-disconnected:sds_x'], ['-sds-disconnected:sds_x']],
  ],
  [
    'a disconnected SDS that is removed clears as gone',
    [
      reading({
        sds: [{ id: 's', name: 'sds_x', protectionDomainId: 'pd', ips: ['1.2.3.4'], connection: 'Disconnected' }],
      }),
      reading({ sds: [] }),
    ],
    [['+sds-disconnected:sds_x'], ['-sds-disconnected:sds_x']],
  ],
  [
    'an MDM slave drops out: member and cluster alerts',
    [
      reading({
        mdm: {
          clusterState: 'ClusteredDegraded',
          clusterMode: 'ThreeNodes',
          goodNodes: 2,
          members: [
            { name: 'mdm1', role: 'master', ips: [], status: 'Normal' },
            { name: 'mdm2', role: 'slave', ips: [], status: 'Disconnected' },
          ],
        },
      }),
      reading(),
    ],
    [
      ['+mdm-disconnected:mdm2', '+mdm-cluster-degraded:mdm'],
      ['-mdm-disconnected:mdm2', '-mdm-cluster-degraded:mdm'],
    ],
  ],
  [
    'gateway failures: raised after 2, other alerts kept meanwhile, cleared on the next reading',
    [used(85), { error: 'HTTP 503' }, { error: 'HTTP 503' }, { error: 'HTTP 503' }, used(85)],
    [[`+${HIGH}`], [], ['+gateway-unreachable:gateway'], [], ['-gateway-unreachable:gateway']],
  ],
])('%s', (_name, polls, expected) => {
  expect(run(polls)).toEqual(expected);
});

test('rebuild stalled: raised after N polls without progress, cleared on progress or when done', () => {
  const rb = (kb: number) => reading({}, { rebuildKb: kb, degradedKb: kb });
  const polls = [rb(100), rb(100), rb(100), rb(100), rb(90), rb(90), rb(90), rb(90), rb(0)];
  expect(run(polls, { rebuildStallPolls: 3 })).toEqual([
    ['+degraded-capacity:pd1/sp1'],
    [],
    [],
    ['+rebuild-stalled:pd1/sp1'],
    ['-rebuild-stalled:pd1/sp1'],
    [],
    [],
    ['+rebuild-stalled:pd1/sp1'],
    ['-degraded-capacity:pd1/sp1', '-rebuild-stalled:pd1/sp1'],
  ]);
});

test('rebuild work that grows (a second failure) counts as no progress', () => {
  const rb = (kb: number) => reading({}, { rebuildKb: kb });
  expect(run([rb(100), rb(150), rb(200)], { rebuildStallPolls: 2 })).toEqual([[], [], ['+rebuild-stalled:pd1/sp1']]);
});

describe('performance against a rolling baseline', () => {
  const perf = (iops: number, bw = iops * 100, lat: number | null = 500) =>
    reading({ performance: { iops, bandwidthKbPerSec: bw, latencyUs: lat } });
  const t = { baselineWarmupPolls: 3, baselinePolls: 5 };

  test.each<[string, Poll[], Partial<HealthThresholds>, string[][]]>([
    ['no alert during warm-up', [perf(1000), perf(100)], t, [[], []]],
    [
      'an IOPS and bandwidth drop raises, recovery clears',
      [perf(1000), perf(1000), perf(1000), perf(100), perf(1000)],
      t,
      [[], [], [], ['+iops-drop:system', '+bandwidth-drop:system'], ['-iops-drop:system', '-bandwidth-drop:system']],
    ],
    ['a drop within the threshold is no alert', [perf(1000), perf(1000), perf(1000), perf(600)], t, [[], [], [], []]],
    ['an idle cluster never alerts', [perf(10), perf(10), perf(10), perf(0)], t, [[], [], [], []]],
    [
      'latency rise raises and clears with margin',
      [
        ...Array.from({ length: 10 }, () => perf(1000)),
        perf(1000, 100000, 1200),
        perf(1000, 100000, 1100),
        perf(1000, 100000, 800),
      ],
      { ...t, baselinePolls: 100 },
      [...Array.from({ length: 10 }, () => []), ['+latency-rise:system'], [], ['-latency-rise:system']],
    ],
    [
      'latency alert clears when no I/O is timed',
      [perf(1000), perf(1000), perf(1000), perf(1000, 100000, 5000), perf(1000, 100000, null)],
      t,
      [[], [], [], ['+latency-rise:system'], ['-latency-rise:system']],
    ],
  ])('%s', (_name, polls, thresholds, expected) => {
    expect(run(polls, thresholds)).toEqual(expected);
  });

  test('a lasting drop becomes the new baseline and the alert clears by itself', () => {
    const polls = [perf(1000), perf(1000), perf(1000), ...Array.from({ length: 40 }, () => perf(100))];
    const changes = run(polls, t).flat();
    expect(changes).toEqual([
      '+iops-drop:system',
      '+bandwidth-drop:system',
      '-iops-drop:system',
      '-bandwidth-drop:system',
    ]);
  });
});

test('changes are numbered across polls and alerts carry when they were raised', () => {
  let m = emptyMemory();
  const t = DEFAULT_THRESHOLDS;
  const first = evaluateHealth(m, used(95), t, 'T1');
  m = first.memory;
  const second = evaluateHealth(m, used(10), t, 'T2');
  expect([...first.changes, ...second.changes].map((c) => c.seq)).toEqual([1, 2, 3, 4]);
  expect(second.changes[0]).toMatchObject({ change: 'cleared', at: 'T2', alert: { raisedAt: 'T1' } });
  expect(second.changes[0]?.reason).toContain('10.0% full');
  expect(first.memory.active.map((a) => a.severity)).toEqual(['warning', 'critical']);
});

test('the memory handed in is not changed (the workflow keeps the old one until it commits)', () => {
  const m = emptyMemory();
  evaluateHealth(m, used(95), DEFAULT_THRESHOLDS, 'T');
  expect(m).toEqual(emptyMemory());
});

test('overall status is the worst severity', () => {
  expect(overallStatus([])).toBe('ok');
  const m = evaluateHealth(emptyMemory(), used(85), DEFAULT_THRESHOLDS, 'T').memory;
  expect(overallStatus(m.active)).toBe('warning');
  const c = evaluateHealth(emptyMemory(), used(95), DEFAULT_THRESHOLDS, 'T').memory;
  expect(overallStatus(c.active)).toBe('critical');
});
