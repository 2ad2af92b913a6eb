// The OFFERS fast paths (direct wire decoder, hand-written converter) must give exactly what the generic
// protobufjs decode + toObject gives: same values, same keys, same key order.
import type { IConversionOptions } from 'protobufjs';
import { decodeEvent } from '../../proto/codec';
import { OffersForm } from '../../proto/offers-form';
import { decodeOffersEvent } from '../../proto/offers-wire';
import { EVENT_TYPE, messageType } from '../../proto/schema';
import vectorFile from '../../proto/testdata/mesos-wire-vectors.json';

const PB = 'application/x-protobuf';
const OPTIONS: IConversionOptions = { enums: String, longs: Number, bytes: String };
const Event = messageType(EVENT_TYPE);
const form = new OffersForm(OPTIONS);

const generic = (buf: Buffer) => Event.toObject(Event.decode(buf), OPTIONS);
const encode = (ev: object) => Buffer.from(Event.encode(Event.fromObject(ev)).finish());
/** Equal as objects and as JSON text (the latter also compares key order). */
function expectSame(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

// A small seeded generator, so a failure can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Opts {
  rare: boolean; // include fields the direct decoder leaves to the generic path
}

function randomOffer(r: () => number, i: number, { rare }: Opts): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const maybe = (p = 0.5) => r() < p;
  const text = () => pick(['', 'a', 'rack-1', 'ünï©ødé ✓', 'x'.repeat(200)]);
  const big = () => pick([0, 1, 31000, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER]);
  const value = (): Record<string, unknown> => {
    const type = pick(['SCALAR', 'RANGES', 'SET', 'TEXT']);
    if (type === 'SCALAR') return { type, scalar: { value: pick([0, -0, 1.5, 8192, 1e300, -3]) } };
    if (type === 'RANGES')
      return {
        type,
        ranges: { range: Array.from({ length: Math.floor(r() * 3) }, () => ({ begin: big(), end: big() })) },
      };
    if (type === 'SET') return { type, set: { item: Array.from({ length: Math.floor(r() * 3) }, text) } };
    return { type, text: { value: text() } };
  };
  const resource = (): Record<string, unknown> => {
    const v = value();
    if (v.type === 'TEXT') v.type = 'SCALAR'; // resources have no TEXT
    const res: Record<string, unknown> = { name: pick(['cpus', 'mem', 'disk', 'ports', 'gpus']), ...v };
    if (res.type === 'SCALAR' && !res.scalar) res.scalar = { value: 1 };
    if (maybe(0.2)) res.role = pick(['*', 'scaleio']);
    if (maybe(0.6)) res.allocation_info = maybe(0.9) ? { role: 'scaleio' } : {};
    if (maybe(0.1)) res.provider_id = { value: `p${i}` };
    if (maybe(0.05)) res.type = 9; // not a Value.Type: stays a number
    if (rare && maybe(0.3)) res.reservations = [{ type: 'DYNAMIC', role: 'scaleio', principal: 'me' }];
    if (rare && maybe(0.2)) res.revocable = {};
    return res;
  };
  const offer: Record<string, unknown> = {
    id: { value: `O${i}` },
    framework_id: { value: 'F-0000' },
    agent_id: { value: `S${i}` },
    hostname: maybe(0.9) ? `agent-${i}.example` : '',
  };
  if (maybe(0.9)) offer.resources = Array.from({ length: Math.floor(r() * 5) }, resource);
  if (maybe(0.1)) offer.executor_ids = [{ value: 'e1' }, { value: 'e2' }];
  if (maybe(0.9)) offer.attributes = Array.from({ length: Math.floor(r() * 4) }, () => ({ name: text(), ...value() }));
  if (maybe(0.8)) {
    const address: Record<string, unknown> = { port: pick([0, 5051, 65535]) };
    if (maybe(0.8)) address.hostname = `agent-${i}.example`;
    if (maybe(0.8)) address.ip = pick(['127.0.0.1', '::1']);
    const url: Record<string, unknown> = { scheme: 'http', address };
    if (maybe()) url.path = '/slave(1)';
    if (maybe(0.2)) url.query = [{ key: 'k', value: 'v' }];
    if (maybe(0.1)) url.fragment = 'f';
    offer.url = url;
  }
  if (maybe(0.7)) offer.allocation_info = { role: 'scaleio' };
  if (rare && maybe(0.2)) offer.unavailability = { start: { nanoseconds: 2 ** 40 } };
  return offer;
}

