// addDevice end to end: workflow → bridge process → probe task on the simulated node → gateway → ScaleIO model.
// A disk taken out of an SDS earlier (removeDeviceAndWait, its data drained) is added back and the pool rebalances
// onto it; a second start is a no-op that says so; every refusal names its reason and changes nothing.
import { WorkflowFailedError } from '@temporalio/client';
import type { AddDeviceInput, AddDeviceReport } from '../../workflows/add-device';
import { progressQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { startClusterFixture, Teardown, type ClusterFixture } from '../support/cluster-fixture';
import { startWithCli } from '../support/temporal';

const GB_KB = 1024 * 1024;
const teardown = new Teardown();
let f: ClusterFixture;

beforeAll(async () => {
  f = await startClusterFixture(
    {
      prefix: 'adddev',
      agents: 4,
      dataNodes: ['node-2', 'node-3', 'node-4'],
      // A disk that holds a filesystem: never given to ScaleIO.
      extraDevices: {
        'node-4': [{ path: '/dev/sdd', sizeBytes: 50 * 1024 * GB_KB, inUse: false, hasFilesystem: true }],
      },
      extraPools: ['sp2'],
    },
    teardown
  );
});

afterAll(() => teardown.run());

type Input = Omit<AddDeviceInput, 'cluster'>;

function run(input: Input, workflowId = workflowIds.device(f.cluster, input.hostname, input.path)) {
  return f.client.workflow.execute('addDevice', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId,
    args: [{ cluster: f.cluster, ...input }],
  }) as Promise<AddDeviceReport>;
}

async function refusal(input: Input): Promise<{ type: string | undefined; message: string }> {
  const err = await run(input).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
}

function sdsOf(hostname: string) {
  const ip = f.nodeIp(hostname);
  const snap = f.world.cluster.snapshot();
  const sds = snap.sds.find((s) => s.ipList.some((x) => x.ip === ip));
  return { sds, devices: snap.devices.filter((d) => d.sdsId === sds?.id), jobs: snap.jobs };
}

test('a disk freed earlier goes back into the SDS and the pool rebalances onto it; again it is a no-op', async () => {
  f.speedUp(200);
  f.world.cluster.fillCapacity(10);
  const ip = f.nodeIp('node-4');
  const freed = await f.client.workflow.execute('callScaleio', {
    taskQueue: f.fixtures.taskQueue,
    workflowId: `${f.cluster}-free-sdc`,
    args: ['removeDeviceAndWait', [{ sdsIp: ip, path: '/dev/sdc', pollMs: 200 }]],
  });
  expect(freed).toMatchObject({ result: { started: true, movedKb: 20 * GB_KB } });
  expect(sdsOf('node-4').devices.map((d) => d.deviceCurrentPathName)).toEqual(['/dev/sdb']);

  // The pool is HDD: a device declared SSD is refused before anything changes.
  const ssd = await refusal({ hostname: 'node-4', path: '/dev/sdc', mediaType: 'SSD' });
  expect(ssd).toMatchObject({ type: 'InvalidInput' });
  expect(ssd.message).toContain('mediaType: is SSD, but storage pool sp1 holds HDD devices');

  const inUseBefore = (f.world.cluster.statistics('System') as Record<string, number>).capacityInUseInKb;
  const report = await run({ hostname: 'node-4', path: '/dev/sdc', mediaType: 'HDD', context: f.context });
  expect(report).toMatchObject({ hostname: 'node-4', ip, path: '/dev/sdc', storagePool: 'sp1', added: true });
  expect(report.poolCapacityKb.after - report.poolCapacityKb.before).toBe(200 * GB_KB);
  expect(report.rebalance?.firstMovingKb).toBeGreaterThan(0);
  const after = sdsOf('node-4');
  const sdc = after.devices.find((d) => d.deviceCurrentPathName === '/dev/sdc');
  expect(sdc).toMatchObject({ id: report.deviceId, deviceState: 'Normal' });
  // Rebalanced: the new disk holds data now, nothing is left to move, and no data was lost on the way.
  expect(sdc?.usedKb).toBeGreaterThan(GB_KB);
  expect(after.jobs).toEqual([]);
  expect((f.world.cluster.statistics('System') as Record<string, number>).capacityInUseInKb).toBe(inUseBefore);
  const workflowId = workflowIds.device(f.cluster, 'node-4', '/dev/sdc');
  const progress = await f.client.workflow.getHandle(workflowId).query(progressQuery);
  expect(progress).toMatchObject({ procedure: 'add-device', status: 'COMPLETE', done: 5, total: 5 });

  // The operator starts it again: nothing is added, the report says so, and only the read-only probe ran.
  const shape = f.shape();
  const tasks = f.world.mesos.taskLog().length;
  await startWithCli('addDevice', workflowId, { cluster: f.cluster, hostname: 'node-4', path: '/dev/sdc' });
  const again: AddDeviceReport = await f.client.workflow.getHandle(workflowId).result();
  expect(again).toMatchObject({ added: false, deviceId: report.deviceId, rebalance: null });
  expect(again.detail).toContain('unchanged: /dev/sdc of node-4 is already device');
  expect(f.shape()).toEqual(shape);
  expect(
    f.world.mesos
      .taskLog()
      .slice(tasks)
      .map((t) => t.name)
  ).toEqual(['probe-node']);
  f.speedUp(1);
});

