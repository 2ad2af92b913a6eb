import {
  decodeEvent,
  decodeMessage,
  encodeCall,
  WireDecodeError,
  WireEncodeError,
  type WireFormat,
} from '../../proto/codec';
import type { Call } from '../../proto/types';
import vectorFile from '../../proto/testdata/mesos-wire-vectors.json';

const PB: WireFormat = 'application/x-protobuf';
const JSON_FMT: WireFormat = 'application/json';
const vectors = (vectorFile as { vectors: { name: string; hex: string }[] }).vectors;
const json = (obj: unknown) => Buffer.from(JSON.stringify(obj));

function decodeError(fn: () => unknown): WireDecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WireDecodeError) return err;
    throw err;
  }
  throw new Error('expected a WireDecodeError');
}

describe('decode errors', () => {
  it.each([
    ['unknown top-level enum name', { type: 'SUBSCRIBEX' }, 'type', /unknown Type enum name "SUBSCRIBEX"/],
    ['enum as a number', { type: 1 }, 'type', /enum name, got number 1/],
    [
      'unknown nested enum name',
      { type: 'UPDATE', update: { status: { task_id: { value: 't' }, state: 'TASK_BOGUS' } } },
      'update.status.state',
      /TaskState/,
    ],
    ['string expected', { type: 'RESCIND', rescind: { offer_id: { value: 7 } } }, 'rescind.offer_id.value', /string/],
    ['array expected', { type: 'OFFERS', offers: { offers: { id: 1 } } }, 'offers.offers', /array/],
    [
      'bad element in an array',
      { type: 'OFFERS', offers: { offers: [{ id: { value: 'o' }, framework_id: 'f' }] } },
      'offers.offers[0].framework_id',
      /object/,
    ],
    [
      'bad bytes',
      { type: 'MESSAGE', message: { agent_id: { value: 'a' }, executor_id: { value: 'e' }, data: '%%' } },
      'message.data',
      /base64/,
    ],
    [
      'bad bool',
      { type: 'UPDATE', update: { status: { task_id: { value: 't' }, state: 'TASK_RUNNING', healthy: 'yes' } } },
      'update.status.healthy',
      /boolean/,
    ],
    [
      'bad double',
      { type: 'SUBSCRIBED', subscribed: { framework_id: { value: 'f' }, heartbeat_interval_seconds: 'soon' } },
      'subscribed.heartbeat_interval_seconds',
      /number/,
    ],
    ['int32 out of range', { type: 'FAILURE', failure: { status: 2 ** 40 } }, 'failure.status', /32-bit/],
    [
      'missing required field',
      { type: 'UPDATE', update: { status: { task_id: { value: 't' } } } },
      'update.status.state',
      /required/,
    ],
  ])('%s', (_name, body, field, problem) => {
    const err = decodeError(() => decodeEvent(json(body), JSON_FMT));
    expect(err.field).toBe(field);
    expect(err.problem).toMatch(problem);
    expect(err.format).toBe(JSON_FMT);
    expect(err.message).toContain(field);
  });

  it('rejects invalid JSON, a non-object body and invalid UTF-8', () => {
    expect(decodeError(() => decodeEvent(Buffer.from('{"type":'), JSON_FMT)).problem).toMatch(/invalid JSON/);
    expect(decodeError(() => decodeEvent(Buffer.from('[1]'), JSON_FMT)).problem).toMatch(/JSON object/);
    expect(decodeError(() => decodeEvent(Buffer.from([0x7b, 0xff, 0x7d]), JSON_FMT)).problem).toMatch(/UTF-8/);
  });

  it('rejects garbage and truncated protobuf bytes', () => {
    expect(decodeError(() => decodeEvent(Buffer.from([0x0f, 0xff, 0xff]), PB)).problem).toMatch(/malformed protobuf/);
    const offers = vectors.find((x) => x.name === 'event OFFERS') as (typeof vectors)[number];
    const truncated = Buffer.from(offers.hex, 'hex').subarray(0, 40);
    expect(decodeError(() => decodeEvent(truncated, PB)).format).toBe(PB);
  });

  it('names the message and field of a missing required protobuf field', () => {
    // Event{type: RESCIND, rescind: {}}: Rescind.offer_id is required
    const err = decodeError(() => decodeEvent(Buffer.from([0x08, 0x03, 0x22, 0x00]), PB));
    expect(err.field).toBe('mesos.v1.scheduler.Event.Rescind.offer_id');
  });

  it('rejects an unsupported format', () => {
    expect(
      decodeError(() => decodeMessage('mesos.v1.TaskID', Buffer.from('{}'), 'text/plain' as WireFormat)).problem
    ).toMatch(/unsupported/);
  });
});

describe('encode errors', () => {
  it.each([PB, JSON_FMT])('names the bad field (%s)', (fmt) => {
    const bad = { type: 'ACCEPT', accept: { operations: [{ type: 'LAUNCHX' }] } } as unknown as Call;
    expect(() => encodeCall(bad, fmt)).toThrow(WireEncodeError);
    expect(() => encodeCall(bad, fmt)).toThrow(/accept\.operations\[0\]\.type/);
    const missing = { type: 'KILL', kill: {} } as unknown as Call;
    expect(() => encodeCall(missing, fmt)).toThrow(/kill\.task_id: required field is missing/);
  });
});
