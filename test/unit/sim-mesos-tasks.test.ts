// Conformance of the simulated master and agents for task launch, status updates, kill and
// reconciliation, driven by a minimal scheduler over both wire formats.
import { type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { type Event, type Offer } from '../../sim/mesos/json-form';
import { commandTask, launchCall } from '../../sim/mesos/testing/calls';
import { MiniScheduler, get, isUpdate } from '../../sim/mesos/testing/mini-scheduler';

const FORMATS = ['application/json', 'application/x-protobuf'] as const;
jest.setTimeout(20_000);

describe.each(FORMATS)('tasks over %s', (format) => {
  let master: SimMesosCluster;
  let sched: MiniScheduler;

  beforeEach(async () => {
    master = await startMesosMaster({
      agents: [{ hostname: 'node-1', os: { family: 'ubuntu', version: '16.04' } }],
      allocationIntervalMs: 50,
      statusUpdateRetryMs: 100,
      killGracePeriodMs: 500,
    });
    sched = new MiniScheduler(master.url, {
      format,
      frameworkInfo: { user: 'root', name: 'test', roles: ['scaleio'], capabilities: [{ type: 'MULTI_ROLE' }] },
    });
    await sched.subscribe();
  });

  afterEach(async () => {
    sched.close();
    await master.close();
  });

  async function offer(): Promise<Offer> {
    const ev = await sched.next((e) => e.type === 'OFFERS', 0);
    const o = ev.offers?.offers?.[0];
    if (!o) throw new Error('empty OFFERS');
    return o;
  }

  async function offerAfter(mark: number): Promise<Offer> {
    const ev = await sched.next((e) => e.type === 'OFFERS', mark);
    return ev.offers?.offers?.[0] as Offer;
  }

  /** Waits for the update and acknowledges it. */
  async function ackNext(taskId: string, state: string): Promise<Event> {
    const ev = await sched.next(isUpdate(taskId, state), 0);
    await sched.ack(ev);
    return ev;
  }

  it('runs `echo hello; exit 3` and serves its stdout through /files/read', async () => {
    const o = await offer();
    const res = await sched.call(launchCall([o], [commandTask(o, 'job-1', 'echo hello; exit 3')]));
    expect(res.status).toBe(202);
    expect(res.body).toBe('');
    await ackNext('job-1', 'TASK_STARTING');
    await ackNext('job-1', 'TASK_RUNNING');
    const failed = await ackNext('job-1', 'TASK_FAILED');
    expect(failed.update?.status.message).toBe('Command exited with status 3');
    expect(failed.update?.status.source).toBe('SOURCE_EXECUTOR');
    expect(Buffer.from(failed.update?.status.uuid ?? '', 'base64')).toHaveLength(16);

    const port = o.url?.address.port;
    const virtual = `/frameworks/${sched.frameworkId}/executors/job-1/runs/latest/stdout`;
    const read = await get(`http://127.0.0.1:${port}/files/read?path=${encodeURIComponent(virtual)}&offset=0`);
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toEqual({ data: 'hello\n', offset: 0 });
    const size = await get(`http://127.0.0.1:${port}/files/read?path=${encodeURIComponent(virtual)}`);
    expect(JSON.parse(size.body)).toEqual({ data: '', offset: 6 });
    const entry = master.taskLog().find((e) => e.taskId === 'job-1');
    expect(entry).toMatchObject({
      hostname: 'node-1',
      command: 'echo hello; exit 3',
      finalState: 'TASK_FAILED',
      exitCode: 3,
    });
  });

  it('retransmits an unacknowledged update and holds back the next one until it is acked', async () => {
    const o = await offer();
    await sched.call(launchCall([o], [commandTask(o, 'job-2', 'true')]));
    const first = await sched.next(isUpdate('job-2', 'TASK_STARTING'), 0);
    const again = await sched.next((e) => isUpdate('job-2')(e) && e !== first, sched.events.indexOf(first) + 1);
    expect(again.update?.status.state).toBe('TASK_STARTING');
    expect(again.update?.status.uuid).toBe(first.update?.status.uuid);
    await sched.ack(first);
    await ackNext('job-2', 'TASK_RUNNING');
    const finished = await ackNext('job-2', 'TASK_FINISHED');
    expect(finished.update?.status.message).toBe('Command exited with status 0');
    // Never a FINISHED before RUNNING was acknowledged: states arrive in order.
    const states = sched.events.filter(isUpdate('job-2')).map((e) => e.update?.status.state);
    expect(states.indexOf('TASK_FINISHED')).toBeGreaterThan(states.lastIndexOf('TASK_RUNNING'));
    expect(states.lastIndexOf('TASK_STARTING')).toBeLessThan(states.indexOf('TASK_RUNNING'));
  });

  it('kills a running task with TASK_KILLED and answers a kill of an unknown task with TASK_LOST', async () => {
    const o = await offer();
    await sched.call(launchCall([o], [commandTask(o, 'sleeper', 'sleep 30')]));
    await ackNext('sleeper', 'TASK_STARTING');
    await ackNext('sleeper', 'TASK_RUNNING');
    expect((await sched.call({ type: 'KILL', kill: { task_id: { value: 'sleeper' } } })).status).toBe(202);
    const killed = await ackNext('sleeper', 'TASK_KILLED');
    expect(killed.update?.status.message).toBe('Command terminated with signal Terminated');

    await sched.call({ type: 'KILL', kill: { task_id: { value: 'nobody' } } });
    const lost = await sched.next(isUpdate('nobody'), 0);
    expect(lost.update?.status).toMatchObject({
      state: 'TASK_LOST',
      source: 'SOURCE_MASTER',
      reason: 'REASON_RECONCILIATION',
    });
    expect(lost.update?.status.uuid).toBeUndefined();
  });

  it('rejects a duplicate task id with TASK_ERROR and a used offer with TASK_LOST', async () => {
    const o = await offer();
    const mark = sched.events.length;
    await sched.call(launchCall([o], [commandTask(o, 'dup', 'sleep 30')], 0));
    await ackNext('dup', 'TASK_STARTING');
    const o2 = await offerAfter(mark);
    await sched.call(launchCall([o2], [commandTask(o2, 'dup', 'true')]));
    const err = await sched.next(isUpdate('dup', 'TASK_ERROR'), 0);
    expect(err.update?.status.message).toMatch(/^Task has duplicate ID/);
    expect(err.update?.status.reason).toBe('REASON_TASK_INVALID');

    await sched.call(launchCall([o], [commandTask(o, 'stale', 'true')]));
    const lost = await sched.next(isUpdate('stale'), 0);
    expect(lost.update?.status).toMatchObject({
      state: 'TASK_LOST',
      reason: 'REASON_INVALID_OFFERS',
      source: 'SOURCE_MASTER',
    });
  });

  it('rejects a task with both command and executor, and one that asks for more than offered', async () => {
    const o = await offer();
    const both = commandTask(o, 'both', 'true', {
      executor: { executor_id: { value: 'e' }, command: { value: 'true' } },
    });
    const big = commandTask(o, 'big', 'true', {
      resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 999 }, allocation_info: { role: 'scaleio' } }],
    });
    await sched.call(launchCall([o], [both, big]));
    const e1 = await sched.next(isUpdate('both', 'TASK_ERROR'), 0);
    expect(e1.update?.status.message).toMatch(/one \(but not both\) of CommandInfo or ExecutorInfo/);
    const e2 = await sched.next(isUpdate('big', 'TASK_ERROR'), 0);
    expect(e2.update?.status.message).toMatch(/more resources/);
  });

  it('answers explicit and implicit reconciliation with uuid-less master updates', async () => {
    const o = await offer();
    await sched.call(launchCall([o], [commandTask(o, 'rec', 'sleep 30')]));
    await ackNext('rec', 'TASK_STARTING');
    await ackNext('rec', 'TASK_RUNNING');
    const mark = sched.events.length;
    await sched.call({
      type: 'RECONCILE',
      reconcile: {
        tasks: [
          { task_id: { value: 'rec' } },
          { task_id: { value: 'ghost' }, agent_id: o.agent_id },
          { task_id: { value: 'void' } },
        ],
      },
    });
    const rec = await sched.next(isUpdate('rec'), mark);
    expect(rec.update?.status).toMatchObject({
      state: 'TASK_RUNNING',
      source: 'SOURCE_MASTER',
      reason: 'REASON_RECONCILIATION',
    });
    expect(rec.update?.status.uuid).toBeUndefined();
    expect((await sched.next(isUpdate('ghost'), mark)).update?.status.state).toBe('TASK_LOST');
    expect((await sched.next(isUpdate('void'), mark)).update?.status.state).toBe('TASK_LOST');

    const mark2 = sched.events.length;
    await sched.call({ type: 'RECONCILE', reconcile: {} });
    const implicit = await sched.next(isUpdate('rec'), mark2);
    expect(implicit.update?.status).toMatchObject({ state: 'TASK_RUNNING', reason: 'REASON_RECONCILIATION' });
  });
});

