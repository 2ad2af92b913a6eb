// A hand-written conversion of a decoded protobuf OFFERS event to the Mesos JSON form. It yields exactly what
// protobufjs `toObject` yields with the codec's options (enums as names, bytes as base64, 64-bit ints as
// numbers, absent fields absent, keys in field-number order), but without the generic converter's per-field
// option checks, because OFFERS events with thousands of offers are the bridge's hottest path. Fields that
// are rare in offers (reservations, unavailability, domain, …) go through the generic converter of their type.
import { util, type Enum, type IConversionOptions, type Message, type Type } from 'protobufjs';
import { messageType } from './schema';

/** A decoded protobufjs message viewed as plain fields. */
type Msg = Record<string, unknown>;
type Obj = Record<string, unknown>;

const own = Object.prototype.hasOwnProperty;

// The test the generated converter applies to a singular field before writing it.
function has(m: Msg, key: string): boolean {
  return m[key] != null && own.call(m, key);
}

function nonEmpty(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0;
}

function enumNames(typeName: string, field: string): Record<number, string> {
  return (messageType(typeName).fields[field]?.resolvedType as Enum).valuesById;
}

const EVENT = 'mesos.v1.scheduler.Event';
const EVENT_TYPE_NAMES = enumNames(EVENT, 'type');
const VALUE_TYPE_NAMES = enumNames('mesos.v1.Resource', 'type');
const OFFERS_TYPE = messageType(EVENT).getEnum('Type').OFFERS as number;
/** Event fields other than `type` and `offers`: any of them set sends the event down the generic path. */
const OTHER_EVENT_FIELDS = messageType(EVENT)
  .fieldsArray.map((f) => f.name)
  .filter((n) => n !== 'type' && n !== 'offers');

function enumName(names: Record<number, string>, v: unknown): unknown {
  const name = names[v as number];
  return name === undefined ? v : name;
}

/** A converter that defers to protobufjs for one field's message type. */
function generic(typeName: string, field: string, options: IConversionOptions): (m: unknown) => Obj {
  const type = messageType(typeName).fields[field]?.resolvedType as Type;
  return (m) => type.toObject(m as Message, options);
}

// Unsigned 64-bit values arrive as numbers or Long objects (when `long` is installed).
function uint64(v: unknown): number {
  if (typeof v === 'number') return v;
  const l = v as { low: number; high: number };
  return new util.LongBits(l.low >>> 0, l.high >>> 0).toNumber(true);
}

/** Converts decoded OFFERS events; built once per set of conversion options. */
export class OffersForm {
  private readonly reservation: (m: unknown) => Obj;
  private readonly revocable: (m: unknown) => Obj;
  private readonly shared: (m: unknown) => Obj;
  private readonly unavailability: (m: unknown) => Obj;
  private readonly domain: (m: unknown) => Obj;

  constructor(options: IConversionOptions) {
    this.reservation = generic('mesos.v1.Resource', 'reservation', options);
    this.revocable = generic('mesos.v1.Resource', 'revocable', options);
    this.shared = generic('mesos.v1.Resource', 'shared', options);
    this.unavailability = generic('mesos.v1.Offer', 'unavailability', options);
    this.domain = generic('mesos.v1.Offer', 'domain', options);
  }

  /** The Mesos JSON form of a decoded Event if it is a plain OFFERS event; undefined for any other event. */
  event(ev: Msg): Obj | undefined {
    if (ev.type !== OFFERS_TYPE || !own.call(ev, 'type')) return undefined;
    for (const f of OTHER_EVENT_FIELDS) if (has(ev, f)) return undefined;
    const d: Obj = { type: enumName(EVENT_TYPE_NAMES, ev.type) };
    if (has(ev, 'offers')) {
      const offers = (ev.offers as Msg).offers;
      const o: Obj = {};
      if (nonEmpty(offers)) o.offers = offers.map((x) => this.offer(x as Msg));
      d.offers = o;
    }
    return d;
  }

