// decommissionNode end to end against the simulator: refusals (confirmation, MDM quorum, capacity, mapped volumes,
// unknown node) change nothing; a decommission waits for a running rebuild, keeps a second one out, and can be
// cancelled before its point of no return without a trace; past that point it finishes even when cancelled: the
// SDS drains into the others, its packages go, the SDC is forgotten, and no data is lost.
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { DecommissionNodeInput, DecommissionReport } from '../../workflows/decommission-node';
import { progressQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { waitFor } from '../support/bridge-process';
import { startClusterFixture, Teardown, type ClusterFixture } from '../support/cluster-fixture';

const GB_KB = 1024 * 1024;
const teardown = new Teardown();
let f: ClusterFixture;

beforeAll(async () => {
  f = await startClusterFixture(
    {
      prefix: 'decom',
      agents: 5,
      dataNodes: ['node-2', 'node-3', 'node-4', 'node-5'],
    },
    teardown
  );
  f.world.cluster.fillCapacity(5);
});

afterAll(() => teardown.run());

type Input = Omit<DecommissionNodeInput, 'cluster' | 'confirm'> & { confirm?: string };
const confirmed = (hostname: string): Input => ({ hostname, confirm: `decommission ${hostname}` });

function start(input: Input): Promise<WorkflowHandle> {
  return f.client.workflow.start('decommissionNode', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.decommission(f.cluster, input.hostname),
    args: [{ cluster: f.cluster, ...input }],
  });
}

async function failure(handle: WorkflowHandle): Promise<{ type?: string; message: string; cause: unknown }> {
  const err = await handle.result().then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message, cause };
}

const system = () => f.world.cluster.statistics('System') as Record<string, number>;

async function stepStatus(handle: WorkflowHandle, phase: string, step: string): Promise<string | undefined> {
  const p = await handle.query(progressQuery);
  return p.phases.find((x) => x.name === phase)?.steps.find((s) => s.name === step)?.status;
}

test('refusals name their reason and change nothing', async () => {
  const shape = f.shape();
  const tasks = f.world.mesos.taskLog().length;
  const sdc4 = f.world.cluster.snapshot().sdcs.find((s) => s.sdcIp === f.nodeIp('node-4'))!;
  const pool = f.world.cluster.snapshot().storagePools.find((p) => p.name === 'sp1')!;
  const vol = f.world.cluster.createVolume({ name: 'db-data', sizeInKb: 8 * GB_KB, storagePoolId: pool.id });
  f.world.cluster.mapVolume(vol, sdc4.id);
  const refusals: [Input, string, string][] = [
    [{ hostname: 'node-5' }, 'ConfirmationMismatch', 'confirm: must read "decommission node-5"'],
    [{ hostname: 'node-5', confirm: 'decommission node-4' }, 'ConfirmationMismatch', 'must read "decommission node-5"'],
    [{ hostname: 'node-5; reboot', confirm: 'x' }, 'InvalidInput', 'hostname: must be a hostname'],
    [confirmed('node-1'), 'QuorumWouldBreak', 'node-1 is the primary MDM'],
    [confirmed('node-3'), 'QuorumWouldBreak', 'node-3 is the tiebreaker MDM'],
    [confirmed('node-99'), 'NodeNotFound', 'node-99 is not a Mesos agent'],
    [confirmed('node-4'), 'DeviceInUse', 'the SDC of node-4 has 1 volume(s) mapped (db-data)'],
  ];
  for (const [input, type, text] of refusals) {
    const out = await failure(await start(input));
    expect({ input, type: out.type, message: out.message }).toMatchObject({ input, type });
    expect(out.message).toContain(text);
  }
  // A context that misses an MDM (stale, or hand-written): the MDM cluster itself still refuses.
  const stale = { ...f.context, mdms: f.context.mdms.filter((m) => m.hostname !== 'node-2') };
  const mdm = await failure(await start({ ...confirmed('node-2'), context: stale }));
  expect(mdm.type).toBe('QuorumWouldBreak');
  expect(mdm.message).toContain('node-2 is the secondary MDM (per the MDM cluster, where it is mdm2)');
  expect(mdm.message).toContain('Removing an MDM needs an MDM replacement');
  expect(mdm.message).toContain('not supported yet');
  f.world.cluster.unmapVolume(vol, sdc4.id);
  f.world.cluster.removeVolume(vol);

  // 4 data nodes x 400 GB at 80%: 1280 GB in use; without node-5, 1200 GB raw keeps 1080 GB after 10% spare.
  f.world.cluster.fillCapacity(80);
  const full = await failure(await start(confirmed('node-5')));
  f.world.cluster.fillCapacity(5);
  expect(full.type).toBe('InsufficientCapacity');
  expect(full.message).toContain(
    'storage pool sp1: 1280.0 GB in use, but only 1080.0 GB usable without it (1200.0 GB raw on the other devices, ' +
      'keeping 10% spare); short by 200.0 GB'
  );
  expect(f.shape()).toEqual(shape);
  expect(
    new Set(
      f.world.mesos
        .taskLog()
        .slice(tasks)
        .map((t) => t.name)
    )
  ).toEqual(new Set(['probe-node']));
});

