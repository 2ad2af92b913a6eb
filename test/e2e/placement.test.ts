// Agents carrying the old framework's attributes are placed as they say: a pinned tie-breaker, imperative SDS
// layouts (only the declared devices, pools created on first use), and a client-only node with an SDC but no SDS.
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { defaultFleet } from '../../sim/world/fleet';
import type { BootstrapReport } from '../../workflows/bootstrap-cluster';
import { startStack, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';

let stack: Stack;

beforeAll(async () => {
  const agents = defaultFleet(6);
  const attrs: Record<string, Record<string, string>> = {
    'node-1': { 'scaleio-persona': 'tiebreaker' },
    'node-4': {
      'scaleio-sds-domains': 'pd1',
      'scaleio-sds-pd1': 'sp1,fast',
      'scaleio-sds-sp1': '/dev/sdb',
      'scaleio-sds-fast': '/dev/sdc',
    },
    'node-5': { 'scaleio-sds-domains': 'pd1', 'scaleio-sds-pd1': 'sp1', 'scaleio-sds-sp1': '/dev/sdc' },
    'node-6': { 'scaleio-sdc-domains': 'pd1', 'scaleio-sdc-pd1': 'sp1' },
  };
  for (const a of agents) a.attributes = attrs[a.hostname] ?? {};
  stack = await startStack(uniqueName('place'), { agents });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('persona, imperative SDS layouts and client-only nodes are honoured', async () => {
  const { world, worker, cluster } = stack;
  const report: BootstrapReport = await worker.client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    args: [stack.spec({ waitForAgentsMinutes: 2 })],
  });
  expect(report.mdms.find((m) => m.role === 'tiebreaker')?.hostname).toBe('node-1');
  expect(report.dataNodes.every((d) => d.onboarded)).toBe(true);

  const s = world.cluster.snapshot();
  const ip = (h: string) => world.registry.get(h).ip;
  const pool = (id: string) => s.storagePools.find((p) => p.id === id)?.name;
  const devicesOf = (h: string) =>
    s.devices
      .filter((d) => d.sdsId === s.sds.find((x) => x.name === `sds_${ip(h)}`)?.id)
      .map((d) => `${d.deviceCurrentPathName}@${pool(d.storagePoolId)}`)
      .sort();
  expect(devicesOf('node-4')).toEqual(['/dev/sdb@sp1', '/dev/sdc@fast']);
  expect(devicesOf('node-5')).toEqual(['/dev/sdc@sp1']);
  expect(devicesOf('node-2')).toEqual(['/dev/sdb@sp1', '/dev/sdc@sp1']);
  expect(s.sds.some((x) => x.name === `sds_${ip('node-6')}`)).toBe(false);
  expect(s.sdcs.some((c) => c.sdcIp === ip('node-6'))).toBe(true);
  expect(Object.keys(world.registry.get('node-6').packages)).not.toContain(expect.stringMatching(/sds/i));
  const rexray = world.registry.get('node-6').files['/etc/rexray/config.yml']?.content ?? '';
  expect(rexray).toContain('protectionDomainName: pd1');
  expect(rexray).toContain('storagePoolName: sp1');
}, 300_000);
