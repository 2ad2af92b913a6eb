// A 5-node bootstrap survives kill -9 of the worker process in the middle: a new worker picks the workflows up
// from their histories, and the sim's install log shows no install step ran twice. Bad specs fail fast, typed,
// before anything runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { Child } from '../../scripts/lib/child';
import { progressQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { BootstrapReport } from '../../workflows/bootstrap-cluster';
import { waitFor } from '../support/bridge-process';
import { startStack, startWorkerProcess, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';

let stack: Stack;
let worker: Child | undefined;
const dir = mkdtempSync(join(tmpdir(), 'boot-faults-'));

beforeAll(async () => {
  stack = await startStack(uniqueName('five'), { agents: 6, inProcessWorker: false });
  worker = startWorkerProcess(stack.world, dir);
});

afterAll(async () => {
  await worker?.stop();
  await stack?.stop();
});

async function failureOf(args: unknown): Promise<{ type?: string | undefined; message: string }> {
  const err = await stack.worker.client.workflow
    .execute('bootstrapCluster', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: uniqueName('bad-bootstrap'),
      args: [args],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  return { type: cause.type, message: cause.message };
}

test('bad specs fail fast with typed errors naming the field, and nothing runs', async () => {
  const before = stack.world.mesos.taskLog().length;
  const mode = await failureOf(stack.spec({ mdmMode: 4 }));
  expect(mode.type).toBe('InvalidSpec');
  expect(mode.message).toContain('mdmMode');
  const dup = await failureOf(
    stack.spec({ preconfiguredMdms: { primary: 'node-1', secondary: 'node-1', tiebreaker: 'node-2' } })
  );
  expect(dup.type).toBe('InvalidSpec');
  expect(dup.message).toMatch(/preconfiguredMdms\.secondary: uses "node-1", already the primary/);
  const wait = await failureOf(stack.spec({ waitForAgentsMinutes: 'soon' }));
  expect(wait).toMatchObject({ type: 'InvalidInput' });
  expect(wait.message).toContain('waitForAgentsMinutes');
  expect(stack.world.mesos.taskLog()).toHaveLength(before);
  expect(stack.world.cluster.snapshot().mdmCluster).toBeNull();
});

test('too few eligible agents: the wait shows why in progress, then fails NotEnoughAgents with the numbers', async () => {
  const client = stack.worker.client;
  const before = stack.world.mesos.taskLog().length;
  const handle = await client.workflow.start('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: uniqueName('few-agents'),
    args: [
      stack.spec({ mdmMode: 5, waitForAgentsMinutes: 0.1, nodeSelection: { excludeHostnames: ['node-5', 'node-6'] } }),
    ],
  });
  const waiting = await waitFor(
    'the bootstrap to wait for agents',
    () => handle.query(progressQuery),
    (p) => p.status === 'WAITING'
  );
  const step = waiting.phases.find((p) => p.name === 'agents')?.steps[0];
  expect(step?.reason).toMatch(
    /^5-node MDM needs 5 eligible nodes, 4 found \(node-1, node-2, node-3, node-4\); not eligible: node-5: excluded/
  );
  const err = await handle.result().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe('NotEnoughAgents');
  expect(cause.message).toContain('5-node MDM needs 5 eligible nodes, 4 found');
  expect(stack.world.mesos.taskLog()).toHaveLength(before);
});

test('kill -9 of the worker mid-bootstrap: a new worker finishes a 5-node cluster, no install step ran twice', async () => {
  const { cluster, world } = stack;
  const client = stack.worker.client;
  // Hold the bootstrap at its first gateway call (protection domain) until the worker has been killed,
  // so a fast machine cannot finish before the kill.
  await world.fault('gateway-fail', { status: 503, ms: 600_000 });
  const handle = await client.workflow.start('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    args: [stack.spec({ mdmMode: 5, waitForAgentsMinutes: 2 })],
  });
  // Kill it once the MDM nodes are being probed or installed (or, at the latest, while it waits on the gateway).
  await waitFor(
    'the bootstrap to reach the MDM nodes',
    () => handle.query(progressQuery),
    (p) => p.done >= 3 && p.status !== 'COMPLETE',
    120_000
  );
  worker!.proc.kill('SIGKILL');
  await new Promise((r) => worker!.proc.once('exit', r));
  worker = startWorkerProcess(world, dir);
  await world.fault('gateway-clear', {});

  const report: BootstrapReport = await handle.result();
  expect(report.mdms.map((m) => m.role)).toEqual(['primary', 'secondary', 'secondary', 'tiebreaker', 'tiebreaker']);
  const s = world.cluster.snapshot();
  expect(s.mdmCluster?.clusterMode).toBe('FiveNodes');
  expect(s.mdmCluster?.slaves).toHaveLength(2);
  expect(s.mdmCluster?.tieBreakers).toHaveLength(2);
  expect(report.dataNodes.every((d) => d.onboarded)).toBe(true);
  expect(s.sds).toHaveLength(6);

  const installs = new Map<string, number>();
  for (const e of world.registry.installLog.list()) {
    if (e.action === 'remove') continue;
    const key = `${e.hostname} ${e.package}`;
    installs.set(key, (installs.get(key) ?? 0) + 1);
  }
  expect([...installs].filter(([, n]) => n !== 1)).toEqual([]);
  // Every MDM node got its MDM package, LIA and gateway once; every node SDS, SDC and REX-Ray once.
  expect(installs.size).toBeGreaterThanOrEqual(5 * 3 + 6 * 3);

  // The kill shows in history: a workflow task or activity of the dead worker timed out and ran again.
  const history = await handle.fetchHistory();
  const timedOut = (history.events ?? []).filter(
    (e) => e.workflowTaskTimedOutEventAttributes || e.activityTaskTimedOutEventAttributes
  );
  expect(timedOut.length).toBeGreaterThan(0);
}, 400_000);
