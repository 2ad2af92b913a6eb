// Offer hygiene against the simulated master (unwanted offers declined at once in one call per
// OFFERS event, suppressed when idle, revived on demand) and, with a fake master, rescinds.
import { OfferBook, type OfferCalls } from '../../mesos-bridge/offers';
import type { Offer, OfferOperation } from '../../proto/types';
import type { IdLike } from '../../mesos-bridge/scheduler';
import { scalar } from '../../proto/codec';
import { AGENTS, RES, until, simulatedMasterPerTest } from './bridge-core-support';

describe('against the simulated master', () => {
  const sim = simulatedMasterPerTest();
  const bridges = sim.bridges;

  const framework = (id: string | undefined) => sim.mesos.core.frameworks.get(id ?? '');

  test('unwanted offers are declined at once, in one call per OFFERS event, then offers are suppressed', async () => {
    const core = await bridges.start(sim.mesos.url, bridges.stateDir());
    await until(() => core.offers.metrics().received >= AGENTS.length);
    await until(() => framework(core.client.frameworkId)?.suppressedRoles.has('scaleio') ?? false);
    await core.offers.settled();
    const m = core.offers.metrics();
    expect(m.heldNow).toBe(0);
    expect(m.used).toBe(0);
    expect(m.declined).toBe(m.received);
    expect(m.declineCalls).toBeLessThanOrEqual(core.client.metrics().eventsByType.OFFERS ?? 0);
    expect(m.holdMs.samples).toBe(m.received);
    expect(m.suppressCalls).toBeGreaterThanOrEqual(1);
    // The master holds no offer for us.
    expect(framework(core.client.frameworkId)?.offerIds.size).toBe(0);
    // Suppressed: further allocation passes send nothing.
    const before = core.offers.metrics().received;
    await new Promise((r) => setTimeout(r, 300));
    expect(core.offers.metrics().received).toBe(before);
  });

  test('a request revives offers (clearing decline filters) and the task runs; then offers are suppressed again', async () => {
    const core = await bridges.start(sim.mesos.url, bridges.stateDir());
    await until(() => framework(core.client.frameworkId)?.suppressedRoles.has('scaleio') ?? false);
    const result = await core.runTask({ taskId: 'scaleio.o2', hostname: 'node-3', command: 'echo hi', resources: RES });
    expect(result.stdout).toBe('hi\n');
    const m = core.offers.metrics();
    expect(m.reviveCalls).toBeGreaterThanOrEqual(1);
    expect(m.used).toBe(1);
    await until(() => framework(core.client.frameworkId)?.suppressedRoles.has('scaleio') ?? false);
    expect(core.offers.metrics().heldNow).toBe(0);
  });

  test('offers declined just after a REVIVE was sent keep their filter: a request for that host revives again', async () => {
    // Subscribing revives for discovery; the first offers are declined (30 s filter) while that REVIVE is in flight.
    const core = await bridges.start(sim.mesos.url, bridges.stateDir(), { offers: { discoveryWindowMs: 60000 } });
    await until(() => core.offers.metrics().declined >= AGENTS.length);
    await core.offers.settled();
    const revives = core.offers.metrics().reviveCalls;
    const r = await core.runTask({
      taskId: 'scaleio.refilter.1',
      hostname: 'node-2',
      command: 'echo ok',
      resources: RES,
    });
    expect(r.stdout.trim()).toBe('ok');
    expect(core.offers.metrics().reviveCalls).toBe(revives + 1);
  });
});

