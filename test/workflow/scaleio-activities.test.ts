// The gateway activities through a real worker and a workflow, against the simulated gateway over HTTPS:
// each is a no-op the second time and says so; faults are retried with the retry visible in history; bad input
// fails non-retryably, naming what is wrong, and changes nothing.
import type { Client } from '@temporalio/client';
import { GatewayClient } from '../../activities/gateway';
import { startGateway, type Gateway } from '../../sim/gateway';
import { startFixtureWorker, type FixtureWorker } from '../support/fixture-worker';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

type Outcome = { result?: Record<string, unknown>; failure?: { type: string; nonRetryable: boolean; message: string } };

let gw: Gateway;
let client: GatewayClient;
let env: Running;
let fixtures: FixtureWorker;
let temporal: Client;

beforeAll(async () => {
  gw = await startGateway({
    protocol: 'https',
    clusterOptions: { rebuildKbPerSec: 10 * 1024 * 1024, maintenanceTransitionMs: 200 },
    tickIntervalMs: 100,
  });
  gw.cluster.createMdmCluster('127.0.1.1', 'mdm1');
  client = new GatewayClient({ url: gw.url, user: 'admin', password: 'Scaleio123', ca: gw.ca, timeoutMs: 2000 });
  env = await runScaleioWorker({ gateway: client });
  temporal = env.client;
  fixtures = await startFixtureWorker();
});

afterAll(async () => {
  await fixtures?.stop();
  await env?.stop();
  await client?.close();
  await gw?.close();
});

async function call(
  name: string,
  args: unknown[],
  maximumAttempts = 5,
  workflowId = uniqueName(name)
): Promise<Outcome> {
  return temporal.workflow.execute('callScaleio', {
    taskQueue: fixtures.taskQueue,
    workflowId,
    args: [name, args, maximumAttempts],
  });
}

async function lastAttempt(workflowId: string): Promise<number> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  const started = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
  return started.at(-1)?.activityTaskStartedEventAttributes?.attempt ?? 0;
}

test('ensure PD, SP and SDS: created the first time, found the second', async () => {
  const first = await call('ensureProtectionDomain', [{ name: 'pd1' }]);
  expect(first.result).toMatchObject({ created: true });
  expect((await call('ensureProtectionDomain', [{ name: 'pd1' }])).result).toMatchObject({ created: false });
  const sp = {
    protectionDomain: 'pd1',
    name: 'sp1',
    capacityAlertThresholds: { highPercent: 80, criticalPercent: 90 },
  };
  expect((await call('ensureStoragePool', [sp])).result).toMatchObject({ created: true });
  expect((await call('ensureStoragePool', [sp])).result).toMatchObject({ created: false });
  for (const [i, ip] of ['127.0.1.11', '127.0.1.12', '127.0.1.13'].entries()) {
    const sds = { protectionDomain: 'pd1', storagePool: 'sp1', ip, devices: ['/dev/sdb', '/dev/sdc'] };
    expect((await call('addSds', [sds])).result).toMatchObject({ created: true, devices: 2 });
    expect((await call('addSds', [sds])).result).toMatchObject({ created: false });
    expect(gw.cluster.snapshot().sds.filter((s) => s.name === `sds_${ip}`)).toHaveLength(1);
    expect(i).toBeLessThan(3);
  }
  expect(gw.cluster.snapshot().devices).toHaveLength(6);
});

test('bad input: an unknown protection domain is a non-retryable NotFound and adds nothing', async () => {
  const before = gw.cluster.snapshot().sds.length;
  const out = await call('addSds', [
    { protectionDomain: 'nope', storagePool: 'sp1', ip: '127.0.1.99', devices: ['/dev/sdb'] },
  ]);
  expect(out.failure).toMatchObject({ type: 'NotFound', nonRetryable: true });
  expect(out.failure?.message).toContain('protection domain "nope" does not exist');
  expect(gw.cluster.snapshot().sds).toHaveLength(before);
});

test('a burst of gateway 503s is retried with backoff; the retries show in history', async () => {
  gw.faults.failNext(2, 503);
  const id = uniqueName('burst');
  expect((await call('ensureProtectionDomain', [{ name: 'pd2' }], 5, id)).result).toMatchObject({ created: true });
  expect(await lastAttempt(id)).toBeGreaterThan(1);
});

test('an expired token is renewed inside the call (no retry needed)', async () => {
  gw.faults.expireTokens();
  const id = uniqueName('token');
  expect((await call('ensureProtectionDomain', [{ name: 'pd2' }], 5, id)).result).toMatchObject({ created: false });
  expect(await lastAttempt(id)).toBe(1);
});

test('a gateway that stays down exhausts the attempts with a retryable Transient failure', async () => {
  gw.faults.failFor(5000, 500);
  try {
    const out = await call('ensureProtectionDomain', [{ name: 'pd3' }], 2);
    expect(out.failure).toMatchObject({ type: 'Transient', nonRetryable: false });
  } finally {
    gw.faults.clear();
  }
});

test('verifyVolumeAccess creates, maps, unmaps and removes a test volume; again it does the same cycle', async () => {
  gw.cluster.registerSdc('sdc-guid-1', '127.0.1.11', ['127.0.1.1']);
  const input = { protectionDomain: 'pd1', storagePool: 'sp1', sdcIp: '127.0.1.11', volumeName: 'verify-node-1' };
  for (let i = 0; i < 2; i += 1) {
    expect((await call('verifyVolumeAccess', [input])).result).toMatchObject({ mapped: true, removed: true });
    expect(gw.cluster.snapshot().volumes).toHaveLength(0);
  }
  const noSdc = await call('verifyVolumeAccess', [{ ...input, sdcIp: '127.0.1.77' }]);
  expect(noSdc.failure).toMatchObject({ type: 'NotFound', nonRetryable: true });
});

test('maintenance mode: enter and exit, each a no-op when already there', async () => {
  expect((await call('setSdsMaintenance', [{ sdsIp: '127.0.1.12', enter: true, pollMs: 50 }])).result).toMatchObject({
    state: 'InMaintenance',
    changed: true,
  });
  expect((await call('setSdsMaintenance', [{ sdsIp: '127.0.1.12', enter: true, pollMs: 50 }])).result).toMatchObject({
    changed: false,
  });
  expect((await call('setSdsMaintenance', [{ sdsIp: '127.0.1.12', enter: false, pollMs: 50 }])).result).toMatchObject({
    state: 'NoMaintenance',
    changed: true,
  });
});

test('waitForDataMotion watches a rebuild after a failed disk until it is done', async () => {
  gw.cluster.fillCapacity(30);
  gw.cluster.failDevice('127.0.1.13', '/dev/sdb');
  const out = await call('waitForDataMotion', [{ pollMs: 100 }]);
  const watched = out.result as { polls: number; firstMovingKb: number };
  expect(watched.firstMovingKb).toBeGreaterThan(0);
  expect(watched.polls).toBeGreaterThan(1);
  const stats = gw.cluster.statistics('System') as Record<string, number>;
  expect(stats.degradedHealthyCapacityInKb ?? 0).toBe(0);
});
