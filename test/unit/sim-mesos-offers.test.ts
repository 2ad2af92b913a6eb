// Offer conformance: SUBSCRIBED first, heartbeats, offers with attributes and roles, DECLINE
// filters, SUPPRESS/REVIVE, and RESCIND + FAILURE when an agent goes away; over both formats.
import { type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { type Event, type Offer } from '../../sim/mesos/json-form';
import { declineCall } from '../../sim/mesos/testing/calls';
import { MiniScheduler, isUpdate } from '../../sim/mesos/testing/mini-scheduler';

jest.setTimeout(20_000);

const offersIn = (e: Event): Offer[] => (e.type === 'OFFERS' ? (e.offers?.offers ?? []) : []);

describe.each(['application/json', 'application/x-protobuf'] as const)('offers over %s', (format) => {
  let master: SimMesosCluster;
  let sched: MiniScheduler;

  beforeEach(async () => {
    master = await startMesosMaster({
      heartbeatIntervalSeconds: 0.05,
      allocationIntervalMs: 20,
      agents: [
        {
          hostname: 'a1',
          os: { family: 'rhel', version: '7' },
          rack: 'r1',
          cpus: 8,
          memMb: 16384,
          attributes: { sds: 'yes' },
        },
        { hostname: 'a2', os: { family: 'coreos', version: '1235' }, rack: 'r2' },
      ],
    });
    sched = new MiniScheduler(master.url, {
      format,
      frameworkInfo: { user: 'root', name: 'offers', roles: ['scaleio'], capabilities: [{ type: 'MULTI_ROLE' }] },
    });
  });

  afterEach(async () => {
    sched.close();
    await master.close();
  });

  /** Every OFFERS event after `mark` has been seen for both agents at least once; returns offers by hostname. */
  async function offersByHost(mark: number): Promise<Map<string, Offer>> {
    const seen = new Map<string, Offer>();
    await sched.next((e) => {
      for (const o of offersIn(e)) seen.set(o.hostname, o);
      return seen.size === 2;
    }, mark);
    return seen;
  }

  /** Forces an allocation pass, then a reconcile round trip: any offer made by the pass precedes its answer. */
  async function flush(tag: string): Promise<number> {
    master.core.allocateNow();
    await sched.call({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: tag } }] } });
    const ev = await sched.next(isUpdate(tag), 0);
    return sched.events.indexOf(ev);
  }

  it('sends SUBSCRIBED first, then heartbeats and one offer per agent with attributes and role', async () => {
    const first = await sched.subscribe();
    expect(sched.events[0]).toBe(first);
    expect(first.subscribed?.heartbeat_interval_seconds).toBe(0.05);
    expect(first.subscribed?.master_info?.address?.port).toBe(master.port);
    expect(sched.streamId).toMatch(/^[0-9a-f-]{36}$/);
    const byHost = await offersByHost(0);
    const a1 = byHost.get('a1') as Offer;
    expect(a1.allocation_info?.role).toBe('scaleio');
    expect(a1.resources).toEqual(
      expect.arrayContaining([
        { name: 'cpus', type: 'SCALAR', scalar: { value: 8 }, allocation_info: { role: 'scaleio' } },
        {
          name: 'ports',
          type: 'RANGES',
          ranges: { range: [{ begin: 31000, end: 32000 }] },
          allocation_info: { role: 'scaleio' },
        },
      ])
    );
    const attrs = Object.fromEntries((a1.attributes ?? []).map((a) => [a.name, a.text?.value]));
    expect(attrs).toEqual({ os: 'rhel', os_version: '7', rack: 'r1', sds: 'yes' });
    expect(a1.url?.address.port).toBe(master.agent('a1').httpPort);
    const beats = await sched.next((e) => e.type === 'HEARTBEAT' && sched.events.indexOf(e) > 3, 0);
    expect(beats.type).toBe('HEARTBEAT');
  });

  it('honours a decline filter per agent until REVIVE clears it', async () => {
    await sched.subscribe();
    const byHost = await offersByHost(0);
    const a1 = byHost.get('a1') as Offer;
    const a2 = byHost.get('a2') as Offer;
    await sched.call(declineCall([a1], 3600));
    const mark = sched.events.length;
    await sched.call(declineCall([a2], 0));
    // a2 comes back at once (no filter); several passes later a1 still has not.
    await sched.next((e) => offersIn(e).some((o) => o.hostname === 'a2'), mark);
    const end = await flush('barrier-1');
    const reoffered = sched.events
      .slice(mark, end)
      .flatMap(offersIn)
      .map((o) => o.hostname);
    expect(reoffered).toContain('a2');
    expect(reoffered).not.toContain('a1');
    const beforeRevive = sched.events.length;
    await sched.call({ type: 'REVIVE' });
    const again = await sched.next((e) => offersIn(e).some((o) => o.hostname === 'a1'), beforeRevive);
    expect(offersIn(again).find((o) => o.hostname === 'a1')?.id.value).not.toBe(a1.id.value);
  });

  it('sends no offers while suppressed and resumes after REVIVE', async () => {
    await sched.subscribe();
    const byHost = await offersByHost(0);
    await sched.call({ type: 'SUPPRESS', suppress: { roles: [] } });
    const mark = sched.events.length;
    await sched.call(declineCall([...byHost.values()], 0));
    const end = await flush('barrier-2');
    expect(sched.events.slice(mark, end).flatMap(offersIn)).toHaveLength(0);
    await sched.call({ type: 'REVIVE', revive: { roles: ['scaleio'] } });
    const back = await offersByHost(end);
    expect(back.size).toBe(2);
  });

  it('rescinds the offer of an agent that dies and reports the agent FAILURE', async () => {
    await sched.subscribe();
    const byHost = await offersByHost(0);
    const a2 = byHost.get('a2') as Offer;
    const mark = sched.events.length;
    master.killAgent('a2');
    const rescind = await sched.next((e) => e.type === 'RESCIND', mark);
    expect(rescind.rescind?.offer_id.value).toBe(a2.id.value);
    const failure = await sched.next((e) => e.type === 'FAILURE', mark);
    expect(failure.failure?.agent_id?.value).toBe(a2.agent_id.value);
    master.restartAgent('a2', { newAgentId: true });
    const back = await sched.next((e) => offersIn(e).some((o) => o.hostname === 'a2'), mark);
    const newId = offersIn(back).find((o) => o.hostname === 'a2')?.agent_id.value;
    expect(newId).not.toBe(a2.agent_id.value);
  });
});

describe('offer timeout', () => {
  it('rescinds offers held longer than offerTimeoutMs', async () => {
    const master = await startMesosMaster({
      offerTimeoutMs: 50,
      allocationIntervalMs: 20,
      agents: [{ hostname: 'x1' }],
    });
    const sched = new MiniScheduler(master.url, {
      format: 'application/json',
      frameworkInfo: { user: 'root', name: 'to' },
    });
    try {
      await sched.subscribe();
      const offers = await sched.next((e) => e.type === 'OFFERS', 0);
      const rescind = await sched.next((e) => e.type === 'RESCIND', 0);
      expect(rescind.rescind?.offer_id.value).toBe(offersIn(offers)[0]?.id.value);
      // Non-MULTI_ROLE frameworks get no allocation_info.
      expect(offersIn(offers)[0]?.allocation_info).toBeUndefined();
    } finally {
      sched.close();
      await master.close();
    }
  });
});