describe('with a fake master', () => {
  function offer(id: string, hostname: string, cpus: number, mem: number): Offer {
    return {
      id: { value: id },
      framework_id: { value: 'fw' },
      agent_id: { value: `agent-${hostname}` },
      hostname,
      resources: [scalar('cpus', cpus), scalar('mem', mem)],
    };
  }

  const idValue = (i: IdLike): string => (typeof i === 'string' ? i : i.value);

  class FakeCalls implements OfferCalls {
    readonly log: { type: string; ids?: string[]; ops?: OfferOperation[]; refuse?: number }[] = [];
    accept(ids: IdLike[], ops: OfferOperation[], filters?: { refuse_seconds?: number }): Promise<void> {
      this.log.push({ type: 'ACCEPT', ids: ids.map(idValue), ops, refuse: filters?.refuse_seconds });
      return Promise.resolve();
    }
    decline(ids: IdLike[], refuse?: number): Promise<void> {
      this.log.push({ type: 'DECLINE', ids: ids.map(idValue), refuse });
      return Promise.resolve();
    }
    suppress(): Promise<void> {
      this.log.push({ type: 'SUPPRESS' });
      return Promise.resolve();
    }
    revive(): Promise<void> {
      this.log.push({ type: 'REVIVE' });
      return Promise.resolve();
    }
  }

  test('an offer rescinded while being used is never launched on; the request takes the next offer', async () => {
    const calls = new FakeCalls();
    const book = new OfferBook(calls, { suppressDelayMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const used: string[] = [];
    const launched: string[] = [];
    book.add({
      hostname: 'h1',
      resources: { cpus: 1, memMb: 100 },
      use: async (o) => {
        used.push(o.id.value);
        if (o.id.value === 'o1') await gate; // the rescind arrives while we persist
        return [{ type: 'LAUNCH', launch: { task_infos: [] } }];
      },
      launched: (err, o) => launched.push(err ? `error ${err.message}` : o.id.value),
    });
    book.onOffers([offer('o1', 'h1', 2, 200), offer('o2', 'h2', 2, 200)]);
    book.onRescind('o1');
    release();
    await until(() => book.pendingCount === 1);
    expect(calls.log.filter((c) => c.type === 'ACCEPT')).toEqual([]);
    expect(calls.log.find((c) => c.type === 'DECLINE')).toMatchObject({ ids: ['o2'], refuse: 30 });

    book.onOffers([offer('o3', 'h1', 2, 200)]);
    await until(() => launched.length === 1);
    expect(launched).toEqual(['o3']);
    expect(used).toEqual(['o1', 'o3']);
    expect(calls.log.filter((c) => c.type === 'ACCEPT')).toEqual([expect.objectContaining({ ids: ['o3'], refuse: 1 })]);
    expect(book.metrics()).toMatchObject({ received: 3, rescinded: 1, used: 1, declined: 1, heldNow: 0 });
    await until(() => calls.log.at(-1)?.type === 'SUPPRESS');
    book.close();
  });

  test('requests for one host are packed into one ACCEPT; what does not fit waits and records the best offer', async () => {
    const calls = new FakeCalls();
    const book = new OfferBook(calls, { suppressDelayMs: 0 });
    const launched: string[] = [];
    const req = (name: string, memMb: number) => ({
      hostname: 'h1',
      resources: { cpus: 0.5, memMb },
      use: () => Promise.resolve([{ type: 'LAUNCH' as const, launch: { task_infos: [] } }]),
      launched: (err: Error | undefined) => launched.push(err ? `${name} error` : name),
    });
    book.add(req('a', 100));
    book.add(req('b', 100));
    const big = book.add(req('c', 500));
    book.onOffers([offer('o1', 'h1', 2, 300)]);
    await until(() => launched.length === 2);
    expect(launched).toEqual(['a', 'b']);
    const accepts = calls.log.filter((c) => c.type === 'ACCEPT');
    expect(accepts).toHaveLength(1);
    expect(accepts[0]?.ops).toHaveLength(2);
    expect(big.bestSeen()).toMatchObject({ cpus: 2, memMb: 300 });
    expect(big.cancel()).toBe(true);
    expect(book.pendingCount).toBe(0);
    book.close();
  });

  test('a host launched on lately is warm: its declines get a short filter and its next request needs no REVIVE', async () => {
    const calls = new FakeCalls();
    const book = new OfferBook(calls, { suppressDelayMs: 60_000 });
    const launched: string[] = [];
    const req = (hostname: string) => ({
      hostname,
      resources: { cpus: 1, memMb: 100 },
      use: () => Promise.resolve([{ type: 'LAUNCH' as const, launch: { task_infos: [] } }]),
      launched: (err: Error | undefined, o: Offer) => launched.push(err ? `error ${err.message}` : o.id.value),
    });
    book.add(req('h1'));
    book.onOffers([offer('o1', 'h1', 2, 200)]);
    await until(() => launched.length === 1);
    // The next allocation: nothing waits; h1 (warm) is refused briefly, h2 (cold) for the long filter.
    book.onOffers([offer('o2', 'h1', 1, 100), offer('o3', 'h2', 2, 200)]);
    await until(() => book.metrics().declined === 2);
    const declines = calls.log.filter((c) => c.type === 'DECLINE');
    expect(declines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ids: ['o2'], refuse: 0.2 }),
        expect.objectContaining({ ids: ['o3'], refuse: 30 }),
      ])
    );
    const revives = () => calls.log.filter((c) => c.type === 'REVIVE').length;
    await book.settled();
    const before = revives();
    book.add(req('h1')); // h1's filter lapses by itself by the next allocation
    await book.settled();
    expect(revives()).toBe(before);
    book.add(req('h2')); // h2 would stay hidden for 30 s
    await book.settled();
    expect(revives()).toBe(before + 1);
    book.close();
  });

  test('a DECLINE that fails is retried until it lands: the offers never stay hidden with us', async () => {
    const calls = new FakeCalls();
    let failures = 2;
    calls.decline = (ids: IdLike[], refuse?: number) => {
      calls.log.push({ type: 'DECLINE', ids: ids.map(idValue), refuse });
      if (failures-- > 0) return Promise.reject(new Error('socket hang up'));
      return Promise.resolve();
    };
    const book = new OfferBook(calls, { suppressDelayMs: 0 });
    book.onOffers([offer('o1', 'h1', 2, 200), offer('o2', 'h2', 2, 200)]);
    await until(() => book.metrics().declined === 2);
    const declines = calls.log.filter((c) => c.type === 'DECLINE');
    expect(declines).toHaveLength(3);
    expect(declines.every((c) => c.ids?.join() === 'o1,o2')).toBe(true);
    expect(book.metrics()).toMatchObject({ declineCalls: 1, callErrors: 2, heldNow: 0 });
    book.close();
  });

  test('a DECLINE refused because the subscription is gone is not retried (a new subscription holds no offer)', async () => {
    const calls = new FakeCalls();
    calls.decline = (ids: IdLike[]) => {
      calls.log.push({ type: 'DECLINE', ids: ids.map(idValue) });
      return Promise.reject(Object.assign(new Error('403'), { name: 'MesosForbiddenError' }));
    };
    const book = new OfferBook(calls, { suppressDelayMs: 0 });
    book.onOffers([offer('o1', 'h1', 2, 200)]);
    await until(() => book.metrics().heldNow === 0);
    expect(calls.log.filter((c) => c.type === 'DECLINE')).toHaveLength(1);
    expect(book.metrics()).toMatchObject({ declineCalls: 0, declined: 0, callErrors: 1 });
    book.close();
  });
});
