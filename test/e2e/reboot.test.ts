// Reboots as first-class steps, end to end: a 3-node bootstrap where two Ubuntu 14.04 MDM nodes need a new kernel
// reboots them one at a time, the node hosting the control plane (node-2, by the config override) last, and checks
// each node's services before going on; an isolator-only change restarts the agent (no reboot) and a service left
// down fails the step naming it; noReboot (the old -debug) stops with RebootRequired and reboots nothing.
// The coordinator's own rules (order, dead holders, continue-as-new) are in reboot-coordinator.test.ts.
import { WorkflowFailedError } from '@temporalio/client';
import { GatewayClient } from '../../activities/gateway';
import { clusterContextQuery, progressQuery, setPolicySignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { Progress } from '../../common/progress';
import type { RebootRecord } from '../../common/reboots';
import { startWorld, type World } from '../../sim/world';
import type { BootstrapReport } from '../../workflows/bootstrap-cluster';
import { startBridgeProcess, waitFor, type BridgeProcess } from '../support/bridge-process';
import { ADMIN_PASSWORD, specFor } from '../support/stack';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';
import { CENTOS7, CoordinatorProbe, fleetOf, onNode, recordReboots, UBUNTU14, type SimReboot } from './reboot-support';

const cluster = uniqueName('reboot');
let world: World;
let env: Running;
let bridge: BridgeProcess;
let gateway: GatewayClient;
let reboots: SimReboot[];
let probe: CoordinatorProbe;

beforeAll(async () => {
  world = await startWorld({
    agents: fleetOf([CENTOS7, UBUNTU14, UBUNTU14]),
    rebootDelayMs: 500,
    mesos: { allocationIntervalMs: 100 },
  });
  reboots = recordReboots(world);
  gateway = new GatewayClient({
    url: world.gatewayUrl,
    user: 'admin',
    password: ADMIN_PASSWORD,
    ...(world.gatewayCa ? { ca: world.gatewayCa } : {}),
    timeoutMs: 5000,
  });
  // node-2 hosts "our worker": the configured override (the pollers' hosts are this machine's name).
  env = await runScaleioWorker({ gateway, controlPlaneHosts: ['node-2'] });
  bridge = await startBridgeProcess({
    masterUrl: world.masterUrl,
    cluster,
    env: { SCALEIO_ADMIN_PASSWORD: ADMIN_PASSWORD, MESOS_DISCOVERY_INTERVAL_S: '1' },
  });
  await waitFor(
    'the bridge to subscribe',
    () => bridge.health(),
    (h) => h.ok
  );
  probe = new CoordinatorProbe(env.client, cluster);
}, 60_000);

afterAll(async () => {
  await probe?.stop();
  for (const id of [workflowIds.supervisor(cluster), workflowIds.health(cluster)])
    await env?.client.workflow
      .getHandle(id)
      .terminate('reboot test over')
      .catch(() => undefined);
  await bridge?.stop();
  await env?.stop();
  await gateway?.close();
  await world?.close();
});

/** Reboots a node went through (a node starts with one boot). */
const rebootsOf = (h: string) => world.registry.get(h).bootCount - 1;
const stepOf = (p: Progress, phase: string, step: string) =>
  p.phases.find((x) => x.name === phase)?.steps.find((s) => s.name === step);

test('bootstrap reboots its two Ubuntu 14.04 MDM nodes one at a time, the control-plane host last', async () => {
  const handle = await env.client.workflow.start('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    args: [specFor(cluster, world, { waitForAgentsMinutes: 2 })],
  });
  const report: BootstrapReport = await handle.result();
  expect(report.dataNodes.map((d) => [d.hostname, d.onboarded])).toEqual([
    ['node-1', true],
    ['node-2', true],
    ['node-3', true],
  ]);

  // The simulator: node-3 went down and came back before node-2 went down; node-1 (CentOS) never rebooted.
  expect(reboots.map((r) => r.hostname)).toEqual(['node-3', 'node-2']);
  expect(reboots[1]!.downAt).toBeGreaterThanOrEqual(reboots[0]!.upAt!);
  expect([rebootsOf('node-1'), rebootsOf('node-2'), rebootsOf('node-3')]).toEqual([0, 1, 1]);
  const rebootTasks = world.mesos.taskLog().filter((t) => t.taskId.includes('.reboot-node.'));
  expect(rebootTasks.map((t) => t.hostname)).toEqual(['node-3', 'node-2']);

  // The coordinator: two reboots and three agent restarts (the isolator on each data node); never two reboots at
  // once, and the control-plane host's turns (node-2) beside no other turn.
  const v = await probe.view();
  expect(v.holder).toBeNull();
  expect(v.queue).toEqual([]);
  expect(v.controlPlaneHosts).toContain('node-2');
  const turns = [...v.recent].sort((a, b) => a.grantedAt.localeCompare(b.grantedAt));
  expect(turns.filter((t) => t.kind === 'reboot').map((t) => [t.hostname, t.outcome])).toEqual([
    ['node-3', 'done'],
    ['node-2', 'done'],
  ]);
  expect(
    turns
      .filter((t) => t.kind === 'restart-agent')
      .map((t) => t.hostname)
      .sort()
  ).toEqual(['node-1', 'node-2', 'node-3']);
  const overlap = (a: RebootRecord, b: RebootRecord) => a.grantedAt < b.releasedAt && b.grantedAt < a.releasedAt;
  const pairs = turns.flatMap((a, i) => turns.slice(i + 1).map((b) => [a, b] as const));
  const clashes = pairs.filter(
    ([a, b]) =>
      overlap(a, b) && ((a.kind === 'reboot' && b.kind === 'reboot') || [a, b].some((t) => t.hostname === 'node-2'))
  );
  expect(clashes).toEqual([]);

  // Progress: each rebooted node came back under a new agent and its Mesos agent was checked.
  const p = await handle.query(progressQuery);
  for (const h of ['node-2', 'node-3']) {
    expect(stepOf(p, 'mdm-nodes', `${h}/node-back`)).toMatchObject({
      status: 'COMPLETE',
      detail: expect.stringMatching(/^back as agent /),
    });
    expect(stepOf(p, 'mdm-nodes', `${h}/verify-services`)).toMatchObject({
      status: 'COMPLETE',
      detail: 'active: mesos-slave',
    });
  }
}, 300_000);

