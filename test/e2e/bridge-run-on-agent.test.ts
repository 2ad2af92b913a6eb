// runOnAgent through the real bridge process: output comes back; a repeat of the same step does not launch
// again; a kill -9 of the bridge mid-task is survived with exactly one launch; a lost agent is a typed failure.
import { startWorld, type World } from '../../sim/world';
import { startBridgeProcess, waitFor, type BridgeProcess } from '../support/bridge-process';
import { startFixtureWorker, type FixtureWorker } from '../support/fixture-worker';
import { connectClient, uniqueName } from '../support/temporal';
import type { Client } from '@temporalio/client';
import type { RunOnAgentResult } from '../../common/mesos-activities';

let world: World;
let bridge: BridgeProcess;
let fixtures: FixtureWorker;
let client: Client;
let closeClient: () => Promise<void>;

beforeAll(async () => {
  world = await startWorld({ agents: 3, mesos: { allocationIntervalMs: 100 } });
  bridge = await startBridgeProcess({ masterUrl: world.masterUrl, cluster: uniqueName('run') });
  await waitFor(
    'the bridge to subscribe',
    () => bridge.health(),
    (h) => h.ok
  );
  fixtures = await startFixtureWorker();
  ({ client, close: closeClient } = await connectClient());
});

afterAll(async () => {
  await bridge?.stop();
  await fixtures?.stop();
  await closeClient?.();
  await world?.close();
});

const launchesOf = (taskIdPart: string) => world.mesos.taskLog().filter((t) => t.taskId.includes(taskIdPart));

test('runs a shim command on the named node and returns its output; the same step again does not relaunch', async () => {
  const [first, second] = await client.workflow.execute<(i: unknown) => Promise<RunOnAgentResult[]>>('runStepTwice', {
    taskQueue: fixtures.taskQueue,
    workflowId: uniqueName('twice'),
    args: [{ hostname: 'node-2', taskName: 'kernel', command: 'uname -r; echo to-stderr >&2' }],
  });
  expect(first?.exitCode).toBe(0);
  expect(first?.stdout.trim()).toBe(world.registry.get('node-2').kernel);
  expect(first?.stderr).toContain('to-stderr');
  expect(first?.reattached).toBe(false);
  expect(second).toMatchObject({ taskId: first?.taskId, exitCode: 0, reattached: true });
  expect(launchesOf('kernel').filter((t) => t.hostname === 'node-2')).toHaveLength(1);
});

test('kill -9 of the bridge while a task runs: a new bridge reattaches, the step completes, one launch', async () => {
  const workflowId = uniqueName('crash');
  const handle = await client.workflow.start<(i: unknown) => Promise<RunOnAgentResult>>('runStep', {
    taskQueue: fixtures.taskQueue,
    workflowId,
    args: [{ hostname: 'node-1', taskName: 'slow', command: 'sleep 3; echo finished-after-crash' }],
  });
  await waitFor(
    'the task to be launched',
    async () => launchesOf('slow'),
    (l) => l.length === 1
  );
  bridge.proc.kill('SIGKILL');
  await new Promise((r) => bridge.proc.once('exit', r));
  bridge = await startBridgeProcess({
    masterUrl: world.masterUrl,
    cluster: uniqueName('run'),
    stateDir: bridge.stateDir,
  });
  const result = await handle.result();
  expect(result.stdout).toContain('finished-after-crash');
  expect(result.exitCode).toBe(0);
  expect(launchesOf('slow')).toHaveLength(1);
  const history = await handle.fetchHistory();
  const attempts = (history.events ?? [])
    .filter((e) => e.activityTaskStartedEventAttributes)
    .map((e) => e.activityTaskStartedEventAttributes?.attempt);
  expect(attempts.at(-1)).toBeGreaterThan(1); // the retry after the crash is visible in history
});

test('a graceful stop of the bridge (SIGTERM, as on a redeploy) lets go of the task: the next bridge reattaches, one launch', async () => {
  const handle = await client.workflow.start<(i: unknown) => Promise<RunOnAgentResult>>('runStep', {
    taskQueue: fixtures.taskQueue,
    workflowId: uniqueName('redeploy'),
    args: [{ hostname: 'node-2', taskName: 'redeploy', command: 'sleep 3; echo finished-after-redeploy' }],
  });
  await waitFor(
    'the task to be launched',
    async () => launchesOf('redeploy'),
    (l) => l.length === 1
  );
  const exited = new Promise((r) => bridge.proc.once('exit', r));
  bridge.proc.kill('SIGTERM');
  await exited;
  // The old bridge did not kill its task on the way out.
  expect(launchesOf('redeploy')[0]?.finalState).not.toBe('TASK_KILLED');
  bridge = await startBridgeProcess({
    masterUrl: world.masterUrl,
    cluster: uniqueName('run'),
    stateDir: bridge.stateDir,
  });
  const result = await handle.result();
  expect(result).toMatchObject({ exitCode: 0, reattached: true });
  expect(result.stdout).toContain('finished-after-redeploy');
  expect(launchesOf('redeploy')).toHaveLength(1);
});

test('an agent lost mid-task is a typed, retryable AgentGone failure', async () => {
  const handle = await client.workflow.start<(i: unknown) => Promise<string>>('runStepOnce', {
    taskQueue: fixtures.taskQueue,
    workflowId: uniqueName('lost'),
    args: [{ hostname: 'node-3', taskName: 'doomed', command: 'sleep 30' }],
  });
  await waitFor(
    'the task to be launched',
    async () => launchesOf('doomed'),
    (l) => l.length === 1
  );
  await world.fault('kill-agent', { hostname: 'node-3' });
  expect(await handle.result()).toBe('AgentGone: false');
});

test('bad input is refused before anything is launched, naming the field', async () => {
  const before = world.mesos.taskLog().length;
  const out = await client.workflow.execute<(i: unknown) => Promise<string>>('runStepOnce', {
    taskQueue: fixtures.taskQueue,
    workflowId: uniqueName('bad'),
    args: [{ hostname: 'node-1; rm -rf /', taskName: 'x', command: 'true', secretEnv: { TOKEN: 'hunter2' } }],
  });
  expect(out).toBe('InvalidInput: true');
  expect(world.mesos.taskLog()).toHaveLength(before);
});
