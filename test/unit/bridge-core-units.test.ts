// Pieces of the bridge core that need no master: the task table file, exit codes from final
// messages, task ids, the ack gate and the options check.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AckGate, TaskTable, attemptId, parseAttemptId, taskIdFor, type TaskRecord } from '../../mesos-bridge/tasks';
import { classifyEnd, exitCodeFrom } from '../../mesos-bridge/tasks/outcome';
import { BridgeConfigError, BridgeCore } from '../../mesos-bridge/core';
import type { SchedulerClient } from '../../mesos-bridge/scheduler';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bridge-units-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(id: string, attempt: number, state: TaskRecord['state'], updatedAt = 1): TaskRecord {
  return {
    mesosTaskId: attemptId(id, attempt),
    taskId: id,
    attempt,
    name: id,
    hostname: 'h1',
    agentId: 'a1',
    agentUrl: undefined,
    frameworkId: 'fw',
    state,
    createdAt: 1,
    updatedAt,
  };
}

test('the task table survives a reopen, tracks the latest attempt and prunes old finished rows', async () => {
  const t = await TaskTable.open(dir, { maxFinished: 2 });
  await Promise.all([
    t.put(record('x', 1, 'TASK_LOST', 1)),
    t.put(record('x', 2, 'TASK_RUNNING', 2)),
    t.put(record('y', 1, 'TASK_FINISHED', 3)),
    t.put(record('z', 1, 'TASK_FINISHED', 4)),
  ]);
  const again = await TaskTable.open(dir, { maxFinished: 2 });
  expect(again.latest('x')?.mesosTaskId).toBe('x~2');
  expect(
    again
      .all()
      .map((r) => r.mesosTaskId)
      .sort()
  ).toEqual(['x~2', 'y', 'z']);
  await again.put(record('w', 1, 'TASK_FAILED', 5));
  const third = await TaskTable.open(dir, { maxFinished: 2 });
  // The oldest finished rows went; the running one stays whatever its age.
  expect(
    third
      .all()
      .map((r) => r.mesosTaskId)
      .sort()
  ).toEqual(['w', 'x~2', 'z']);
});

test('a corrupt task table is a TaskTableError naming the file', async () => {
  writeFileSync(path.join(dir, 'tasks.json'), '{"version":1,"tasks":[{"taskId":1}]}');
  await expect(TaskTable.open(dir)).rejects.toMatchObject({
    name: 'TaskTableError',
    message: expect.stringContaining('tasks[0]'),
  });
  writeFileSync(path.join(dir, 'tasks.json'), 'not json');
  await expect(TaskTable.open(dir)).rejects.toThrow(/tasks\.json: is not valid JSON/);
});

