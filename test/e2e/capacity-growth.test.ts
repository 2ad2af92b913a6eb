// Automatic capacity growth end to end: a bootstrapped 3-node cluster (real bridge process, Mesos tasks on the
// simulated nodes, the gateway), the health monitor polling fast with the high threshold lowered to 50%, and a worker
// whose capacity provider is the simulator's (it plugs disks through the control API). A pool filled past the
// threshold gets just enough free devices (addDevice children) for its alert to clear; with a daily limit of one
// device the last free disk is added, then a provider volume, and then the limits hold (across continue-as-new too);
// during an upgrade growth waits; in dry run the monitor says what it would do and the simulated cluster does not
// change.
import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { simulatorCapacityProvider } from '../../activities/capacity';
import type { GrowthDecision, GrowthPolicy, GrowthView } from '../../common/growth';
import type { AlertsView } from '../../common/health';
import { alertsQuery, beginProcedureUpdate, endProcedureSignal, setGrowthPolicySignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { waitFor } from '../support/bridge-process';
import { startStack, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

const HIGH = 'capacity-high:pd1/sp1';
let stack: Stack;
let worker: Running;
let ticker: NodeJS.Timeout | undefined;
let monitor: WorkflowHandle | undefined;

beforeAll(async () => {
  stack = await startStack(uniqueName('grow'), { agents: 3, inProcessWorker: false });
  worker = await runScaleioWorker({
    gateway: stack.gateway,
    capacityProvider: simulatorCapacityProvider(stack.world.controlUrl),
  });
  await worker.client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(stack.cluster),
    args: [stack.spec()],
  });
  // Simulated data motion 500 times faster than real time, so rebalances onto new devices end in seconds.
  ticker = setInterval(() => stack.world.cluster.tick(499 * 100), 100);
}, 240_000);

afterAll(async () => {
  clearInterval(ticker);
  await monitor?.terminate('test over').catch(() => undefined);
  await worker?.stop();
  await stack?.stop();
});

/** Replaces the cluster's monitor (the supervisor started one polling every minute) with a fast one. */
async function startMonitor(
  growth?: Partial<GrowthPolicy>,
  more: Record<string, unknown> = {}
): Promise<WorkflowHandle> {
  monitor = await worker.client.workflow.start('healthMonitor', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.health(stack.cluster),
    args: [
      {
        cluster: stack.cluster,
        intervalSeconds: 0.5,
        thresholds: { capacityHighPercent: 50, capacityCriticalPercent: 90 },
        ...(growth ? { growth } : {}),
        ...more,
      },
    ],
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
  });
  return monitor;
}

const alerts = (h: WorkflowHandle): Promise<AlertsView> => h.query(alertsQuery);
const ipOf = (hostname: string) => stack.world.registry.get(hostname).ip;

/** The device paths of a node's SDS in the simulated cluster. */
function devicesOf(hostname: string): string[] {
  const s = stack.world.cluster.snapshot();
  const sds = s.sds.find((x) => x.ipList.some((i) => i.ip === ipOf(hostname)));
  return s.devices
    .filter((d) => d.sdsId === sds?.id)
    .map((d) => d.deviceCurrentPathName)
    .sort();
}

const plug = (hostname: string, path: string) => stack.world.fault('add-disk', { hostname, path, sizeGb: 200 });
const fill = (percent: number) => stack.world.fault('fill-capacity', { percent });

async function morePolls(h: WorkflowHandle, n: number): Promise<AlertsView> {
  const from = (await alerts(h)).polls;
  return waitFor(
    `${n} more readings`,
    () => alerts(h),
    (v) => v.polls >= from + n
  );
}

const settled = (g: GrowthView | undefined) => g !== undefined && !g.inFlight;

