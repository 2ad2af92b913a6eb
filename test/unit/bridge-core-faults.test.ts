// runTask when things go wrong: the agent dies, the task is lost or killed by a signal, the caller
// aborts or kills it, and tasks the table does not know are killed as orphans.
import type { TaskProgress } from '../../mesos-bridge/tasks';
import { RES, until, simulatedMasterPerTest } from './bridge-core-support';

const sim = simulatedMasterPerTest();
const bridges = sim.bridges;

function whenRunning(): { onProgress: (p: TaskProgress) => void; running: Promise<void> } {
  let resolve!: () => void;
  const running = new Promise<void>((r) => (resolve = r));
  return { onProgress: (p) => p.phase === 'running' && resolve(), running };
}

test('agent killed mid-task: AgentGoneError (retryable); a retry launches a new attempt once the agent is back', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  const input = { taskId: 'scaleio.f1.agent', hostname: 'node-1', command: 'sleep 30', resources: RES };
  const w = whenRunning();
  const run = core.runTask(input, { onProgress: w.onProgress });
  await w.running;
  sim.mesos.killAgent('node-1');
  await expect(run).rejects.toMatchObject({ name: 'AgentGoneError', retryable: true, hostname: 'node-1' });

  sim.mesos.restartAgent('node-1', { newAgentId: true });
  const retry = await core.runTask({ ...input, command: 'echo second' });
  expect(retry).toMatchObject({ attempt: 2, mesosTaskId: 'scaleio.f1.agent~2', stdout: 'second\n' });
  expect(retry.agentId).toBe(sim.mesos.agent('node-1').id);
  expect(sim.mesos.taskLog().map((e) => e.taskId)).toEqual(['scaleio.f1.agent', 'scaleio.f1.agent~2']);
});

test('a task whose executor vanishes is TaskLostError; one killed by a signal returns exit code 128+9', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  const lost = whenRunning();
  const lostRun = core.runTask(
    { taskId: 'scaleio.f2.lost', hostname: 'node-2', command: 'sleep 30', resources: RES },
    { onProgress: lost.onProgress }
  );
  await lost.running;
  expect(sim.mesos.loseTask('scaleio.f2.lost')).toBe(true);
  await expect(lostRun).rejects.toMatchObject({ name: 'TaskLostError', retryable: true });

  const killed = whenRunning();
  const killedRun = core.runTask(
    { taskId: 'scaleio.f2.sig', hostname: 'node-2', command: 'sleep 30', resources: RES },
    { onProgress: killed.onProgress }
  );
  await killed.running;
  expect(sim.mesos.failTask('scaleio.f2.sig')).toBe(true);
  await expect(killedRun).resolves.toMatchObject({ state: 'TASK_FAILED', exitCode: 137 });
});

test('aborting runTask kills the task', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  const ac = new AbortController();
  const w = whenRunning();
  const run = core.runTask(
    { taskId: 'scaleio.f3.abort', hostname: 'node-1', command: 'sleep 30', resources: RES },
    { signal: ac.signal, onProgress: w.onProgress }
  );
  await w.running;
  ac.abort();
  await expect(run).rejects.toMatchObject({ name: 'TaskCancelledError', killed: true });
  const entry = sim.mesos.taskLog().find((e) => e.taskId === 'scaleio.f3.abort');
  await until(() => entry?.finalState !== undefined);
  expect(entry?.finalState).toBe('TASK_KILLED');
});

test('abort while waiting for an offer launches nothing', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  const ac = new AbortController();
  const run = core.runTask(
    { taskId: 'scaleio.f4.wait', hostname: 'node-3', command: 'true', resources: { cpus: 1, memMb: 8000 } },
    { signal: ac.signal }
  );
  await until(() => core.offers.metrics().pendingRequests === 1);
  ac.abort();
  await expect(run).rejects.toMatchObject({ name: 'TaskCancelledError' });
  expect(core.offers.metrics().pendingRequests).toBe(0);
  expect(sim.mesos.taskLog()).toHaveLength(0);
});

test('killTask kills a running task; runTask rejects with TaskKilledError', async () => {
  const core = await bridges.start(sim.mesos.url, bridges.stateDir());
  const w = whenRunning();
  const run = core.runTask(
    { taskId: 'scaleio.f5.kill', hostname: 'node-2', command: 'sleep 30', resources: RES },
    { onProgress: w.onProgress }
  );
  await w.running;
  await expect(core.killTask('scaleio.f5.kill')).resolves.toBe(true);
  await expect(run).rejects.toMatchObject({ name: 'TaskKilledError', retryable: false });
  await expect(core.killTask('scaleio.f5.kill')).resolves.toBe(false);
});

test('a running task with our prefix that the table does not know is killed as an orphan', async () => {
  const dir = bridges.stateDir();
  const first = await bridges.start(sim.mesos.url, dir);
  const w = whenRunning();
  const run = first.runTask(
    { taskId: 'scaleio.f6.orphan', hostname: 'node-1', command: 'sleep 30', resources: RES },
    { onProgress: w.onProgress }
  );
  await w.running;
  await first.close();
  await expect(run).rejects.toMatchObject({ name: 'BridgeClosedError' });
  // Same framework id, but a table that lost the task (another state dir holding only the id).
  const { cpSync } = await import('node:fs');
  const other = bridges.stateDir();
  cpSync(`${dir}/framework-id`, `${other}/framework-id`);
  const second = await bridges.start(sim.mesos.url, other);
  const entry = sim.mesos.taskLog().find((e) => e.taskId === 'scaleio.f6.orphan');
  await until(() => entry?.finalState !== undefined);
  expect(entry?.finalState).toBe('TASK_KILLED');
  expect(second.metrics().tasks.orphansKilled).toBe(1);
});