test('bad input is refused with its reason and changes nothing', async () => {
  const shape = f.shape();
  const tasks = f.world.mesos.taskLog().length;
  const cases: [Input, string, string][] = [
    [{ hostname: 'node-4', path: '/dev/sda' }, 'DeviceInUse', '/dev/sda of node-4 is not free: system disk'],
    [{ hostname: 'node-4', path: '/dev/sdd' }, 'DeviceInUse', 'is not free: holds a ext4 filesystem'],
    [{ hostname: 'node-4', path: '/dev/sdz' }, 'DeviceInUse', '/dev/sdz does not exist on node-4'],
    [{ hostname: 'node-4', path: '/dev/sda1' }, 'DeviceInUse', '/dev/sda1 is a partition of /dev/sda'],
    [
      { hostname: 'node-4', path: '/dev/sdb', storagePool: 'sp2' },
      'DeviceInUse',
      'is already a device of SDS sds_127.0.1.5 in another storage pool',
    ],
    [{ hostname: 'node-4', path: '/dev/sdb', storagePool: 'nope' }, 'NotFound', 'storage pool "nope" does not exist'],
    [{ hostname: 'node-1', path: '/dev/sdb' }, 'NodeNotFound', 'node-1 (127.0.1.2) has no SDS in the cluster'],
    [{ hostname: 'node-99', path: '/dev/sdb' }, 'NodeNotFound', 'node-99 is not a Mesos agent'],
    [{ hostname: 'node-4', path: '/dev/sdb; reboot' }, 'InvalidInput', 'path: must be a block device path under /dev'],
    [{ hostname: 'node-4', path: '/tmp/disk.img' }, 'InvalidInput', 'path: must be a block device path under /dev'],
    [{ hostname: 'node-4', path: '/dev/../etc/passwd' }, 'InvalidInput', 'path: must be a block device path'],
    [
      { hostname: 'node-4', path: '/dev/sdb', confirm: 'yes' },
      'ConfirmationMismatch',
      'confirm: must read "add-device node-4 /dev/sdb"',
    ],
  ];
  for (const [input, type, text] of cases) {
    const out = await refusal(input);
    expect({ input, ...out }).toMatchObject({ input, type });
    expect(out.message).toContain(text);
  }
  expect(f.shape()).toEqual(shape);
  // Only read-only probes ran on the nodes.
  expect(
    new Set(
      f.world.mesos
        .taskLog()
        .slice(tasks)
        .map((t) => t.name)
    )
  ).toEqual(new Set(['probe-node']));
});
