// A 5-node bootstrap survives kill -9 of the worker process in the middle: a new worker picks the workflows up
// from their histories, and the sim's install log shows no install step ran twice. Bad specs fail fast, typed,
// before anything runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
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
  // Hang the bootstrap's first gateway call (after the MDM nodes are installed and clustered), and kill the worker
  // while it is inside that call: the killed attempt is in flight, so its loss must show in history, however fast
  // the machine (a kill between tasks leaves no trace, and a fast bootstrap could finish before a later kill).
  // The wait is on the bootstrap's own activity, not on the gateway's request count: the e2e files share a task
  // queue, and a workflow left by an earlier file could make the one gateway call this worker runs.
  await world.fault('gateway-delay', { ms: 600_000, delayMs: 600_000 });
  const handle = await client.workflow.start('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    args: [stack.spec({ mdmMode: 5, waitForAgentsMinutes: 2 })],
  });
  await waitFor(
    'the worker to be inside the protection-domain gateway call',
    async () => (await handle.describe()).raw.pendingActivities ?? [],
    (pending) =>
      pending.some(
        (a) =>
          a.activityType?.name === 'ensureProtectionDomain' &&
          a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
      ),
    180_000
  );
  expect((await handle.query(progressQuery)).status).not.toBe('COMPLETE');
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

  // The kill shows in history: the gateway activity the dead worker was running timed out and ran again.
  const history = await handle.fetchHistory();
  const retriedAfterTimeout = (history.events ?? []).filter((e) => {
    const started = e.activityTaskStartedEventAttributes;
    return (started?.attempt ?? 0) > 1 && /timeout/i.test(started?.lastFailure?.message ?? '');
  });
  expect(retriedAfterTimeout.length).toBeGreaterThan(0);
}, 400_000);