test('a pool past its threshold gets just enough free devices, and its alert clears', async () => {
  for (const h of ['node-1', 'node-2', 'node-3']) await plug(h, '/dev/sdd');
  await fill(55); // 660 of 1200 GB
  const h = await startMonitor({ enabled: true });

  const view = await waitFor(
    'the growth to add devices and the alert to clear',
    () => alerts(h),
    (v) => v.growth?.actions.length === 2 && settled(v.growth) && !v.active.some((a) => a.id === HIGH),
    120_000
  );
  const actions = view.growth!.actions;
  // 55% of 1200 GB: one 200 GB disk leaves 47.1% (not below 50 - 5), two leave 41.3%; fewest devices first.
  expect(actions.map((a) => [a.kind, a.hostname, a.path, a.outcome])).toEqual([
    ['device', 'node-1', '/dev/sdd', 'added'],
    ['device', 'node-2', '/dev/sdd', 'added'],
  ]);
  for (const a of actions) {
    expect(a.trigger).toMatchObject({ pool: 'pd1/sp1', thresholdPercent: 50, clearsBelowPercent: 45 });
    expect(a.trigger.usedPercent).toBeCloseTo(55, 0);
    expect(a.workflowId).toBe(workflowIds.device(stack.cluster, a.hostname, '/dev/sdd'));
  }
  expect(view.growth?.last?.summary).toContain('add /dev/sdd on node-1 to pd1/sp1: pool at 55.0% >= 50% -> added');
  expect(view.growth?.usedLast24h).toEqual({ devices: 2, providerVolumes: 0 });
  expect(view.recent.map((c) => `${c.change} ${c.alert.id}`)).toEqual([`raised ${HIGH}`, `cleared ${HIGH}`]);

  // The simulated cluster: two new devices in the pool, the third free disk left alone.
  expect(devicesOf('node-1')).toEqual(['/dev/sdb', '/dev/sdc', '/dev/sdd']);
  expect(devicesOf('node-2')).toEqual(['/dev/sdb', '/dev/sdc', '/dev/sdd']);
  expect(devicesOf('node-3')).toEqual(['/dev/sdb', '/dev/sdc']);
  const child = await worker.client.workflow.getHandle(actions[0]!.workflowId!).describe();
  expect(child.status.name).toBe('COMPLETED');
  expect(child.type).toBe('addDevice');
  // The monitor's history records the decision with the pool figures that triggered it.
  const recorded = (await h.fetchHistory()).events
    ?.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordGrowthDecision')
    .map((e) => {
      const data = e.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data;
      return (JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { decision: GrowthDecision }).decision;
    });
  expect(recorded?.find((d) => d.outcome === 'acted')).toMatchObject({
    trigger: { pool: 'pd1/sp1', thresholdPercent: 50 },
    planned: [
      { kind: 'device', hostname: 'node-1', path: '/dev/sdd' },
      { kind: 'device', hostname: 'node-2', path: '/dev/sdd' },
    ],
  });

  // Below the threshold nothing more happens.
  const later = await morePolls(h, 4);
  expect(later.growth?.actions).toHaveLength(2);
  expect(later.growth?.status).toBe('idle');
});

test('with one device a day: the last free disk, then a provider volume, then the limits hold', async () => {
  await fill(70); // 1120 of 1600 GB
  // A short history limit: the monitor continues as new during the test, and the day's actions go with it.
  const h = await startMonitor(
    { enabled: true, maxDevicesPerDay: 1, maxProviderVolumesPerDay: 1, providerVolumeGb: 200 },
    { continueAsNewAfterEvents: 100 }
  );

  const view = await waitFor(
    'the free disk, then a provider volume, then the limit',
    () => alerts(h),
    (v) =>
      v.growth?.actions.length === 2 &&
      settled(v.growth) &&
      v.growth.last?.summary.startsWith('limit reached') === true,
    120_000
  );
  expect(view.growth!.actions.map((a) => [a.kind, a.hostname, a.path, a.sizeGb, a.outcome])).toEqual([
    ['device', 'node-3', '/dev/sdd', 200, 'added'],
    // No free disk left: the simulator's provider plugged one into a node with the fewest devices.
    ['provider-volume', 'node-1', '/dev/sde', 200, 'added'],
  ]);
  expect(view.growth?.actions[1]?.trigger.usedPercent).toBeCloseTo(62.2, 0);
  expect(devicesOf('node-3')).toEqual(['/dev/sdb', '/dev/sdc', '/dev/sdd']);
  expect(devicesOf('node-1')).toEqual(['/dev/sdb', '/dev/sdc', '/dev/sdd', '/dev/sde']);
  expect(stack.world.registry.get('node-1').blockDevices.map((d) => d.path)).toContain('/dev/sde');
  // 1120 of 2000 GB is still past 50%: the alert stays, and so does the limit.
  expect(view.active.map((a) => a.id)).toContain(HIGH);
  expect(view.growth?.usedLast24h).toEqual({ devices: 1, providerVolumes: 1 });
  expect(view.growth?.last?.summary).toContain('limit reached: 1 device in the last 24 h (maxDevicesPerDay 1)');
  expect(view.growth?.last?.summary).toContain('limit reached: 1 provider volume in the last 24 h');

  // A disk plugged in by hand now is not taken, in this run or the next: the day's device is spent.
  await plug('node-2', '/dev/sde');
  const runs = view.runs;
  await waitFor(
    'a continue-as-new',
    () => alerts(h),
    (v) => v.runs > runs
  );
  const later = await morePolls(h, 6);
  expect(devicesOf('node-2')).toEqual(['/dev/sdb', '/dev/sdc', '/dev/sdd']);
  expect(later.growth?.actions.map((a) => a.outcome)).toEqual(['added', 'added']);
  expect(later.growth?.usedLast24h).toEqual({ devices: 1, providerVolumes: 1 });
  expect(later.growth?.status).toBe('waiting');
  expect(later.growth?.last?.summary).toContain('limit reached: 1 device in the last 24 h');
});