test('it waits for a running rebuild, keeps a second decommission out, and cancels without a trace', async () => {
  const shape = f.shape();
  const tasks = f.world.mesos.taskLog().length;
  // node-2's SDS goes down: its data is rebuilt elsewhere, at the simulator's real-time pace (minutes).
  f.world.cluster.setSdsConnected(f.nodeIp('node-2'), false);
  try {
    const first = await start(confirmed('node-5'));
    await waitFor(
      'the decommission to wait for the rebuild',
      () => stepStatus(first, 'pre-flight', 'wait-for-rebuilds'),
      (s) => s === 'WAITING'
    );
    const second = await failure(await start(confirmed('node-4')));
    expect(second.type).toBe('ProcedureConflict');
    expect(second.message).toContain('one decommission at a time');

    await first.cancel();
    const out = await failure(first);
    expect(out.cause).toBeInstanceOf(CancelledFailure);
    expect(await stepStatus(first, 'remove-sds', 'remove-sds')).toBe('PENDING');
  } finally {
    f.world.cluster.setSdsConnected(f.nodeIp('node-2'), true);
  }
  expect(f.world.cluster.snapshot().jobs).toEqual([]);
  expect(f.shape()).toEqual(shape);
  expect(
    new Set(
      f.world.mesos
        .taskLog()
        .slice(tasks)
        .map((t) => t.name)
    )
  ).toEqual(new Set(['probe-node']));
});

test('past the point of no return it finishes even when cancelled: data migrated, packages and SDC gone', async () => {
  const ip = f.nodeIp('node-5');
  const before = system();
  const sds5 = f.world.cluster.snapshot().sds.find((s) => s.ipList[0]?.ip === ip)!;
  const held = f.world.cluster
    .snapshot()
    .devices.filter((d) => d.sdsId === sds5.id)
    .reduce((sum, d) => sum + d.usedKb, 0);
  expect(held).toBeGreaterThanOrEqual(20 * GB_KB);
  const handle = await start(confirmed('node-5'));
  // The gateway was asked to remove the SDS: its data drains at the simulator's real-time pace (minutes).
  await waitFor(
    'the SDS removal to start',
    async () => f.world.cluster.snapshot().sds.find((s) => s.ipList[0]?.ip === ip)?.sdsState,
    (s) => s === 'RemovePending'
  );
  expect(await stepStatus(handle, 'remove-sds', 'remove-sds')).toBe('STARTING');
  await handle.cancel();
  f.speedUp(200);
  const report = (await handle.result()) as DecommissionReport;
  f.speedUp(1);

  expect(report).toMatchObject({
    hostname: 'node-5',
    ip,
    sds: { name: `sds_${ip}`, devices: ['/dev/sdb', '/dev/sdc'], migratedKb: held },
    uninstalled: [
      { role: 'sdc', status: 'removed', changed: true },
      { role: 'sds', status: 'removed', changed: true },
    ],
    sdcRemoved: true,
    leftInstalled: [expect.stringMatching(/^rexray 0\.8\.2\S* \(its config still names this cluster\)$/)],
    cancelIgnored: true,
  });
  expect(report.capacity).toEqual([expect.objectContaining({ storagePool: 'sp1', nodeKb: 400 * GB_KB, shortKb: 0 })]);

  const snap = f.world.cluster.snapshot();
  expect(snap.sds.map((s) => s.ipList[0]?.ip)).not.toContain(ip);
  expect(snap.devices).toHaveLength(6);
  expect(snap.sdcs.map((s) => s.sdcIp)).not.toContain(ip);
  expect(snap.jobs).toEqual([]);
  expect(Object.keys(f.world.registry.get('node-5').packages).filter((p) => /scaleio/i.test(p))).toEqual([]);
  // The data moved, none was lost: the same capacity in use, 400 GB less raw capacity.
  const after = system();
  expect(after.capacityInUseInKb).toBe(before.capacityInUseInKb);
  expect(before.maxCapacityInKb! - after.maxCapacityInKb!).toBe(400 * GB_KB);
  const progress = await handle.query(progressQuery);
  expect(progress).toMatchObject({ procedure: 'decommission', status: 'COMPLETE' });

  // Again: the node is no longer part of the cluster, and nothing changes.
  const shape = f.shape();
  const again = await failure(await start(confirmed('node-5')));
  expect(again.type).toBe('NodeNotFound');
  expect(again.message).toContain('node-5 (127.0.1.6) is not part of the cluster');
  expect(f.shape()).toEqual(shape);
});
