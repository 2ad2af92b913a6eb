// runTask against the simulated master: output, exit codes, idempotency by task id, and the
// bridge restart (a new BridgeCore on the same state dir reattaches to the running task).
import { statSync } from 'node:fs';
import path from 'node:path';
import { TaskTable, type TaskProgress } from '../../mesos-bridge/tasks';
import { RES, simulatedMasterPerTest } from './bridge-core-support';

const sim = simulatedMasterPerTest();
const bridges = sim.bridges;

const launchesOf = (taskId: string): number => sim.mesos.taskLog().filter((e) => e.taskId.startsWith(taskId)).length;

test('runTask on a named host returns its output and exit code, and persists the table', async () => {
  const dir = bridges.stateDir();
  const core = await bridges.start(sim.mesos.url, dir);
  const phases: string[] = [];
  const result = await core.runTask(
    {
      taskId: 'scaleio.t1.echo',
      hostname: 'node-2',
      command: 'echo "hello $WHO"; echo oops >&2; exit 3',
      env: { WHO: 'world' },
      resources: RES,
    },
    { onProgress: (p: TaskProgress) => phases.push(p.phase) }
  );
  expect(result).toMatchObject({
    state: 'TASK_FAILED',
    exitCode: 3,
    stdout: 'hello world\n',
    stderr: 'oops\n',
    hostname: 'node-2',
    agentId: sim.mesos.agent('node-2').id,
    source: 'launched',
  });
  expect(phases[0]).toBe('waiting-for-offer');
  expect(phases).toContain('launched');
  const log = sim.mesos.taskLog();
  expect(log).toHaveLength(1);
  expect(log[0]?.hostname).toBe('node-2');
  for (const f of ['tasks.json', 'tasks.journal']) expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
  // The table is written after the result is returned: read it as a restarted bridge would, until the terminal
  // state is there (or give up).
  const persisted = async () => (await TaskTable.open(dir)).all();
  let rows = await persisted();
  for (let i = 0; i < 50 && rows[0]?.state !== 'TASK_FAILED'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    rows = await persisted();
  }
  expect(rows).toEqual([expect.objectContaining({ taskId: 'scaleio.t1.echo', state: 'TASK_FAILED', exitCode: 3 })]);
});

test('a second runTask with the same id returns the recorded result without launching again', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  const input = { taskId: 'scaleio.t2.once', hostname: 'node-1', command: 'echo ran-once', resources: RES };
  const first = await core.runTask(input);
  const second = await core.runTask(input);
  expect(launchesOf('scaleio.t2.once')).toBe(1);
  expect(second.source).toBe('recorded');
  expect({ ...second, source: 'x' }).toEqual({ ...first, source: 'x' });
  expect(second.stdout).toBe('ran-once\n');
});

test('a new bridge on the same state dir reattaches to a running task and completes it with one launch', async () => {
  const dir = bridges.stateDir();
  const first = await bridges.start(sim.mesos.url, dir);
  const input = {
    taskId: 'scaleio.t3.restart',
    hostname: 'node-1',
    command: 'sleep 1; echo finished-after-restart',
    resources: RES,
  };
  let running!: () => void;
  const isRunning = new Promise<void>((r) => (running = r));
  const firstRun = first.runTask(input, { onProgress: (p) => p.phase === 'running' && running() });
  await isRunning;
  const frameworkId = first.client.frameworkId;
  await first.close(); // the bridge "crashes": its stream closes mid-task
  await expect(firstRun).rejects.toMatchObject({ name: 'BridgeClosedError' });

  const second = await bridges.start(sim.mesos.url, dir);
  expect(second.client.frameworkId).toBe(frameworkId);
  const result = await second.runTask(input);
  expect(result).toMatchObject({ source: 'reattached', exitCode: 0, stdout: 'finished-after-restart\n' });
  expect(launchesOf('scaleio.t3.restart')).toBe(1);
});

test('a command the master refuses is InvalidTaskError; bad input names the field', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  await expect(
    core.runTask({ taskId: 'bad id', hostname: 'node-1', command: 'true', resources: RES })
  ).rejects.toMatchObject({ name: 'InvalidTaskError', field: 'taskId' });
  await expect(
    core.runTask({ taskId: 'scaleio.t4', hostname: 'node-1', command: 'true', resources: { cpus: 0, memMb: 1 } })
  ).rejects.toMatchObject({ name: 'InvalidTaskError', field: 'resources.cpus', retryable: false });
  expect(sim.mesos.taskLog()).toHaveLength(0);
});

test('no fitting offer from the host: OfferWaitTimeoutError says what the best offer was', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  const err = (await core
    .runTask({
      taskId: 'scaleio.t5.big',
      hostname: 'node-3',
      command: 'true',
      resources: { cpus: 1, memMb: 2048 },
      offerTimeoutMs: 500,
    })
    .then(
      () => undefined,
      (e: unknown) => e
    )) as Error;
  expect(err).toMatchObject({ name: 'OfferWaitTimeoutError', retryable: true });
  expect(err.message).toContain('needs cpus=1 mem=2048 MB');
  expect(err.message).toContain('best offer cpus=2 mem=1024 MB');
  expect(sim.mesos.taskLog()).toHaveLength(0);
});

test('exitCode 0 and stdout larger than one files/read page are returned whole', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  // ~200 KB: several 64 KiB reads.
  const result = await core.runTask({
    taskId: 'scaleio.t6.big-output',
    hostname: 'node-1',
    command: 'i=0; while [ $i -lt 4000 ]; do echo "line $i of a long output that spans pages"; i=$((i+1)); done',
    resources: RES,
  });
  const lines = result.stdout.trimEnd().split('\n');
  expect(result.exitCode).toBe(0);
  expect(lines).toHaveLength(4000);
  expect(lines[3999]).toBe('line 3999 of a long output that spans pages');
  expect(result.truncated.stdout).toBe(false);
});
