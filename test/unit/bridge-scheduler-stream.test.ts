// SchedulerClient against the simulated master, over both wire formats: subscribe and offers,
// FrameworkID persistence across a client restart (tasks kept), re-subscribe after a dropped
// stream and after missed heartbeats.
import { statSync, readFileSync } from 'node:fs';
import { type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { commandTask } from '../../sim/mesos/testing/calls';
import type { Offer, TaskStatus } from '../../proto/types';
import { FileFrameworkIdStore } from '../../mesos-bridge/state/framework-store';
import { ClientPool, clientOptions, nextEvent, PausableProxy, tempDir } from './bridge-scheduler-support';

jest.setTimeout(30_000);

describe.each(['protobuf', 'json'] as const)('SchedulerClient over %s', (format) => {
  let master: SimMesosCluster;
  let state: ReturnType<typeof tempDir>;
  const pool = new ClientPool();
  const opts = (extra = {}) => clientOptions([master.url], state.dir, { format, ...extra });

  beforeEach(async () => {
    state = tempDir();
    master = await startMesosMaster({
      agents: [{ hostname: 'node-1' }, { hostname: 'node-2' }],
      allocationIntervalMs: 20,
      statusUpdateRetryMs: 100,
    });
  });
  afterEach(async () => {
    await pool.closeAll();
    await master.close();
    state.remove();
  });

  it('subscribes, persists the FrameworkID (0600) before reporting it, and receives offers', async () => {
    const client = pool.create(opts());
    const offers = nextEvent(client, 'offers', (o) => o.length > 0);
    const info = await client.start();
    expect(info.resubscribed).toBe(false);
    expect(info.heartbeatIntervalSeconds).toBe(15);
    expect(info.streamId).toMatch(/^[0-9a-f-]{36}$/);
    const file = new FileFrameworkIdStore(state.dir).file;
    expect(readFileSync(file, 'utf8').trim()).toBe(info.frameworkId);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [got] = await offers;
    expect(got[0]?.framework_id.value).toBe(info.frameworkId);
    expect(got[0]?.allocation_info?.role).toBe('scaleio');
    await client.decline(
      got.map((o) => o.id),
      60
    );
    const m = client.metrics();
    expect(m.callsByType.DECLINE).toEqual({ '202': 1 });
    expect(m.eventsByType.SUBSCRIBED).toBe(1);
    expect(m.subscriptions).toBe(1);
  });

  it('reuses the stored FrameworkID after a restart; the task is still RUNNING and reconcile answers are not acked', async () => {
    const first = pool.create(opts({ autoAcknowledge: false }));
    const offers = nextEvent(first, 'offers', (o) => o.length > 0);
    const { frameworkId } = await first.start();
    const [[offer]] = (await offers) as [Offer[]];
    if (!offer) throw new Error('no offer');
    const running = nextEvent(first, 'update', (s) => s.state === 'TASK_RUNNING');
    const acks: Promise<boolean>[] = [];
    // The master retransmits an update until its ack lands (every 100 ms here): ack each uuid once, so no
    // late duplicate is still in flight when the client closes.
    const seen = new Set<string>();
    first.on('update', (s) => {
      const key = s.uuid ?? '';
      if (seen.has(key)) return;
      seen.add(key);
      acks.push(first.acknowledgeUpdate(s));
    });
    await first.accept(
      [offer.id],
      [{ type: 'LAUNCH', launch: { task_infos: [commandTask(offer, 'sleeper', 'sleep 60')] } }]
    );
    const [status] = await running;
    expect(status.uuid).toBeDefined();
    // With autoAcknowledge off, the owner's acks are the only ones: STARTING and RUNNING.
    expect(await Promise.all(acks)).toEqual([true, true]);
    expect(first.metrics().callsByType.ACKNOWLEDGE).toEqual({ '202': 2 });
    await first.close();

    const second = pool.create(opts());
    const info = await second.start();
    expect(info.frameworkId).toBe(frameworkId);
    expect(info.resubscribed).toBe(true);
    const answer = nextEvent(second, 'update', (s) => s.task_id.value === 'sleeper');
    await second.reconcile([{ taskId: 'sleeper', agentId: offer.agent_id }]);
    const [reconciled] = (await answer) as [TaskStatus];
    expect(reconciled.state).toBe('TASK_RUNNING');
    expect(reconciled.reason).toBe('REASON_RECONCILIATION');
    expect(reconciled.uuid).toBeUndefined();
    expect(await second.acknowledgeUpdate(reconciled)).toBe(false);
    expect(second.metrics().callsByType.ACKNOWLEDGE).toBeUndefined();
    const frameworks = master.state().frameworks as { id: string; tasks: { id: string; state: string }[] }[];
    expect(frameworks.map((f) => f.id)).toEqual([frameworkId]);
    expect(frameworks[0]?.tasks.map((t) => [t.id, t.state])).toEqual([['sleeper', 'TASK_RUNNING']]);
  });

  it('re-subscribes with the same id when the master drops the stream, and calls use the new stream id', async () => {
    const client = pool.create(opts());
    const info = await client.start();
    const lost = nextEvent(client, 'disconnected');
    const again = nextEvent(client, 'subscribed');
    expect(master.dropStream(info.frameworkId)).toBe(true);
    const [disconnect] = await lost;
    expect(['eof', 'stream-error']).toContain(disconnect.reason);
    const [next] = await again;
    expect(next.frameworkId).toBe(info.frameworkId);
    expect(next.resubscribed).toBe(true);
    expect(next.streamId).not.toBe(info.streamId);
    await client.revive();
    expect(client.metrics().callsByType.REVIVE).toEqual({ '202': 1 });
    expect(client.metrics().reconnects).toBe(1);
  });
});

describe('dead-master detection', () => {
  let master: SimMesosCluster;
  let proxy: PausableProxy;
  let state: ReturnType<typeof tempDir>;
  const pool = new ClientPool();

  beforeEach(async () => {
    state = tempDir();
    master = await startMesosMaster({ agents: [], heartbeatIntervalSeconds: 0.05 });
    proxy = new PausableProxy(master.port);
  });
  afterEach(async () => {
    await pool.closeAll();
    await proxy.close();
    await master.close();
    state.remove();
  });

  it('aborts a silent stream after factor × heartbeat interval and re-subscribes with the same id', async () => {
    const url = await proxy.start();
    const client = pool.create(clientOptions([url], state.dir, { heartbeatMissFactor: 4 }));
    const info = await client.start();
    expect(info.heartbeatIntervalSeconds).toBe(0.05);
    await nextEvent(client, 'heartbeat');
    const lost = nextEvent(client, 'disconnected');
    proxy.paused = true;
    const [disconnect] = await lost;
    proxy.paused = false;
    expect(disconnect.reason).toBe('heartbeat-timeout');
    expect(disconnect.error?.message).toMatch(/no data for 200 ms/);
    const [next] = await nextEvent(client, 'subscribed');
    expect(next.frameworkId).toBe(info.frameworkId);
    expect(client.metrics().heartbeatTimeouts).toBe(1);
  });
});
