// nodeMaintenance end to end against the simulator (real bridge, supervisor, on-boarded data nodes): refusals
// name their reason and change nothing; a node enters maintenance, stays there until the operator signals (no
// second maintenance meanwhile), leaves it and waits for ScaleIO to catch up; the timeout and a cancellation
// take it out of maintenance too. On the same cluster, the healthMonitor sees a node's SDS stopped on the node
// (`service sds stop` through the bridge, as a dying node would) as a disconnected SDS, and clears it on restart.
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { alertsQuery, exitMaintenanceSignal, progressQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { MaintenanceReport, NodeMaintenanceInput } from '../../workflows/node-maintenance';
import { waitFor } from '../support/bridge-process';
import { startClusterFixture, Teardown, type ClusterFixture } from '../support/cluster-fixture';

const teardown = new Teardown();
let f: ClusterFixture;

beforeAll(async () => {
  f = await startClusterFixture(
    { prefix: 'maint', agents: 4, dataNodes: ['node-1', 'node-2', 'node-3', 'node-4'] },
    teardown
  );
  f.world.cluster.fillCapacity(5);
  f.speedUp(10);
});

afterAll(() => teardown.run());

type Input = Omit<NodeMaintenanceInput, 'cluster' | 'confirm'> & { confirm?: string };
const confirmed = (hostname: string, more: Partial<Input> = {}): Input => ({
  hostname,
  confirm: `maintenance ${hostname}`,
  ...more,
});

function start(input: Input): Promise<WorkflowHandle> {
  return f.client.workflow.start('nodeMaintenance', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: `scaleio/${f.cluster}/node/${input.hostname}/maintenance`,
    args: [{ cluster: f.cluster, ...input }],
  });
}

async function failure(handle: WorkflowHandle): Promise<{ type?: string; message: string }> {
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
}

const sdsOf = (hostname: string) => f.world.cluster.snapshot().sds.find((s) => s.ipList[0]?.ip === f.nodeIp(hostname))!;
const maintenanceStates = () => f.world.cluster.snapshot().sds.map((s) => `${s.name}:${s.maintenanceState}`);

async function waitingForOperator(handle: WorkflowHandle): Promise<string> {
  const p = await waitFor(
    'the maintenance to wait for the operator',
    () => handle.query(progressQuery),
    (x) => x.phases.some((ph) => ph.steps.some((s) => s.name === 'hardware-work' && s.status === 'WAITING'))
  );
  return p.phases.flatMap((ph) => ph.steps).find((s) => s.name === 'hardware-work')?.reason ?? '';
}

test('refusals name their reason and change nothing', async () => {
  const before = maintenanceStates();
  const wrong = await failure(await start({ hostname: 'node-4', confirm: 'maintenance node-3' }));
  expect(wrong).toMatchObject({ type: 'ConfirmationMismatch' });
  expect(wrong.message).toContain('must read "maintenance node-4"');
  const unknown = await failure(await start(confirmed('node-99')));
  expect(unknown.type).toBe('NodeNotFound');
  expect(unknown.message).toContain('node-99 is not a Mesos agent offered to this framework (no offer from it');

  // Another SDS in maintenance, and one disconnected: either would leave data with a single copy.
  const other = sdsOf('node-3');
  f.world.cluster.enterMaintenanceMode(other.id);
  f.world.cluster.setSdsConnected(f.nodeIp('node-2'), false);
  try {
    const busy = await failure(await start(confirmed('node-4')));
    expect(busy).toEqual({
      type: 'RedundancyWouldBreak',
      message: expect.stringContaining(`SDS ${other.name} is in maintenance`),
    });
    expect(busy.message).toContain(`SDS ${sdsOf('node-2').name} is Disconnected`);
    expect(sdsOf('node-4').maintenanceState).toBe('NoMaintenance');
  } finally {
    f.world.cluster.setSdsConnected(f.nodeIp('node-2'), true);
    await waitFor(
      'node-3 in maintenance',
      async () => sdsOf('node-3').maintenanceState,
      (s) => s === 'InMaintenance'
    );
    f.world.cluster.exitMaintenanceMode(other.id);
  }
  await waitFor(
    'the cluster back as it was',
    async () => maintenanceStates(),
    (s) => s.join() === before.join()
  );
});