describe('reconciliation for a PARTITION_AWARE framework', () => {
  it('follows the table of master.cpp for unknown tasks', async () => {
    const master = await startMesosMaster({
      agents: [{ hostname: 'n1' }, { hostname: 'n2' }],
      allocationIntervalMs: 50,
    });
    const sched = new MiniScheduler(master.url, {
      format: 'application/json',
      frameworkInfo: { user: 'root', name: 'pa', capabilities: [{ type: 'PARTITION_AWARE' }] },
    });
    try {
      await sched.subscribe();
      const n1 = master.agent('n1').id;
      const n2 = master.agent('n2').id;
      master.partitionAgent('n2');
      const mark = sched.events.length;
      await sched.call({
        type: 'RECONCILE',
        reconcile: {
          tasks: [
            { task_id: { value: 'a' }, agent_id: { value: n1 } },
            { task_id: { value: 'b' }, agent_id: { value: n2 } },
            { task_id: { value: 'c' } },
          ],
        },
      });
      expect((await sched.next(isUpdate('a'), mark)).update?.status.state).toBe('TASK_GONE');
      expect((await sched.next(isUpdate('b'), mark)).update?.status.state).toBe('TASK_UNREACHABLE');
      expect((await sched.next(isUpdate('c'), mark)).update?.status.state).toBe('TASK_UNKNOWN');
    } finally {
      sched.close();
      await master.close();
    }
  });
});
