// healthMonitor with a real worker against the simulated gateway (no Mesos): capacity past the thresholds raises
// then clears alerts, a failed disk shows degraded capacity and a stalled rebuild until the rebuild finishes, a
// disconnected SDS or MDM raises its alert, a performance drop is seen against the baseline, the gateway going
// away is an alert of its own; a local webhook receiver gets each change exactly once (after retries too); and
// the monitor continues as new with its alerts intact and each run's history bounded.
import {
  WorkflowFailedError,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { GatewayClient } from '../../activities/gateway';
import type { AlertEvent } from '../../activities/scaleio/health';
import type { AlertsView } from '../../common/health';
import { alertsQuery, setThresholdsSignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { startGateway, type Gateway } from '../../sim/gateway';
import type { HealthMonitorInput } from '../../workflows/health-monitor';
import { waitFor } from '../support/bridge-process';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';
import { startWebhookReceiver, type WebhookReceiver } from './health-monitor-support';

const SDS_IPS = ['127.0.1.11', '127.0.1.12', '127.0.1.13', '127.0.1.14'];
let gw: Gateway;
let client: GatewayClient;
let env: Running;
let hook: WebhookReceiver;
let poolId: string;
const monitors: WorkflowHandle[] = [];

beforeAll(async () => {
  gw = await startGateway({
    protocol: 'https',
    clusterOptions: { rebuildKbPerSec: 10 * 1024 * 1024, rebalanceKbPerSec: 10 * 1024 * 1024 },
    tickIntervalMs: 100,
  });
  const c = gw.cluster;
  c.createMdmCluster('127.0.1.1', 'mdm1');
  c.addStandbyMdm('127.0.1.2', 'Manager', 'mdm2');
  c.addStandbyMdm('127.0.1.3', 'TieBreaker', 'tb1');
  c.switchClusterMode('ThreeNodes', ['mdm2'], ['tb1']);
  const pd = c.createProtectionDomain('pd1');
  poolId = c.createStoragePool(pd, 'sp1');
  for (const ip of SDS_IPS)
    c.createSds({
      protectionDomainId: pd,
      ipList: [{ ip, role: 'all' }],
      devices: ['/dev/sdb', '/dev/sdc'].map((path) => ({ path, storagePoolId: poolId })),
    });
  client = new GatewayClient({ url: gw.url, user: 'admin', password: 'Scaleio123', ca: gw.ca, timeoutMs: 2000 });
  env = await runScaleioWorker({ gateway: client });
  hook = await startWebhookReceiver();
});

afterEach(async () => {
  for (const h of monitors.splice(0)) await h.terminate('test over').catch(() => undefined);
  gw.faults.clear();
  gw.cluster.fillCapacity(10);
});

afterAll(async () => {
  await env?.stop();
  await client?.close();
  await hook?.close();
  await gw?.close();
});

async function startMonitor(over: Partial<HealthMonitorInput> = {}): Promise<WorkflowHandleWithFirstExecutionRunId> {
  const cluster = uniqueName('hm');
  const handle = await env.client.workflow.start('healthMonitor', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.health(cluster),
    args: [{ cluster, intervalSeconds: 0.2, webhookUrl: `${hook.url}/hook`, ...over }],
  });
  monitors.push(handle);
  return handle;
}

const alerts = (h: WorkflowHandle) => h.query(alertsQuery);
const ids = (v: AlertsView) => v.active.map((a) => a.id).sort();

function untilActive(h: WorkflowHandle, what: string, ok: (active: string[]) => boolean): Promise<AlertsView> {
  return waitFor(
    what,
    () => alerts(h),
    (v) => ok(ids(v))
  );
}

/** Polls made so far; waiting for a few more shows that nothing changed meanwhile. */
async function morePolls(h: WorkflowHandle, n: number): Promise<AlertsView> {
  const from = (await alerts(h)).polls;
  return waitFor(
    `${n} more polls`,
    () => alerts(h),
    (v) => v.polls >= from + n
  );
}

/** Every change of this monitor reached the webhook once, and nothing else did. */
async function expectDeliveredOnce(h: WorkflowHandle): Promise<AlertEvent[]> {
  const view = await waitFor(
    'the webhook to catch up',
    () => alerts(h),
    (v) => v.webhook?.pending === 0 && hook.accepted(v.cluster).length === (v.recent.at(-1)?.seq ?? 0)
  );
  const got = hook.accepted(view.cluster);
  expect(got.map((e) => e.id)).toEqual([...new Set(got.map((e) => e.id))]);
  expect(got.map((e) => `${e.change} ${e.alert.id}`)).toEqual(view.recent.map((c) => `${c.change} ${c.alert.id}`));
  return got;
}

const HIGH = 'capacity-high:pd1/sp1';
const CRITICAL = 'capacity-critical:pd1/sp1';

test('capacity past the pool thresholds raises, holds inside the margin, then clears; the webhook gets each once', async () => {
  gw.cluster.fillCapacity(85);
  const h = await startMonitor();
  await untilActive(h, 'capacity-high', (a) => a.includes(HIGH) && !a.includes(CRITICAL));
  gw.cluster.fillCapacity(95);
  const critical = await untilActive(h, 'capacity-critical', (a) => a.includes(CRITICAL));
  expect(critical.status).toBe('critical');
  await waitFor(
    'the search attributes',
    async () => (await h.describe()).searchAttributes,
    (sa) => sa.ScaleioAlerts?.[0] === `${CRITICAL},${HIGH}` && sa.ScaleioPhase?.[0] === 'critical'
  );
  gw.cluster.fillCapacity(77); // critical clears (below 90 - 5); high holds (not below 80 - 5)
  await untilActive(h, 'critical to clear', (a) => !a.includes(CRITICAL));
  expect(ids(await morePolls(h, 3))).toContain(HIGH);
  gw.cluster.fillCapacity(50);
  const clear = await untilActive(h, 'all clear', (a) => a.length === 0);
  expect(clear.recent.map((c) => `${c.change} ${c.alert.kind}`)).toEqual([
    'raised capacity-high',
    'raised capacity-critical',
    'cleared capacity-critical',
    'cleared capacity-high',
  ]);
  await waitFor(
    'the search attributes to clear',
    async () => (await h.describe()).searchAttributes,
    (sa) => sa.ScaleioAlerts?.[0] === 'none' && sa.ScaleioPhase?.[0] === 'ok' && sa.ScaleioProcedure?.[0] === 'health'
  );
  const events = await expectDeliveredOnce(h);
  expect(events[0]).toMatchObject({ seq: 1, change: 'raised', alert: { severity: 'warning' } });
  expect(events[0]?.alert.message).toContain('85.0% full');
});

test('setThresholds takes effect at once; a bad one is ignored and the monitor keeps running', async () => {
  gw.cluster.fillCapacity(50);
  const h = await startMonitor();
  await morePolls(h, 2);
  expect(ids(await alerts(h))).toEqual([]);
  await h.signal(setThresholdsSignal, { capacityHighPercent: 95, capacityCriticalPercent: 90 });
  await h.signal(setThresholdsSignal, { capacityHighPercent: 40 });
  await untilActive(h, 'the lowered threshold to raise', (a) => a.includes(HIGH));
  expect((await alerts(h)).thresholds).toMatchObject({ capacityHighPercent: 40, capacityCriticalPercent: null });
});

test('a failed disk: degraded capacity, a stalled rebuild while rebuild is off, recovery once it rebuilt', async () => {
  gw.cluster.fillCapacity(30);
  gw.cluster.setRebuildEnabled(poolId, false);
  const h = await startMonitor({ thresholds: { rebuildStallPolls: 3 } });
  await morePolls(h, 1);
  gw.cluster.failDevice(SDS_IPS[3]!, '/dev/sdb');
  await untilActive(h, 'degraded and stalled', (a) =>
    ['degraded-capacity:pd1/sp1', 'rebuild-stalled:pd1/sp1'].every((x) => a.includes(x))
  );
  gw.cluster.setRebuildEnabled(poolId, true);
  const done = await untilActive(h, 'recovery', (a) => a.length === 0);
  expect(done.recent.map((c) => `${c.change} ${c.alert.kind}`)).toEqual([
    'raised degraded-capacity',
    'raised rebuild-stalled',
    'cleared rebuild-stalled',
    'cleared degraded-capacity',
  ]);
  expect(done.recent[3]?.reason).toContain('0.0 GB with a single copy');
  gw.cluster.recoverDevice(SDS_IPS[3]!, '/dev/sdb');
  await expectDeliveredOnce(h);
});

test('a disconnected SDS and a lost MDM raise their alerts and clear when back', async () => {
  const h = await startMonitor();
  await morePolls(h, 1);
  gw.cluster.setSdsConnected(SDS_IPS[1]!, false);
  gw.cluster.setMdmStatus('127.0.1.3', 'Disconnected');
  const down = await untilActive(h, 'disconnected alerts', (a) =>
    ['sds-disconnected:SDS_[127.0.1.12]', 'mdm-disconnected:tb1', 'mdm-cluster-degraded:mdm'].every((x) =>
      a.includes(x)
    )
  );
  expect(down.active.find((a) => a.kind === 'sds-disconnected')?.message).toContain('127.0.1.12) is Disconnected');
  gw.cluster.setSdsConnected(SDS_IPS[1]!, true);
  gw.cluster.setMdmStatus('127.0.1.3', 'Normal');
  await untilActive(h, 'all back', (a) => a.length === 0);
  await expectDeliveredOnce(h);
});

test('a performance drop against the rolling baseline raises, recovery clears', async () => {
  gw.cluster.setIoLoad({ iops: 10000, bwKbPerSec: 400000 });
  try {
    const h = await startMonitor({ thresholds: { baselineWarmupPolls: 3 } });
    await morePolls(h, 4);
    gw.cluster.setIoLoad({ iops: 1000, bwKbPerSec: 40000 });
    await untilActive(h, 'the drop', (a) => a.includes('iops-drop:system') && a.includes('bandwidth-drop:system'));
    gw.cluster.setIoLoad({ iops: 10000, bwKbPerSec: 400000 });
    await untilActive(h, 'recovery', (a) => a.length === 0);
  } finally {
    gw.cluster.setIoLoad({ iops: 0, bwKbPerSec: 0 });
  }
});

test('the gateway going away is an alert; a webhook answering 503 is retried and still gets it once', async () => {
  const h = await startMonitor();
  await morePolls(h, 1);
  hook.failNext(1);
  gw.faults.failFor(600_000, 503);
  const down = await untilActive(h, 'gateway-unreachable', (a) => a.includes('gateway-unreachable:gateway'));
  expect(down.lastError).toContain('503');
  gw.faults.clear();
  await untilActive(h, 'the gateway back', (a) => a.length === 0);
  await expectDeliveredOnce(h);
  expect(hook.refused()).toBe(1);
});

test('continue-as-new keeps the alerts, sends nothing twice, and bounds each run', async () => {
  gw.cluster.fillCapacity(85);
  const limit = 40;
  const h = await startMonitor({ intervalSeconds: 0.1, continueAsNewAfterEvents: limit });
  const first = await untilActive(h, 'capacity-high', (a) => a.includes(HIGH));
  const later = await waitFor(
    'three runs',
    () => alerts(h),
    (v) => v.runs >= 3
  );
  expect(later.active).toEqual(first.active);
  expect(later.polls).toBeGreaterThan(first.polls);
  const events = await expectDeliveredOnce(h);
  expect(events.filter((e) => e.alert.id === HIGH)).toHaveLength(1);
  // Follow the chain of runs: every finished one continued as new within the bound.
  let runId = h.firstExecutionRunId;
  for (let run = 1; run < 3; run += 1) {
    const history = await env.client.workflow.getHandle(h.workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    expect(events.length).toBeLessThanOrEqual(limit + 20);
    const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    expect(next).toBeTruthy();
    runId = next!;
  }
});

test('bad input fails at once, naming the field', async () => {
  const cluster = uniqueName('hm');
  const err = await env.client.workflow
    .execute('healthMonitor', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: workflowIds.health(cluster),
      args: [{ cluster, intervalSeconds: 0, webhookUrl: 'https://user:pw@example.com/x' }],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe('InvalidInput');
  expect(cause.message).toContain('intervalSeconds: must be above 0');
  expect(cause.message).toContain('webhookUrl: must be');
  expect(cause.message).not.toContain('pw@');
});