test('enter, hold until the operator signals (no second maintenance meanwhile), exit and catch up', async () => {
  const handle = await start(confirmed('node-4', { timeoutMinutes: 60 }));
  const reason = await waitingForOperator(handle);
  expect(reason).toContain(`SDS ${sdsOf('node-4').name} is in maintenance: do the hardware work on node-4`);
  expect(sdsOf('node-4').maintenanceState).toBe('InMaintenance');

  const second = await failure(await start(confirmed('node-3')));
  expect(second.type).toBe('ProcedureConflict');
  expect(second.message).toContain('one node in maintenance at a time');

  await handle.signal(exitMaintenanceSignal);
  const report = (await handle.result()) as MaintenanceReport;
  expect(report).toMatchObject({ hostname: 'node-4', ip: f.nodeIp('node-4'), entered: true, exit: 'signal' });
  expect(sdsOf('node-4').maintenanceState).toBe('NoMaintenance');
  expect(f.world.cluster.snapshot().jobs).toEqual([]);
  const done = await handle.query(progressQuery);
  expect(done.status).toBe('COMPLETE');
  expect((await handle.describe()).searchAttributes).toMatchObject({
    ScaleioProcedure: ['maintenance'],
    ScaleioNode: ['node-4'],
    ScaleioPhase: ['done'],
  });
});

test('the timeout takes the node out of maintenance by itself', async () => {
  const handle = await start(confirmed('node-2', { timeoutMinutes: 0.02 }));
  const report = (await handle.result()) as MaintenanceReport;
  expect(report).toMatchObject({ hostname: 'node-2', exit: 'timeout', entered: true });
  expect(sdsOf('node-2').maintenanceState).toBe('NoMaintenance');
});

test('cancelling leaves maintenance at once', async () => {
  const handle = await start(confirmed('node-1', { timeoutMinutes: 60 }));
  await waitingForOperator(handle);
  await handle.cancel();
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e
  );
  expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
  expect(sdsOf('node-1').maintenanceState).toBe('NoMaintenance');
});

test('healthMonitor: an SDS stopped on its node raises a disconnected alert, cleared once it runs again', async () => {
  // The supervisor already started the cluster's monitor (every 60 s): replace it with a fast one.
  const monitor = await f.client.workflow.start('healthMonitor', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.health(f.cluster),
    args: [{ cluster: f.cluster, intervalSeconds: 0.5 }],
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
  });
  const sdsOnNode = (command: string) =>
    f.client.workflow.execute('runStep', {
      taskQueue: f.fixtures.taskQueue,
      workflowId: `${f.cluster}-${command.replace(/ /g, '-')}`,
      args: [{ hostname: 'node-4', taskName: command.replace(/ /g, '-'), command }],
    });
  try {
    const alertId = `sds-disconnected:${sdsOf('node-4').name}`;
    const active = () => monitor.query(alertsQuery).then((v) => v.active.map((a) => a.id));
    await waitFor(
      'a first clean reading',
      () => monitor.query(alertsQuery),
      (v) => v.polls > 0
    );
    expect(await active()).toEqual([]);
    expect(await sdsOnNode('service sds stop')).toMatchObject({ exitCode: 0 });
    await waitFor('the disconnected alert', active, (ids) => ids.includes(alertId));
    expect(await sdsOnNode('service sds start')).toMatchObject({ exitCode: 0 });
    await waitFor('all clear', active, (ids) => ids.length === 0);
    const changes = (await monitor.query(alertsQuery)).recent.map((c) => `${c.change} ${c.alert.id}`);
    expect(changes).toEqual(expect.arrayContaining([`raised ${alertId}`, `cleared ${alertId}`]));
  } finally {
    await monitor.terminate('test over');
  }
});
