// Offers per second through two paths over the same recorded bytes, alternated round by round so both see the same
// machine state: the raw baseline (minimal RecordIO framing + protobufjs `Event.decode`, nothing else) and the
// bridge's path (RecordIoDecoder → decodeEvent → emitTyped → AgentTracker.observe + OfferBook.onOffers, the
// DECLINE answered at once by a fake master). Both throw the result away only after touching it, so neither
// path can be optimised out.
import { PROTOBUF_FORMAT, decodeEvent } from '../../proto/codec';
import { RecordIoDecoder } from '../../proto/recordio';
import { EVENT_TYPE, messageType } from '../../proto/schema';
import { AgentTracker } from '../../mesos-bridge/agents/agent-tracker';
import { OfferBook } from '../../mesos-bridge/offers/offer-book';
import type { OfferCalls } from '../../mesos-bridge/offers/types';
import { emitTyped, type SchedulerEventMap } from '../../mesos-bridge/scheduler/events';
import type { Offer } from '../../proto/types';
import { median } from './median';
import type { OfferStream } from './offer-stream';

export interface DecodeRates {
  offersPerS: number;
  rawPerS: number;
  /** Per-round rates, for the log. */
  rounds: { ours: number; raw: number }[];
}

/** The least a client must do to split a RecordIO body: read the decimal length, gather that many bytes. */
class MinimalFramer {
  private parts: Buffer[] = [];
  private have = 0;
  private need = -1;
  private digits = 0;

  push(chunk: Buffer, out: (record: Buffer) => void): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.need < 0) {
        const c = chunk[pos++] as number;
        if (c === 0x0a) {
          this.need = this.digits;
          this.digits = 0;
        } else this.digits = this.digits * 10 + (c - 0x30);
        continue;
      }
      const take = Math.min(this.need - this.have, chunk.length - pos);
      this.parts.push(chunk.subarray(pos, pos + take));
      this.have += take;
      pos += take;
      if (this.have === this.need) {
        out(this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.have));
        this.parts = [];
        this.have = 0;
        this.need = -1;
      }
    }
  }
}

const EventType = messageType(EVENT_TYPE);

function rawRound(stream: OfferStream): number {
  let offers = 0;
  const framer = new MinimalFramer();
  const start = performance.now();
  for (const chunk of stream.chunks) {
    framer.push(chunk, (record) => {
      const ev = EventType.decode(record) as unknown as { offers?: { offers?: unknown[] } };
      offers += ev.offers?.offers?.length ?? 0;
    });
  }
  const secs = (performance.now() - start) / 1000;
  if (offers !== stream.offers) throw new Error(`raw decode saw ${offers} offers, expected ${stream.offers}`);
  return offers / secs;
}

/** A master that answers every call at once (202), counting the offers declined. */
class InstantCalls implements OfferCalls {
  declined = 0;
  accept(): Promise<void> {
    return Promise.resolve();
  }
  decline(offerIds: unknown[]): Promise<void> {
    this.declined += offerIds.length;
    return Promise.resolve();
  }
  suppress(): Promise<void> {
    return Promise.resolve();
  }
  revive(): Promise<void> {
    return Promise.resolve();
  }
}

/** The bridge's routing of one stream, as BridgeCore wires it; state persists across rounds like a running bridge. */
class BridgePath {
  readonly calls = new InstantCalls();
  readonly tracker = new AgentTracker();
  readonly book = new OfferBook(this.calls, { suppressDelayMs: 3_600_000 });
  private readonly emit = <K extends keyof SchedulerEventMap>(name: K, ...args: SchedulerEventMap[K]): void => {
    if (name === 'offers') {
      const offers = args[0] as Offer[];
      this.tracker.observe(offers);
      this.book.onOffers(offers);
    }
  };

  async round(stream: OfferStream): Promise<number> {
    const before = this.calls.declined;
    const decoder = new RecordIoDecoder();
    const start = performance.now();
    for (const chunk of stream.chunks) {
      for (const record of decoder.push(chunk)) emitTyped(this.emit, decodeEvent(record, PROTOBUF_FORMAT));
    }
    await new Promise((r) => setImmediate(r)); // the DECLINE promises settle: routing done
    const secs = (performance.now() - start) / 1000;
    const declined = this.calls.declined - before;
    if (declined !== stream.offers)
      throw new Error(`bridge path declined ${declined} offers, expected ${stream.offers}`);
    return stream.offers / secs;
  }

  close(): void {
    this.book.close();
  }
}

/** `warmup` untimed rounds of each path (JIT, first discovery of every agent), then `rounds` timed ones. */
export async function decodeRates(stream: OfferStream, warmup: number, rounds: number): Promise<DecodeRates> {
  const ours = new BridgePath();
  try {
    for (let i = 0; i < warmup; i++) {
      rawRound(stream);
      await ours.round(stream);
    }
    if (ours.tracker.metrics().known !== stream.offers) throw new Error('the tracker did not see every agent');
    const results: { ours: number; raw: number }[] = [];
    for (let i = 0; i < rounds; i++) {
      const raw = rawRound(stream);
      results.push({ raw, ours: await ours.round(stream) });
    }
    return {
      offersPerS: median(results.map((r) => r.ours)),
      rawPerS: median(results.map((r) => r.raw)),
      rounds: results,
    };
  } finally {
    ours.close();
  }
}
