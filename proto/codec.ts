// Encodes and decodes Mesos v1 scheduler Calls and Events in both wire formats. The in-memory
// form is the Mesos JSON form (proto field names, enum names, base64 bytes, 64-bit ints as
// numbers, absent fields absent), so both formats decode to the same object.
import { util, type IConversionOptions, type Type } from 'protobufjs';
import { FieldProblem, WireDecodeError, WireEncodeError, type WireFormat } from './errors';
import { normalizeMessage } from './json-form';
import { OffersForm } from './offers-form';
import { decodeOffersEvent } from './offers-wire';
import { CALL_TYPE, EVENT_TYPE, messageType } from './schema';
import type { Call, Event } from './types';

export type { WireFormat } from './errors';

export const JSON_FORMAT: WireFormat = 'application/json';
export const PROTOBUF_FORMAT: WireFormat = 'application/x-protobuf';

/** True for the two exact Content-Type strings the master accepts (no parameters). */
export function isWireFormat(value: unknown): value is WireFormat {
  return value === JSON_FORMAT || value === PROTOBUF_FORMAT;
}

const TO_OBJECT: IConversionOptions = { enums: String, longs: Number, bytes: String };
// OFFERS events carry thousands of offers; they skip the generic converter (same result, see offers-form).
const OFFERS_FORM = new OffersForm(TO_OBJECT);
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const types = new Map<string, Type>();

function typeNamed(name: string): Type {
  let type = types.get(name);
  if (!type) {
    type = messageType(name);
    types.set(name, type);
  }
  return type;
}

// JSON has no Infinity/NaN; Mesos writes and reads them as strings.
function nonFiniteAsString(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

function toJsonText(obj: object): string {
  const text = JSON.stringify(obj);
  // Non-finite numbers become `null`, which the normal form never holds otherwise.
  return text.includes('null') ? JSON.stringify(obj, nonFiniteAsString) : text;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function protobufProblem(err: unknown): { field: string | undefined; problem: string } {
  const message = err instanceof Error ? err.message : String(err);
  const missing = /^missing required '([^']+)'/.exec(message);
  if (missing && err instanceof util.ProtocolError) {
    const owner = (err.instance as { $type?: Type }).$type?.fullName.slice(1);
    return { field: owner ? `${owner}.${missing[1]}` : missing[1], problem: 'required field is missing' };
  }
  return { field: undefined, problem: `malformed protobuf (${message})` };
}

/** Encodes a message given in Mesos JSON form; throws WireEncodeError naming a bad field. */
export function encodeMessage(typeName: string, obj: object, fmt: WireFormat): Buffer {
  const type = typeNamed(typeName);
  let normal: Record<string, unknown>;
  try {
    normal = normalizeMessage(type, obj);
  } catch (err) {
    if (err instanceof FieldProblem) throw new WireEncodeError(typeName, fmt, err.field || undefined, err.problem);
    throw err;
  }
  if (fmt === JSON_FORMAT) return Buffer.from(toJsonText(normal), 'utf8');
  if (fmt !== PROTOBUF_FORMAT) throw new WireEncodeError(typeName, fmt, undefined, 'unsupported wire format');
  return asBuffer(type.encode(type.fromObject(normal)).finish());
}

/** Decodes bytes into the Mesos JSON form; throws WireDecodeError on anything malformed. */
export function decodeMessage(typeName: string, buf: Uint8Array, fmt: WireFormat): Record<string, unknown> {
  const type = typeNamed(typeName);
  if (fmt === PROTOBUF_FORMAT) {
    // Protobufjs reads strings of a Buffer with Buffer's own UTF-8 decoder, as the direct decoder does.
    const direct = typeName === EVENT_TYPE && Buffer.isBuffer(buf) ? decodeOffersEvent(buf) : undefined;
    if (direct) return direct;
    let msg;
    try {
      msg = type.decode(buf);
    } catch (err) {
      const { field, problem } = protobufProblem(err);
      throw new WireDecodeError(typeName, fmt, field, problem);
    }
    const offers = typeName === EVENT_TYPE ? OFFERS_FORM.event(msg as unknown as Record<string, unknown>) : undefined;
    return offers ?? type.toObject(msg, TO_OBJECT);
  }
  if (fmt !== JSON_FORMAT) throw new WireDecodeError(typeName, fmt, undefined, 'unsupported wire format');
  let text: string;
  try {
    text = UTF8.decode(buf);
  } catch {
    throw new WireDecodeError(typeName, fmt, undefined, 'body is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new WireDecodeError(typeName, fmt, undefined, `invalid JSON (${(err as Error).message})`);
  }
  try {
    return normalizeMessage(type, parsed);
  } catch (err) {
    if (err instanceof FieldProblem) throw new WireDecodeError(typeName, fmt, err.field || undefined, err.problem);
    throw err;
  }
}

export function encodeCall(call: Call, fmt: WireFormat): Buffer {
  return encodeMessage(CALL_TYPE, call, fmt);
}

export function decodeCall(buf: Buffer | Uint8Array, fmt: WireFormat): Call {
  return decodeMessage(CALL_TYPE, buf, fmt) as Call;
}

export function encodeEvent(ev: Event, fmt: WireFormat): Buffer {
  return encodeMessage(EVENT_TYPE, ev, fmt);
}

export function decodeEvent(buf: Buffer | Uint8Array, fmt: WireFormat): Event {
  return decodeMessage(EVENT_TYPE, buf, fmt) as Event;
}

// One import site for users of the wire layer.
export { WireDecodeError, WireEncodeError } from './errors';
export { scalar, ranges, resourceValue, resourceRanges, attributeValue } from './resources';
export { newUuidBytes, isTerminalState, TERMINAL_TASK_STATES } from './status';
