// bootstrapCluster end to end: workflow → bridge process → Mesos tasks running the shims on simulated nodes, and
// the gateway; the sim's state is the judge: MDM roles, PD/SP, every node an SDS (with its free devices) and an
// SDC, REX-Ray and the isolator installed, each install step run once per node, the supervisor in charge.
import type { BootstrapReport } from '../../workflows/bootstrap-cluster';
import { clusterContextQuery, membersQuery, progressQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { startStack, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';
import { waitFor } from '../support/bridge-process';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(uniqueName('boot'), { agents: 4 });
});

afterAll(async () => {
  await stack?.stop();
});

function installsPerNodePackage(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of stack.world.registry.installLog.list()) {
    if (e.action === 'remove') continue;
    const key = `${e.hostname} ${e.package}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

test('a 3-node bootstrap builds the cluster, on-boards every agent and hands over to the supervisor', async () => {
  const { cluster, world, worker } = stack;
  const handle = await worker.client.workflow.start('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    args: [stack.spec({ waitForAgentsMinutes: 2 })],
  });
  const report: BootstrapReport = await handle.result();

  // MDM roles: three distinct nodes spread over the racks r1, r2, r3.
  expect(report.mode).toBe('created');
  expect(report.mdms.map((m) => m.role)).toEqual(['primary', 'secondary', 'tiebreaker']);
  expect(new Set(report.mdms.map((m) => m.hostname)).size).toBe(3);
  const racks = report.mdms.map((m) => world.mesos.agents().find((a) => a.hostname === m.hostname)?.spec.rack);
  expect(new Set(racks).size).toBe(3);

  const s = world.cluster.snapshot();
  expect(s.mdmCluster?.clusterMode).toBe('ThreeNodes');
  const ipOf = (h: string) => world.registry.get(h).ip;
  const primary = report.mdms.find((m) => m.role === 'primary')!;
  expect(s.mdmCluster?.master?.ips).toEqual([ipOf(primary.hostname)]);
  expect(s.protectionDomains.map((p) => p.name)).toEqual(['pd1']);
  expect(s.storagePools.map((p) => p.name)).toEqual(['sp1']);

  // Every agent: an SDS with /dev/sdb and /dev/sdc, an SDC, REX-Ray and the isolator.
  const hosts = world.mesos
    .agents()
    .map((a) => a.hostname)
    .sort();
  expect(report.dataNodes.map((d) => [d.hostname, d.onboarded])).toEqual(hosts.map((h) => [h, true]));
  for (const h of hosts) {
    const sds = s.sds.find((x) => x.ipList.some((i) => i.ip === ipOf(h)));
    expect(sds?.name).toBe(`sds_${ipOf(h)}`);
    const devices = s.devices
      .filter((d) => d.sdsId === sds?.id)
      .map((d) => d.deviceCurrentPathName)
      .sort();
    expect(devices).toEqual(['/dev/sdb', '/dev/sdc']);
    expect(s.sdcs.some((c) => c.sdcIp === ipOf(h))).toBe(true);
    const pkgs = Object.keys(world.registry.get(h).packages);
    expect(pkgs).toEqual(expect.arrayContaining(['rexray']));
  }
  // The test volumes are gone again.
  expect(s.volumes).toEqual([]);

  // Each package installed exactly once per node.
  for (const [key, n] of installsPerNodePackage()) expect([key, n]).toEqual([key, 1]);

  // The supervisor holds the context and counts every node as on-boarded.
  const supervisor = worker.client.workflow.getHandle(workflowIds.supervisor(cluster));
  const ctx = await supervisor.query(clusterContextQuery);
  expect(ctx?.mdms).toEqual(report.mdms);
  const members = await waitFor(
    'the supervisor to list every node as on-boarded',
    () => supervisor.query(membersQuery),
    (ms) => ms.length === hosts.length && ms.every((m) => m.onboarding === 'done')
  );
  expect(members.map((m) => m.hostname)).toEqual(hosts);

  // The supervisor started the cluster's health monitor.
  const monitor = await waitFor(
    'the health monitor to run',
    () =>
      worker.client.workflow
        .getHandle(workflowIds.health(cluster))
        .describe()
        .catch(() => undefined),
    (d) => d?.status.name === 'RUNNING'
  );
  expect(monitor?.type).toBe('healthMonitor');

  const progress = await handle.query(progressQuery);
  expect(progress.status).toBe('COMPLETE');
  expect(progress.done).toBe(progress.total);
}, 300_000);

test('an agent added after the bootstrap is on-boarded by the supervisor with no operator action', async () => {
  const { world, worker, cluster } = stack;
  const hostname = await world.addAgent();
  const supervisor = worker.client.workflow.getHandle(workflowIds.supervisor(cluster));
  await waitFor(
    `the supervisor to on-board ${hostname}`,
    () => supervisor.query(membersQuery),
    (ms) => ms.some((m) => m.hostname === hostname && m.onboarding === 'done'),
    120_000
  );
  const ip = world.registry.get(hostname).ip;
  const s = world.cluster.snapshot();
  expect(s.sds.some((x) => x.name === `sds_${ip}`)).toBe(true);
  expect(s.sdcs.some((c) => c.sdcIp === ip)).toBe(true);
}, 180_000);