test('an isolator-only change restarts the agent (no reboot); a service left down fails naming it', async () => {
  // The operator took our isolator out of node-3's agent flags: on-boarding again puts it back.
  const write = await onNode(
    world,
    'node-3',
    'sim-write-file',
    ['/etc/mesos-slave/isolation'],
    'posix/cpu,posix/mem\n'
  );
  expect(write.exitCode).toBe(0);
  // Hold a turn on node-3 (one turn per node), so the restart waits while rexray is stopped behind its back.
  await probe.holder('hold-1', 'node-3');
  const context = await env.client.workflow.getHandle(workflowIds.supervisor(cluster)).query(clusterContextQuery);
  const handle = await env.client.workflow.start('onboardAgent', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.onboard(cluster, 'node-3'),
    args: [{ cluster, hostname: 'node-3', context, skipVerify: true }],
  });
  const waiting = await waitFor(
    'the agent restart to wait for its turn',
    () => handle.query(progressQuery),
    (p) => stepOf(p, 'volume-driver', 'restart-mesos-agent')?.status === 'WAITING'
  );
  expect(stepOf(waiting, 'volume-driver', 'restart-mesos-agent')?.reason).toMatch(/^waiting for the cluster's turn/);
  expect((await onNode(world, 'node-3', 'service', ['rexray', 'stop'])).exitCode).toBe(0);
  await probe.release('hold-1');

  const err = await handle.result().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe('ServiceDown');
  expect(cause.message).toMatch(/^rexray stayed down on node-3 after its Mesos agent restart/);
  const p = await handle.query(progressQuery);
  expect(stepOf(p, 'volume-driver', 'agent-back')?.status).toBe('COMPLETE');
  expect(stepOf(p, 'volume-driver', 'verify-services')).toMatchObject({ status: 'ERROR' });
  expect(world.registry.get('node-3').files['/etc/mesos-slave/isolation']?.content).toContain(
    'com_emccode_mesos_DockerVolumeDriverIsolator'
  );
  expect(rebootsOf('node-3')).toBe(1);
  const v = await waitFor(
    'the failed turn to be released',
    () => probe.view(),
    (x) => x.holder === null
  );
  expect(v.recent.at(-1)).toMatchObject({ hostname: 'node-3', kind: 'restart-agent', outcome: 'failed' });
}, 120_000);

test('noReboot (the old -debug): RebootRequired names the node, and nothing reboots or installs after it', async () => {
  const supervisor = env.client.workflow.getHandle(workflowIds.supervisor(cluster));
  await supervisor.signal(setPolicySignal, { autoOnboard: false });
  const host = await world.addAgent();
  expect(world.registry.get(host).os.version).toBe('14.04');
  const context = await supervisor.query(clusterContextQuery);
  const err = await env.client.workflow
    .execute('onboardAgent', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: workflowIds.onboard(cluster, host),
      args: [{ cluster, hostname: host, context: { ...context!, spec: { ...context!.spec, noReboot: true } } }],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe('RebootRequired');
  expect(cause.message).toMatch(new RegExp(`^${host} needs a reboot .*noReboot.*Reboot it yourself`));
  expect(rebootsOf(host)).toBe(0);
  expect(reboots.map((r) => r.hostname)).not.toContain(host);
  const p = await env.client.workflow.getHandle(workflowIds.onboard(cluster, host)).query(progressQuery);
  expect(stepOf(p, 'prerequisites', 'reboot-node')).toMatchObject({ status: 'ERROR', reason: cause.message });
  // Only the OS prerequisites (with the new kernel) went on; no ScaleIO package, no reboot task.
  const installed = world.registry.installLog.list().filter((e) => e.hostname === host);
  expect(installed.map((e) => e.package)).toContain('linux-image-4.4.0-38-generic');
  expect(installed.filter((e) => /scaleio|rexray/i.test(e.package))).toEqual([]);
  expect(world.mesos.taskLog().filter((t) => t.hostname === host && t.taskId.includes('.reboot-node.'))).toEqual([]);
});
