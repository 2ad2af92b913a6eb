// kill -9 of the worker process while an on-boarding waits for its node to come back from a reboot: a new worker
// picks the procedure up from its history; the node rebooted once, every package was installed once, and the
// on-boarding completes (the coordinator's turn was held across the kill and released at the end).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from '../../scripts/lib/child';
import { progressQuery, rebootsQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { Progress } from '../../common/progress';
import type { OnboardReport } from '../../workflows/onboard-agent';
import { waitFor } from '../support/bridge-process';
import { ADMIN_PASSWORD, startStack, startWorkerProcess, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';
import {
  CENTOS7,
  clusterInModel,
  fleetOf,
  recordReboots,
  repeatedInstalls,
  UBUNTU14,
  type SimReboot,
} from './reboot-support';

const cluster = uniqueName('rkill');
const dir = mkdtempSync(join(tmpdir(), 'reboot-kill-'));
let stack: Stack;
let worker: Child | undefined;
let reboots: SimReboot[];

beforeAll(async () => {
  // node-4 runs Ubuntu 14.04 (new kernel, reboot); the reboot keeps its agent away long enough to kill the worker.
  stack = await startStack(cluster, {
    agents: fleetOf([CENTOS7, CENTOS7, CENTOS7, UBUNTU14]),
    inProcessWorker: false,
    rebootDelayMs: 8000,
  });
  reboots = recordReboots(stack.world);
  worker = startWorkerProcess(stack.world, dir);
}, 60_000);

afterAll(async () => {
  const client = stack?.worker.client;
  for (const id of [workflowIds.supervisor(cluster), workflowIds.reboots(cluster)])
    await client?.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  await worker?.stop();
  await stack?.stop();
});

const stepOf = (p: Progress, phase: string, step: string) =>
  p.phases.find((x) => x.name === phase)?.steps.find((s) => s.name === step);

test('kill -9 of the worker during the reboot wait: one reboot, each install once, the on-boarding completes', async () => {
  const { world } = stack;
  const client = stack.worker.client;
  const context = clusterInModel(world, cluster, ADMIN_PASSWORD);
  const pd = await stack.gateway.protectionDomains.ensure('pd1');
  await stack.gateway.storagePools.ensure({ name: 'sp1', protectionDomainId: pd.id });

  const handle = await client.workflow.start('onboardAgent', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.onboard(cluster, 'node-4'),
    args: [{ cluster, hostname: 'node-4', context, skipVerify: true }],
  });
  const waiting = await waitFor(
    'node-4 to be rebooting',
    () => handle.query(progressQuery),
    (p) => stepOf(p, 'prerequisites', 'node-back')?.status === 'WAITING',
    180_000
  );
  expect(stepOf(waiting, 'prerequisites', 'node-back')?.reason).toMatch(
    /^node-4 is rebooting: waiting for its Mesos agent/
  );
  // The node is down right now: the kill lands inside the reboot wait.
  expect(reboots).toEqual([{ hostname: 'node-4', downAt: expect.any(Number) }]);
  worker!.proc.kill('SIGKILL');
  await new Promise((r) => worker!.proc.once('exit', r));
  worker = startWorkerProcess(world, dir);

  const report: OnboardReport = await handle.result();
  expect(report).toMatchObject({ hostname: 'node-4', rebooted: true, agentRestarted: true });
  expect(reboots.map((r) => r.hostname)).toEqual(['node-4']);
  expect(world.registry.get('node-4').bootCount).toBe(2);
  expect(world.mesos.taskLog().filter((t) => t.taskId.includes('.reboot-node.'))).toHaveLength(1);
  expect(repeatedInstalls(world)).toEqual([]);
  const packages = world.registry.installLog.list({ hostname: 'node-4' }).map((e) => e.package);
  expect(packages).toEqual(expect.arrayContaining(['emc-scaleio-sds', 'emc-scaleio-sdc', 'rexray']));

  const p = await handle.query(progressQuery);
  expect(stepOf(p, 'prerequisites', 'node-back')?.status).toBe('COMPLETE');
  expect(stepOf(p, 'prerequisites', 'verify-services')).toMatchObject({
    status: 'COMPLETE',
    detail: 'active: mesos-slave',
  });
  expect(stepOf(p, 'volume-driver', 'verify-services')).toMatchObject({
    status: 'COMPLETE',
    detail: 'active: mesos-slave, scini, rexray',
  });
  // Both turns (the reboot, the agent restart) were released once the node was back and verified.
  const turns = await client.workflow.getHandle(workflowIds.reboots(cluster)).query(rebootsQuery);
  expect(turns.holder).toBeNull();
  expect(turns.recent.map((t) => [t.hostname, t.kind, t.outcome])).toEqual([
    ['node-4', 'reboot', 'done'],
    ['node-4', 'restart-agent', 'done'],
  ]);
}, 300_000);