  offer(m: Msg): Obj {
    const d: Obj = {};
    if (has(m, 'id')) d.id = id(m.id as Msg);
    if (has(m, 'framework_id')) d.framework_id = id(m.framework_id as Msg);
    if (has(m, 'agent_id')) d.agent_id = id(m.agent_id as Msg);
    if (has(m, 'hostname')) d.hostname = m.hostname;
    if (nonEmpty(m.resources)) d.resources = m.resources.map((r) => this.resource(r as Msg));
    if (nonEmpty(m.executor_ids)) d.executor_ids = m.executor_ids.map((x) => id(x as Msg));
    if (nonEmpty(m.attributes)) d.attributes = m.attributes.map((a) => attribute(a as Msg));
    if (has(m, 'url')) d.url = url(m.url as Msg);
    if (has(m, 'unavailability')) d.unavailability = this.unavailability(m.unavailability);
    if (has(m, 'allocation_info')) d.allocation_info = allocationInfo(m.allocation_info as Msg);
    if (has(m, 'domain')) d.domain = this.domain(m.domain);
    return d;
  }

  resource(m: Msg): Obj {
    const d: Obj = {};
    if (has(m, 'name')) d.name = m.name;
    if (has(m, 'type')) d.type = enumName(VALUE_TYPE_NAMES, m.type);
    if (has(m, 'scalar')) d.scalar = scalar(m.scalar as Msg);
    if (has(m, 'ranges')) d.ranges = ranges(m.ranges as Msg);
    if (has(m, 'set')) d.set = set(m.set as Msg);
    if (has(m, 'role')) d.role = m.role;
    if (has(m, 'reservation')) d.reservation = this.reservation(m.reservation);
    if (has(m, 'revocable')) d.revocable = this.revocable(m.revocable);
    if (has(m, 'shared')) d.shared = this.shared(m.shared);
    if (has(m, 'allocation_info')) d.allocation_info = allocationInfo(m.allocation_info as Msg);
    if (has(m, 'provider_id')) d.provider_id = id(m.provider_id as Msg);
    if (nonEmpty(m.reservations)) d.reservations = m.reservations.map(this.reservation);
    return d;
  }
}

function id(m: Msg): Obj {
  return has(m, 'value') ? { value: m.value } : {};
}

function allocationInfo(m: Msg): Obj {
  return has(m, 'role') ? { role: m.role } : {};
}

function attribute(m: Msg): Obj {
  const d: Obj = {};
  if (has(m, 'name')) d.name = m.name;
  if (has(m, 'type')) d.type = enumName(VALUE_TYPE_NAMES, m.type);
  if (has(m, 'scalar')) d.scalar = scalar(m.scalar as Msg);
  if (has(m, 'ranges')) d.ranges = ranges(m.ranges as Msg);
  if (has(m, 'text')) d.text = text(m.text as Msg);
  if (has(m, 'set')) d.set = set(m.set as Msg);
  return d;
}

function scalar(m: Msg): Obj {
  return has(m, 'value') ? { value: m.value } : {};
}

function text(m: Msg): Obj {
  return has(m, 'value') ? { value: m.value } : {};
}

function set(m: Msg): Obj {
  return nonEmpty(m.item) ? { item: m.item.slice() } : {};
}

function ranges(m: Msg): Obj {
  return nonEmpty(m.range) ? { range: m.range.map((r) => range(r as Msg)) } : {};
}

function range(m: Msg): Obj {
  const d: Obj = {};
  if (has(m, 'begin')) d.begin = uint64(m.begin);
  if (has(m, 'end')) d.end = uint64(m.end);
  return d;
}

function url(m: Msg): Obj {
  const d: Obj = {};
  if (has(m, 'scheme')) d.scheme = m.scheme;
  if (has(m, 'address')) d.address = address(m.address as Msg);
  if (has(m, 'path')) d.path = m.path;
  if (nonEmpty(m.query)) d.query = m.query.map((p) => parameter(p as Msg));
  if (has(m, 'fragment')) d.fragment = m.fragment;
  return d;
}

function address(m: Msg): Obj {
  const d: Obj = {};
  if (has(m, 'hostname')) d.hostname = m.hostname;
  if (has(m, 'ip')) d.ip = m.ip;
  if (has(m, 'port')) d.port = m.port;
  return d;
}

function parameter(m: Msg): Obj {
  const d: Obj = {};
  if (has(m, 'key')) d.key = m.key;
  if (has(m, 'value')) d.value = m.value;
  return d;
}
