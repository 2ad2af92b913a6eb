// Decline filters and REVIVE on separate connections: the master may take a DECLINE sent before a REVIVE after
// it, and then the DECLINE's filter stands. A request for that host must not wait for the filter to lapse (30 s):
// the book revives again once the master has the DECLINE. The fake master here takes calls in the order the test
// says and keeps each host's filter, as the real one does.
import { OfferBook, type OfferCalls } from '../../mesos-bridge/offers';
import type { IdLike } from '../../mesos-bridge/scheduler';
import { scalar } from '../../proto/codec';
import type { Offer } from '../../proto/types';

function offer(id: string, hostname: string): Offer {
  return {
    id: { value: id },
    framework_id: { value: 'fw' },
    agent_id: { value: `agent-${hostname}` },
    hostname,
    resources: [scalar('cpus', 2), scalar('mem', 512)],
  };
}

/** Holds each DECLINE until the test lets the master take it; REVIVE is taken at once and clears every filter. */
class ReorderingMaster implements OfferCalls {
  readonly log: string[] = [];
  /** Hosts whose offers are filtered, until (ms). */
  readonly filteredUntil = new Map<string, number>();
  private readonly held: { hosts: string[]; refuse: number; take: () => void }[] = [];

  constructor(private readonly hostOf: (id: string) => string) {}

  accept(): Promise<void> {
    this.log.push('ACCEPT');
    return Promise.resolve();
  }
  decline(ids: IdLike[], refuse = 5): Promise<void> {
    const hosts = ids.map((i) => this.hostOf(typeof i === 'string' ? i : i.value));
    this.log.push(`DECLINE sent ${hosts.join(',')}`);
    return new Promise((resolve) =>
      this.held.push({
        hosts,
        refuse,
        take: () => {
          for (const h of hosts) this.filteredUntil.set(h, Date.now() + refuse * 1000);
          this.log.push(`DECLINE taken ${hosts.join(',')}`);
          resolve();
        },
      })
    );
  }
  suppress(): Promise<void> {
    this.log.push('SUPPRESS');
    return Promise.resolve();
  }
  revive(): Promise<void> {
    this.filteredUntil.clear();
    this.log.push('REVIVE');
    return Promise.resolve();
  }
  /** The master takes the oldest DECLINE it holds. */
  takeDecline(): void {
    this.held.shift()?.take();
  }
  filtered(host: string): boolean {
    return (this.filteredUntil.get(host) ?? 0) > Date.now();
  }
}

const tick = () => new Promise((r) => setTimeout(r, 10));

function request(hostname: string, launched: string[]) {
  return {
    hostname,
    resources: { cpus: 1, memMb: 128 },
    use: () => Promise.resolve([{ type: 'LAUNCH' as const, launch: { task_infos: [] } }]),
    launched: (err: Error | undefined, o: Offer) => launched.push(err ? `error ${err.message}` : o.id.value),
  };
}

function setup() {
  const hosts = new Map<string, string>();
  const master = new ReorderingMaster((id) => hosts.get(id) ?? '?');
  const book = new OfferBook(master, { suppressDelayMs: 60_000 });
  const offerFrom = (id: string, host: string) => {
    hosts.set(id, host);
    return offer(id, host);
  };
  return { master, book, offerFrom };
}

test('a REVIVE that overtakes a DECLINE is followed by another once the master has taken the DECLINE', async () => {
  const { master, book, offerFrom } = setup();
  const launched: string[] = [];
  // node-9 is offered while nothing waits for it: declined with the 30 s filter; the DECLINE is on its way.
  book.onOffers([offerFrom('o1', 'node-9')]);
  expect(master.log).toEqual(['DECLINE sent node-9']);
  // A step for node-9 arrives meanwhile; its REVIVE reaches the master first.
  book.add(request('node-9', launched));
  await book.settled();
  expect(master.log).toEqual(['DECLINE sent node-9', 'REVIVE']);
  // Then the master takes the DECLINE: node-9 is filtered for 30 s.
  master.takeDecline();
  await tick();
  await book.settled();
  expect(master.log).toEqual(['DECLINE sent node-9', 'REVIVE', 'DECLINE taken node-9', 'REVIVE']);
  expect(master.filtered('node-9')).toBe(false);
  // The next offer from node-9 is used.
  book.onOffers([offerFrom('o2', 'node-9')]);
  await tick();
  expect(launched).toEqual(['o2']);
  book.close();
});

test('a DECLINE the master took before the REVIVE went out needs no second REVIVE', async () => {
  const { master, book, offerFrom } = setup();
  const launched: string[] = [];
  book.onOffers([offerFrom('o1', 'node-9')]);
  master.takeDecline();
  await tick();
  book.add(request('node-9', launched));
  await book.settled();
  await tick();
  expect(master.log).toEqual(['DECLINE sent node-9', 'DECLINE taken node-9', 'REVIVE']);
  expect(master.filtered('node-9')).toBe(false);
  book.close();
});

test('a DECLINE overtaken by a REVIVE for another host revives nothing more while no request waits for its host', async () => {
  const { master, book, offerFrom } = setup();
  const launched: string[] = [];
  book.onOffers([offerFrom('o1', 'node-9')]);
  book.add(request('node-3', launched)); // the REVIVE is for node-3's step
  await book.settled();
  master.takeDecline();
  await tick();
  await book.settled();
  expect(master.log).toEqual(['DECLINE sent node-9', 'REVIVE', 'DECLINE taken node-9']);
  // node-9's filter stands; a later step for node-9 revives it.
  expect(master.filtered('node-9')).toBe(true);
  book.add(request('node-9', launched));
  await book.settled();
  expect(master.log.at(-1)).toBe('REVIVE');
  expect(master.filtered('node-9')).toBe(false);
  book.close();
});