test('dry run, switched on by signal: it waits out an upgrade, says what it would add, and nothing changes', async () => {
  await fill(60); // 1200 of 2000 GB
  const h = await startMonitor();
  await morePolls(h, 1);
  // A bad policy is refused as a whole: growth stays unset.
  await h.signal(setGrowthPolicySignal, { enabled: 'yes' } as unknown as Partial<GrowthPolicy>);
  expect((await morePolls(h, 2)).growth).toBeUndefined();

  // An upgrade registered with the supervisor: growth waits and says why.
  const supervisor = worker.client.workflow.getHandle(workflowIds.supervisor(stack.cluster));
  const upgrade = workflowIds.upgrade(stack.cluster, 'R9_9.9.9');
  await supervisor.executeUpdate(beginProcedureUpdate, { args: [{ procedure: 'upgrade', workflowId: upgrade }] });

  const shape = JSON.stringify(stack.world.cluster.snapshot().devices.map((d) => [d.id, d.deviceState]));
  const disks = stack.world.registry.list().map((n) => n.blockDevices.length);
  const tasks = stack.world.mesos.taskLog().length;
  await h.signal(setGrowthPolicySignal, { enabled: true, dryRun: true });
  const held = await waitFor(
    'growth to wait for the upgrade',
    () => alerts(h),
    (v) => v.growth?.status === 'waiting'
  );
  expect(held.growth?.last?.summary).toBe(`upgrade running (${upgrade}): growth waits until it ends`);
  await supervisor.signal(endProcedureSignal, { workflowId: upgrade });
  const view = await waitFor(
    'the dry-run plan',
    () => alerts(h),
    (v) => v.growth?.status === 'dry-run'
  );
  expect(view.growth?.last).toMatchObject({
    outcome: 'dry-run',
    planned: [{ kind: 'device', hostname: 'node-2', path: '/dev/sde', sizeGb: 200 }],
    trigger: { pool: 'pd1/sp1', thresholdPercent: 50 },
  });
  expect(view.growth?.last?.summary).toBe(
    'dry run: would add /dev/sde on node-2 to pd1/sp1: pool at 60.0% >= 50% (projected 54.5%)'
  );
  await morePolls(h, 4);
  expect((await alerts(h)).growth?.actions).toEqual([]);
  expect(JSON.stringify(stack.world.cluster.snapshot().devices.map((d) => [d.id, d.deviceState]))).toBe(shape);
  expect(stack.world.registry.list().map((n) => n.blockDevices.length)).toEqual(disks);
  // Only read-only probes ran on the nodes, and no addDevice was started.
  const names = stack.world.mesos
    .taskLog()
    .slice(tasks)
    .map((t) => t.name);
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => n.startsWith('probe-node'))).toBe(true);
  const never = await worker.client.workflow
    .getHandle(workflowIds.device(stack.cluster, 'node-2', '/dev/sde'))
    .describe()
    .catch((e: unknown) => e);
  expect(never).toBeInstanceOf(WorkflowNotFoundError);
});
