// probeNode end to end: workflow → bridge process → Mesos task on the simulated node running the shims →
// facts read back. The operator's path is the `temporal` CLI; the same workflow refuses bad input.
import { WorkflowFailedError } from '@temporalio/client';
import type { NodeFacts } from '../../activities/install';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { startWorld, type World } from '../../sim/world';
import { startBridgeProcess, waitFor, type BridgeProcess } from '../support/bridge-process';
import { startWithCli, uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

const cluster = uniqueName('probe');
let world: World;
let bridge: BridgeProcess;
let env: Running;

beforeAll(async () => {
  world = await startWorld({ agents: 3, mesos: { allocationIntervalMs: 100 } });
  env = await runScaleioWorker();
  bridge = await startBridgeProcess({ masterUrl: world.masterUrl, cluster });
  await waitFor(
    'the bridge to subscribe',
    () => bridge.health(),
    (h) => h.ok
  );
});

afterAll(async () => {
  await bridge?.stop();
  await env?.stop();
  await world?.close();
});

test('started with `temporal workflow start`, it reports the node as the shims describe it', async () => {
  const workflowId = workflowIds.probe(cluster, 'node-2');
  await startWithCli('probeNode', workflowId, { cluster, hostname: 'node-2' });
  const facts: NodeFacts = await env.client.workflow.getHandle(workflowId).result();
  const node = world.registry.get('node-2');
  expect(facts.os).toMatchObject({ family: 'ubuntu16', supported: true });
  expect(facts.kernel).toBe(node.kernel);
  expect(facts.systemDisk).toBe('/dev/sda');
  expect(facts.freeDevices).toEqual(['/dev/sdb', '/dev/sdc']);
  expect(facts.scaleio).toEqual({});
  expect(world.mesos.taskLog().filter((t) => t.hostname === 'node-2')).toHaveLength(1);
});

test('a hostname with shell characters is refused before anything runs', async () => {
  const before = world.mesos.taskLog().length;
  const err = await env.client.workflow
    .execute('probeNode', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: workflowIds.probe(cluster, 'bad'),
      args: [{ cluster, hostname: 'node-1; reboot' }],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  expect(String((err as WorkflowFailedError).cause?.message)).toContain('hostname: must be a hostname or IPv4 address');
  expect(world.mesos.taskLog()).toHaveLength(before);
});