function randomEvent(seed: number, opts: Opts): Buffer {
  const r = rng(seed);
  const offers = Array.from({ length: 1 + Math.floor(r() * 6) }, (_, i) => randomOffer(r, i, opts));
  return encode({ type: 'OFFERS', offers: { offers } });
}

describe('OFFERS fast paths', () => {
  const vectors = (vectorFile as { vectors: { name: string; hex: string; decoded: unknown }[] }).vectors;
  const offersVector = vectors.find((v) => v.name === 'event OFFERS');

  it('decode the wire vectors OFFERS event as the generic path does', () => {
    if (!offersVector) throw new Error('no OFFERS wire vector');
    const buf = Buffer.from(offersVector.hex, 'hex');
    expectSame(decodeOffersEvent(buf), generic(buf));
    expectSame(form.event(Event.decode(buf) as unknown as Record<string, unknown>), generic(buf));
    expect(decodeEvent(buf, PB)).toStrictEqual(offersVector.decoded);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('direct decoder equals the generic path on random offers (seed %i)', (seed) => {
    for (let k = 0; k < 25; k++) {
      const buf = randomEvent(seed * 1000 + k, { rare: false });
      const direct = decodeOffersEvent(buf);
      expect(direct).toBeDefined(); // the common shape never needs the generic path
      expectSame(direct, generic(buf));
      expectSame(decodeEvent(buf, PB), generic(buf));
    }
  });

  it.each([11, 12, 13, 14])('converter and decodeEvent equal the generic path with rare fields (seed %i)', (seed) => {
    let gaveUp = 0;
    for (let k = 0; k < 25; k++) {
      const buf = randomEvent(seed * 1000 + k, { rare: true });
      const expected = generic(buf);
      const direct = decodeOffersEvent(buf);
      if (direct === undefined) gaveUp++;
      else expectSame(direct, expected);
      expectSame(form.event(Event.decode(buf) as unknown as Record<string, unknown>), expected);
      expectSame(decodeEvent(buf, PB), expected);
    }
    expect(gaveUp).toBeGreaterThan(0);
  });

  it('leaves other events, unknown fields and malformed bytes to the generic path', () => {
    const heartbeat = encode({ type: 'HEARTBEAT' });
    expect(decodeOffersEvent(heartbeat)).toBeUndefined();
    expect(form.event(Event.decode(heartbeat) as unknown as Record<string, unknown>)).toBeUndefined();

    const ok = randomEvent(99, { rare: false });
    const unknownField = Buffer.concat([ok, Buffer.from([0xf8, 0x07, 0x01])]); // field 127, varint 1
    expect(decodeOffersEvent(unknownField)).toBeUndefined();
    expect(decodeEvent(unknownField, PB)).toStrictEqual(generic(ok));

    expect(decodeOffersEvent(ok.subarray(0, ok.length - 1))).toBeUndefined();
    expect(() => decodeEvent(ok.subarray(0, ok.length - 1), PB)).toThrow(/malformed protobuf|required/);
  });

  it('leaves an offer missing a required field to protobufjs, which names it', () => {
    // An OFFERS event whose only offer has just an id: framework_id, agent_id and hostname are missing.
    const offer = Buffer.from([0x0a, 0x03, 0x0a, 0x01, 0x4f]);
    const offers = Buffer.concat([Buffer.from([0x0a, offer.length]), offer]);
    const buf = Buffer.concat([Buffer.from([0x08, 0x02, 0x1a, offers.length]), offers]);
    expect(Event.getEnum('Type').OFFERS).toBe(2);
    expect(decodeOffersEvent(buf)).toBeUndefined();
    expect(() => decodeEvent(buf, PB)).toThrow(/required field is missing/);
  });
});
