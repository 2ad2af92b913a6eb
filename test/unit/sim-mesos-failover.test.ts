// Framework failover conformance: re-subscribe inside failover_timeout keeps tasks, expiry kills
// them and retires the id, a second SUBSCRIBE fails the old stream over, TEARDOWN removes it.
import { type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { type FrameworkInfo, type Offer } from '../../sim/mesos/json-form';
import { commandTask, launchCall } from '../../sim/mesos/testing/calls';
import { MiniScheduler, isUpdate } from '../../sim/mesos/testing/mini-scheduler';

jest.setTimeout(20_000);

const info = (failover: number): FrameworkInfo => ({
  user: 'root',
  name: 'fo',
  failover_timeout: failover,
  checkpoint: true,
});

describe.each(['application/json', 'application/x-protobuf'] as const)('failover over %s', (format) => {
  let master: SimMesosCluster;
  const open: MiniScheduler[] = [];
  const scheduler = (failover: number, frameworkId?: string): MiniScheduler => {
    const s = new MiniScheduler(master.url, {
      format,
      frameworkInfo: info(failover),
      ...(frameworkId ? { frameworkId } : {}),
    });
    open.push(s);
    return s;
  };

  beforeEach(async () => {
    master = await startMesosMaster({
      agents: [{ hostname: 'f1' }],
      allocationIntervalMs: 20,
      statusUpdateRetryMs: 50,
    });
  });
  afterEach(async () => {
    for (const s of open.splice(0)) s.close();
    await master.close();
  });

  async function runSleeper(s: MiniScheduler, taskId: string): Promise<Offer> {
    const ev = await s.next((e) => e.type === 'OFFERS', 0);
    const o = ev.offers?.offers?.[0] as Offer;
    await s.call(launchCall([o], [commandTask(o, taskId, 'sleep 30')]));
    await s.ack(await s.next(isUpdate(taskId, 'TASK_STARTING'), 0));
    await s.ack(await s.next(isUpdate(taskId, 'TASK_RUNNING'), 0));
    return o;
  }

  it('keeps tasks of a framework that re-subscribes within failover_timeout', async () => {
    const s1 = scheduler(60);
    await s1.subscribe();
    await runSleeper(s1, 'keep');
    master.dropStream(s1.frameworkId);
    await s1.waitClosed();
    const s2 = scheduler(60, s1.frameworkId);
    const sub = await s2.subscribe();
    expect(sub.subscribed?.framework_id.value).toBe(s1.frameworkId);
    expect(s2.streamId).not.toBe(s1.streamId);
    await s2.call({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'keep' } }] } });
    expect((await s2.next(isUpdate('keep'), 0)).update?.status.state).toBe('TASK_RUNNING');
    // The old stream id is dead.
    expect((await s1.call({ type: 'REVIVE' })).status).toBe(400);
  });

  it('kills the tasks and retires the id once failover_timeout expires', async () => {
    const s1 = scheduler(0.1);
    await s1.subscribe();
    await runSleeper(s1, 'doomed');
    const fid = s1.frameworkId;
    master.dropStream(fid);
    await s1.waitClosed();
    while (!master.core.removedFrameworks.has(fid)) await new Promise((r) => setTimeout(r, 20));
    expect(master.agent('f1').task(fid, 'doomed')?.runner.finished ?? true).toBe(true);
    const s2 = scheduler(0.1, fid);
    const ev = await s2.subscribe();
    expect(ev).toEqual({ type: 'ERROR', error: { message: 'Framework has been removed' } });
    await s2.waitClosed();
    expect((await s2.call({ type: 'REVIVE' })).body).toBe('Framework cannot be found');
  });

  it('sends "Framework failed over" on the old stream when the id subscribes again, and rescinds its offers', async () => {
    const s1 = scheduler(60);
    await s1.subscribe();
    const offered = await s1.next((e) => e.type === 'OFFERS', 0);
    const s2 = scheduler(60, s1.frameworkId);
    await s2.subscribe();
    const err = await s1.next((e) => e.type === 'ERROR', 0);
    expect(err.error?.message).toBe('Framework failed over');
    await s1.waitClosed();
    const rescind = await s2.next((e) => e.type === 'RESCIND', 0);
    expect(rescind.rescind?.offer_id.value).toBe(offered.offers?.offers?.[0]?.id.value);
  });

  it('tears a framework down: tasks killed, id unusable', async () => {
    const s1 = scheduler(60);
    await s1.subscribe();
    await runSleeper(s1, 'td');
    expect((await s1.call({ type: 'TEARDOWN' })).status).toBe(202);
    await s1.waitClosed();
    expect((await s1.call({ type: 'REVIVE' })).status).toBe(400);
    const s2 = scheduler(60, s1.frameworkId);
    expect((await s2.subscribe()).error?.message).toBe('Framework has been removed');
    const entry = master.taskLog().find((e) => e.taskId === 'td');
    expect(entry?.finalState).toBe('TASK_KILLED');
  });
});
