// REVIVE pacing: a REVIVE makes the master offer again every host we filtered, so after one the next waits a gap
// that grows with that number; requests meanwhile share one REVIVE, and an urgent request (a step in the cluster's
// reboot turn) never waits.
import { OfferBook, type OfferCalls } from '../../mesos-bridge/offers';
import { OfferFlow } from '../../mesos-bridge/offers/offer-flow';
import { validateRunOnAgentInput } from '../../mesos-bridge/temporal/validate-input';
import { scalar } from '../../proto/codec';
import type { Offer } from '../../proto/types';

/** Answers every call at once and records when each REVIVE went out. */
function recordingCalls() {
  const revives: number[] = [];
  const calls: OfferCalls = {
    accept: () => Promise.resolve(),
    decline: () => Promise.resolve(),
    suppress: () => Promise.resolve(),
    revive: () => {
      revives.push(Date.now());
      return Promise.resolve();
    },
  };
  return { calls, revives };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function flowWithGap(gapMs: number, pending: { n: number }) {
  const { calls, revives } = recordingCalls();
  const flow = new OfferFlow(calls, 60_000, {
    isIdle: () => pending.n === 0,
    revived: () => undefined,
    counted: () => undefined,
    reviveGapMs: () => gapMs,
  });
  return { flow, revives };
}

test('requests within the gap after a REVIVE share one REVIVE, sent when the gap is over', async () => {
  const pending = { n: 1 };
  const { flow, revives } = flowWithGap(300, pending);
  flow.want(true);
  await flow.settled();
  expect(revives).toHaveLength(1);
  for (let i = 0; i < 5; i++) flow.want(true);
  await flow.settled();
  expect(revives).toHaveLength(1);
  expect(flow.revivePaced).toBe(true);
  await sleep(450);
  await flow.settled();
  expect(revives).toHaveLength(2);
  expect(revives[1]! - revives[0]!).toBeGreaterThanOrEqual(295);
  expect(flow.revivePaced).toBe(false);
  flow.close();
});

test('an urgent request revives at once, and the paced REVIVE it overtook is not sent as well', async () => {
  const pending = { n: 1 };
  // A gap no test outlives: only the urgent request can send the second REVIVE.
  const { flow, revives } = flowWithGap(60_000, pending);
  flow.want(true);
  await flow.settled();
  flow.want(true);
  expect(flow.revivePaced).toBe(true);
  flow.want(true, true);
  await flow.settled();
  expect(revives).toHaveLength(2);
  // The paced REVIVE it overtook is cancelled, not left to go out when the gap ends.
  expect(flow.revivePaced).toBe(false);
  flow.close();
});

test('a paced REVIVE is dropped when every request found its offer during the gap', async () => {
  const pending = { n: 1 };
  const { flow, revives } = flowWithGap(200, pending);
  flow.want(true);
  await flow.settled();
  flow.want(true);
  pending.n = 0;
  await sleep(350);
  await flow.settled();
  expect(revives).toHaveLength(1);
  flow.close();
});

function offerFrom(i: number): Offer {
  const hostname = `node-${i}`;
  return {
    id: { value: `o-${i}-${Math.random()}` },
    framework_id: { value: 'fw' },
    agent_id: { value: `agent-${hostname}` },
    hostname,
    resources: [scalar('cpus', 2), scalar('mem', 512)],
  };
}

function request(hostname: string, urgent = false) {
  return {
    hostname,
    resources: { cpus: 1, memMb: 128 },
    urgent,
    use: () => Promise.resolve([]),
    launched: () => undefined,
  };
}

/** The master offers every one of `hosts` agents while nothing waits for most: each ends behind a 30 s filter. */
async function offerAll(book: OfferBook, hosts: number): Promise<void> {
  book.onOffers(Array.from({ length: hosts }, (_, i) => offerFrom(i + 1)));
  await sleep(10);
}

async function bookWithFiltered(hosts: number, reviveOffersPerSecond: number) {
  const { calls, revives } = recordingCalls();
  const book = new OfferBook(calls, { suppressDelayMs: 60_000, reviveOffersPerSecond });
  await offerAll(book, hosts);
  /** A request for node-1 revives; the master offers every agent again, and the book declines them again. */
  const firstRevive = async () => {
    book.add(request('node-1'));
    await book.settled();
    await offerAll(book, hosts);
  };
  return { book, revives, firstRevive };
}

test('the gap grows with the hosts a REVIVE re-offers: 300 filtered hosts at 1000/s wait 0.3 s, 3 hosts do not', async () => {
  const big = await bookWithFiltered(300, 1000);
  await big.firstRevive();
  big.book.add(request('node-2'));
  await big.book.settled();
  expect(big.revives).toHaveLength(1);
  await sleep(400);
  await big.book.settled();
  expect(big.revives).toHaveLength(2);
  expect(big.revives[1]! - big.revives[0]!).toBeGreaterThanOrEqual(295);
  big.book.close();

  const small = await bookWithFiltered(3, 1000);
  await small.firstRevive();
  small.book.add(request('node-2'));
  await small.book.settled();
  expect(small.revives).toHaveLength(2);
  small.book.close();
});

test('an urgent request (a step in the reboot turn) is not paced; with pacing off nothing is', async () => {
  const paced = await bookWithFiltered(300, 100);
  await paced.firstRevive();
  paced.book.add(request('node-2'));
  await paced.book.settled();
  expect(paced.revives).toHaveLength(1);
  paced.book.add(request('node-3', true));
  await paced.book.settled();
  expect(paced.revives).toHaveLength(2);
  paced.book.close();

  const off = await bookWithFiltered(300, 0);
  await off.firstRevive();
  off.book.add(request('node-2'));
  await off.book.settled();
  expect(off.revives).toHaveLength(2);
  off.book.close();
});

test('a bad reviveOffersPerSecond is refused by name', () => {
  const { calls } = recordingCalls();
  expect(() => new OfferBook(calls, { reviveOffersPerSecond: -1 })).toThrow(/OfferBookOptions\.reviveOffersPerSecond/);
  expect(() => new OfferBook(calls, { maxReviveGapSeconds: -1 })).toThrow(/OfferBookOptions\.maxReviveGapSeconds/);
});

test('runOnAgent refuses an urgent that is not true or false, naming the field', () => {
  const input = { hostname: 'node-1', taskName: 'reboot-node', command: 'true' };
  expect(validateRunOnAgentInput({ ...input, urgent: true })).toMatchObject({ urgent: true });
  expect(() => validateRunOnAgentInput({ ...input, urgent: 'yes' })).toThrow(/urgent/);
});