test('a change appends one journal line; the snapshot is rewritten only when the journal is folded', async () => {
  const t = await TaskTable.open(dir);
  await t.put(record('a', 1, 'LAUNCHING')); // the first write after open folds: snapshot + journal header
  const snapshot = readFileSync(path.join(dir, 'tasks.json'), 'utf8');
  for (const state of ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED'] as const) await t.put(record('a', 1, state));
  await t.put(record('b', 1, 'TASK_RUNNING'));
  expect(readFileSync(path.join(dir, 'tasks.json'), 'utf8')).toBe(snapshot);
  const journal = readFileSync(path.join(dir, 'tasks.journal'), 'utf8').trimEnd().split('\n');
  expect(journal).toHaveLength(1 + 4);
  expect(JSON.parse(journal[0]!)).toEqual({ journal: 1 });
  await t.close();
  const again = await TaskTable.open(dir);
  expect(again.get('a')?.state).toBe('TASK_FINISHED');
  expect(again.get('b')?.state).toBe('TASK_RUNNING');
  await again.close();
});

test('the journal: a torn last line is ignored, a stale generation is skipped, a bad middle line is an error', async () => {
  const t = await TaskTable.open(dir);
  await t.put(record('a', 1, 'TASK_RUNNING'));
  await t.put(record('a', 1, 'TASK_FINISHED'));
  await t.close();
  const file = path.join(dir, 'tasks.journal');
  const good = readFileSync(file, 'utf8');
  // A crash in the middle of an append: the change was never acknowledged.
  writeFileSync(file, `${good}{"mesosTaskId":"a","taskId":"a","sta`);
  expect((await TaskTable.open(dir)).get('a')?.state).toBe('TASK_FINISHED');
  // A crash after the snapshot of generation 2 was written but before its journal was: the old journal
  // (generation 1) is already in the snapshot and must not be replayed over it.
  const rows = good.trimEnd().split('\n');
  writeFileSync(file, `${rows[0]}\n${JSON.stringify(record('a', 1, 'TASK_RUNNING'))}\n`);
  const snap = JSON.parse(readFileSync(path.join(dir, 'tasks.json'), 'utf8')) as { journal: number };
  writeFileSync(
    path.join(dir, 'tasks.json'),
    JSON.stringify({ ...snap, journal: 2, tasks: [record('a', 1, 'TASK_FINISHED')] })
  );
  expect((await TaskTable.open(dir)).get('a')?.state).toBe('TASK_FINISHED');
  writeFileSync(file, `{"journal":2}\nnot json\n${JSON.stringify(record('a', 1, 'TASK_RUNNING'))}\n`);
  await expect(TaskTable.open(dir)).rejects.toThrow(/tasks\.journal: line 2 is not valid JSON/);
});

test('exit codes and the meaning of final states', () => {
  expect(exitCodeFrom('TASK_FINISHED', undefined)).toBe(0);
  expect(exitCodeFrom('TASK_FAILED', 'Command exited with status 42')).toBe(42);
  expect(exitCodeFrom('TASK_FAILED', 'Command terminated with signal Killed')).toBe(137);
  expect(exitCodeFrom('TASK_FAILED', 'Command terminated with signal SIGTERM')).toBe(143);
  expect(exitCodeFrom('TASK_FAILED', 'something else')).toBeNull();
  expect(classifyEnd({ state: 'TASK_FAILED', reason: 'REASON_CONTAINER_LAUNCH_FAILED' }).kind).toBe('launch-failed');
  expect(classifyEnd({ state: 'TASK_DROPPED', reason: 'REASON_INVALID_OFFERS' }).kind).toBe('not-launched');
  expect(classifyEnd({ state: 'TASK_UNREACHABLE', reason: 'REASON_AGENT_REMOVED' }).kind).toBe('agent-gone');
  expect(classifyEnd({ state: 'TASK_LOST', reason: 'REASON_AGENT_REMOVED' }).kind).toBe('agent-gone');
  expect(classifyEnd({ state: 'TASK_GONE', reason: 'REASON_EXECUTOR_TERMINATED' }).kind).toBe('lost');
  expect(classifyEnd({ state: 'TASK_ERROR', message: 'Task has duplicate ID' })).toEqual({
    kind: 'invalid',
    detail: 'Task has duplicate ID',
  });
});

test('task ids: deterministic, valid for Mesos, attempts round-trip', () => {
  const a = taskIdFor('scaleio/c1/node/host-1/onboard', 'install sds');
  expect(a).toBe(taskIdFor('scaleio/c1/node/host-1/onboard', 'install sds'));
  expect(a).toMatch(/^scaleio\.scaleio\.c1\.node\.host-1\.onboard\.install\.sds\.[0-9a-f]{10}$/);
  expect(taskIdFor('a/b', 'c')).not.toBe(taskIdFor('a.b', 'c'));
  expect(parseAttemptId(attemptId(a, 3))).toEqual({ taskId: a, attempt: 3 });
  expect(parseAttemptId(a)).toEqual({ taskId: a, attempt: 1 });
});

test('the ack gate holds acknowledgements until a recorder is bound and refuses them once unbound', async () => {
  const gate = new AckGate();
  const recorded: string[] = [];
  const status = { task_id: { value: 't' }, state: 'TASK_RUNNING' as const };
  let acked = false;
  const pending = gate.autoAcknowledge(status).then(() => (acked = true));
  await new Promise((r) => setImmediate(r));
  expect(acked).toBe(false);
  gate.bind((s) => {
    recorded.push(s.task_id.value);
    return Promise.resolve();
  });
  await pending;
  expect(recorded).toEqual(['t']);
  gate.unbind();
  await expect(gate.autoAcknowledge(status)).rejects.toThrow(/closed/);
});

test('BridgeCore options: a missing ack gate or a bad number is named', () => {
  const client = { on: () => undefined } as unknown as SchedulerClient;
  expect(() => new BridgeCore({ client, stateDir: dir } as never)).toThrow(BridgeConfigError);
  expect(() => new BridgeCore({ client, stateDir: dir } as never)).toThrow(/ackGate: is required/);
  expect(() => new BridgeCore({ client, ackGate: new AckGate(), stateDir: dir, killWaitMs: -1 })).toThrow(
    'BridgeCoreOptions.killWaitMs: must be a positive number, got -1'
  );
});
