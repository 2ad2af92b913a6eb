// The worker's gateway client over the gateways of every MDM node, end to end: a bootstrap with the first of two
// gateways down from the start completes through the second, and after the MDM ownership moves (every session
// dropped) and the second gateway goes down, the next procedure logs in again and goes back to the first.
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { BootstrapReport } from '../../workflows/bootstrap-cluster';
import type { OnboardReport } from '../../workflows/onboard-agent';
import { clusterContextQuery, setPolicySignal } from '../../common/messages';
import { startStack, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(uniqueName('gwfail'), { agents: 3, gatewayEndpoints: 2 });
});

afterAll(async () => {
  for (const id of [workflowIds.supervisor(stack.cluster), workflowIds.health(stack.cluster)])
    await stack?.worker.client.workflow
      .getHandle(id)
      .terminate('gateway failover test over')
      .catch(() => undefined);
  await stack?.stop();
});

test('a bootstrap runs through the second gateway while the first is down, and fails back later', async () => {
  const { cluster, world, worker, gateway } = stack;
  const [first, second] = world.gateways;
  await world.fault('gateway-down', { endpoint: 0 });
  // Counted from here: the e2e tests share one task queue, so another test's leftover workflow may have run an
  // activity on this worker (with this client) before.
  const firstCalls = first!.requests;
  const logins = gateway.endpoints.map((e) => e.logins);
  const report: BootstrapReport = await worker.client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    args: [stack.spec({ waitForAgentsMinutes: 2 })],
  });
  expect(report.dataNodes.every((d) => d.onboarded)).toBe(true);
  expect(world.cluster.snapshot().storagePools.map((p) => p.name)).toEqual(['sp1']);
  expect(first!.requests).toBe(firstCalls);
  expect(second!.requests).toBeGreaterThan(0);
  expect(gateway.currentEndpoint).toBe(second!.url);
  expect(gateway.endpoints.map((e) => e.logins)).toEqual([logins[0], logins[1]! + 1]);

  // The primary MDM hands over to the secondary: the gateways' sessions end with it. The second gateway goes down
  // and the first comes back.
  const mdm = world.cluster.snapshot().mdmCluster!;
  const secondary = mdm.slaves[0]!;
  await gateway.mdm.changeOwnership(secondary.id);
  await world.fault('gateway-down', { endpoint: 1 });
  await world.fault('gateway-up', { endpoint: 0 });

  // The next procedure that needs the gateway: on-boarding one more agent (its SDS, devices, test volume).
  const firstLogins = gateway.endpoints[0]!.logins;
  const supervisor = worker.client.workflow.getHandle(workflowIds.supervisor(cluster));
  await supervisor.signal(setPolicySignal, { autoOnboard: false });
  const host = await world.addAgent();
  const context = await supervisor.query(clusterContextQuery);
  const onboard: OnboardReport = await worker.client.workflow.execute('onboardAgent', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.onboard(cluster, host),
    args: [{ cluster, hostname: host, context }],
  });
  expect(onboard.verified).toBe(true);
  expect(world.cluster.snapshot().mdmCluster?.master?.id).toBe(secondary.id);
  expect(gateway.currentEndpoint).toBe(first!.url);
  // One login on the first gateway after the switch (its old token, if any, died with the ownership change).
  expect(gateway.endpoints[0]?.logins).toBe(firstLogins + 1);
}, 240_000);
