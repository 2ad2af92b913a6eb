// A direct protobuf → Mesos JSON decoder for the common shape of OFFERS events, the bridge's hottest path:
// it builds the final objects straight from the bytes, with no intermediate protobufjs messages. It accepts
// only what it fully understands (known fields with their proper wire types, required fields present, nothing
// overrunning its enclosing message); anything else makes it give up (`undefined`) so the caller decodes the
// generic way, which also produces the proper errors. What it returns equals protobufjs `decode` + `toObject`
// with the codec's options: last value wins for singular fields, enum names, uint64 as numbers, field order.
import type { Enum } from 'protobufjs';
import { messageType } from './schema';
import { Cursor, FIXED64, GIVE_UP, LEN, VARINT } from './wire-cursor';

type Obj = Record<string, unknown>;

const EVENT = messageType('mesos.v1.scheduler.Event');
const EVENT_TYPES = (EVENT.fields.type?.resolvedType as Enum).valuesById;
const OFFERS = EVENT.getEnum('Type').OFFERS as number;
const VALUE_TYPES = (messageType('mesos.v1.Resource').fields.type?.resolvedType as Enum).valuesById;

function enumName(names: Record<number, string>, v: number): string | number {
  const name = names[v];
  return name === undefined ? v : name;
}

// Wire types by field number, for each message read here; a field not listed is one this path leaves alone.
const W_EVENT = [-1, VARINT, -1, LEN];
const W_ONE_LEN = [-1, LEN];
const W_OFFER = [-1, LEN, LEN, LEN, LEN, LEN, LEN, LEN, LEN, -1, LEN];
const W_RESOURCE = [-1, LEN, VARINT, LEN, LEN, LEN, LEN, -1, -1, -1, -1, LEN, LEN];
const W_ATTRIBUTE = [-1, LEN, VARINT, LEN, LEN, LEN, LEN];
const W_SCALAR = [-1, FIXED64];
const W_RANGE = [-1, VARINT, VARINT];
const W_URL = [-1, LEN, LEN, LEN, LEN, LEN];
const W_ADDRESS = [-1, LEN, LEN, VARINT];
const W_PARAMETER = [-1, LEN, LEN];

/** The Mesos JSON form of a protobuf OFFERS event, or undefined when the generic decoder must handle it. */
export function decodeOffersEvent(buf: Buffer): Obj | undefined {
  const c = new Cursor(buf, 0);
  const end = buf.length;
  let type: number | undefined;
  let offers: Obj | undefined;
  try {
    while (c.pos < end) {
      if (c.field(end, W_EVENT) === 1) type = c.uint32(end) | 0;
      else offers = offersOf(c, c.sub(end));
    }
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
  if (type !== OFFERS || !offers) return undefined;
  return { type: enumName(EVENT_TYPES, type), offers };
}

function offersOf(c: Cursor, end: number): Obj {
  const offers: Obj[] = [];
  while (c.pos < end) {
    c.field(end, W_ONE_LEN);
    offers.push(offer(c, c.sub(end)));
  }
  return offers.length > 0 ? { offers } : {};
}

function offer(c: Cursor, end: number): Obj {
  let id, frameworkId, agentId, hostname, url, allocationInfo;
  const resources: Obj[] = [];
  const executorIds: Obj[] = [];
  const attributes: Obj[] = [];
  while (c.pos < end) {
    switch (c.field(end, W_OFFER)) {
      case 1: id = idOf(c, c.sub(end)); break; // prettier-ignore
      case 2: frameworkId = idOf(c, c.sub(end)); break; // prettier-ignore
      case 3: agentId = idOf(c, c.sub(end)); break; // prettier-ignore
      case 4: hostname = c.string(end); break; // prettier-ignore
      case 5: resources.push(resource(c, c.sub(end))); break; // prettier-ignore
      case 6: executorIds.push(idOf(c, c.sub(end))); break; // prettier-ignore
      case 7: attributes.push(attribute(c, c.sub(end))); break; // prettier-ignore
      case 8: url = urlOf(c, c.sub(end)); break; // prettier-ignore
      default:
        allocationInfo = allocationInfoOf(c, c.sub(end)); // field 10
    }
  }
  if (!id || !frameworkId || !agentId || hostname === undefined) throw GIVE_UP; // required: let protobufjs say so
  const d: Obj = { id, framework_id: frameworkId, agent_id: agentId, hostname };
  if (resources.length > 0) d.resources = resources;
  if (executorIds.length > 0) d.executor_ids = executorIds;
  if (attributes.length > 0) d.attributes = attributes;
  if (url) d.url = url;
  if (allocationInfo) d.allocation_info = allocationInfo;
  return d;
}

function idOf(c: Cursor, end: number): Obj {
  let value: string | undefined;
  while (c.pos < end) {
    c.field(end, W_ONE_LEN);
    value = c.string(end);
  }
  if (value === undefined) throw GIVE_UP;
  return { value };
}

function allocationInfoOf(c: Cursor, end: number): Obj {
  let role: string | undefined;
  while (c.pos < end) {
    c.field(end, W_ONE_LEN);
    role = c.string(end);
  }
  return role === undefined ? {} : { role };
}

function resource(c: Cursor, end: number): Obj {
  let name, type, scalar, ranges, set, role, allocationInfo, providerId;
  while (c.pos < end) {
    switch (c.field(end, W_RESOURCE)) {
      case 1: name = c.string(end); break; // prettier-ignore
      case 2: type = c.uint32(end) | 0; break; // prettier-ignore
      case 3: scalar = scalarOf(c, c.sub(end)); break; // prettier-ignore
      case 4: ranges = rangesOf(c, c.sub(end)); break; // prettier-ignore
      case 5: set = setOf(c, c.sub(end)); break; // prettier-ignore
      case 6: role = c.string(end); break; // prettier-ignore
      case 11: allocationInfo = allocationInfoOf(c, c.sub(end)); break; // prettier-ignore
      default:
        providerId = idOf(c, c.sub(end)); // field 12
    }
  }
  if (name === undefined || type === undefined) throw GIVE_UP;
  const d: Obj = { name, type: enumName(VALUE_TYPES, type) };
  if (scalar) d.scalar = scalar;
  if (ranges) d.ranges = ranges;
  if (set) d.set = set;
  if (role !== undefined) d.role = role;
  if (allocationInfo) d.allocation_info = allocationInfo;
  if (providerId) d.provider_id = providerId;
  return d;
}

function attribute(c: Cursor, end: number): Obj {
  let name, type, scalar, ranges, text, set;
  while (c.pos < end) {
    switch (c.field(end, W_ATTRIBUTE)) {
      case 1: name = c.string(end); break; // prettier-ignore
      case 2: type = c.uint32(end) | 0; break; // prettier-ignore
      case 3: scalar = scalarOf(c, c.sub(end)); break; // prettier-ignore
      case 4: ranges = rangesOf(c, c.sub(end)); break; // prettier-ignore
      case 5: text = idOf(c, c.sub(end)); break; // prettier-ignore
      // (Value.Text has the shape of an id: { required string value = 1 }.)
      default:
        set = setOf(c, c.sub(end)); // field 6
    }
  }
  if (name === undefined || type === undefined) throw GIVE_UP;
  const d: Obj = { name, type: enumName(VALUE_TYPES, type) };
  if (scalar) d.scalar = scalar;
  if (ranges) d.ranges = ranges;
  if (text) d.text = text;
  if (set) d.set = set;
  return d;
}

function scalarOf(c: Cursor, end: number): Obj {
  let value: number | undefined;
  while (c.pos < end) {
    c.field(end, W_SCALAR);
    value = c.double(end);
  }
  if (value === undefined) throw GIVE_UP;
  return { value };
}

function rangesOf(c: Cursor, end: number): Obj {
  const range: Obj[] = [];
  while (c.pos < end) {
    c.field(end, W_ONE_LEN);
    range.push(rangeOf(c, c.sub(end)));
  }
  return range.length > 0 ? { range } : {};
}

function rangeOf(c: Cursor, end: number): Obj {
  let begin: number | undefined;
  let stop: number | undefined;
  while (c.pos < end) {
    if (c.field(end, W_RANGE) === 1) begin = c.uint64(end);
    else stop = c.uint64(end);
  }
  if (begin === undefined || stop === undefined) throw GIVE_UP;
  return { begin, end: stop };
}

function setOf(c: Cursor, end: number): Obj {
  const item: string[] = [];
  while (c.pos < end) {
    c.field(end, W_ONE_LEN);
    item.push(c.string(end));
  }
  return item.length > 0 ? { item } : {};
}

function urlOf(c: Cursor, end: number): Obj {
  let scheme, address, path, fragment;
  const query: Obj[] = [];
  while (c.pos < end) {
    switch (c.field(end, W_URL)) {
      case 1: scheme = c.string(end); break; // prettier-ignore
      case 2: address = addressOf(c, c.sub(end)); break; // prettier-ignore
      case 3: path = c.string(end); break; // prettier-ignore
      case 4: query.push(parameterOf(c, c.sub(end))); break; // prettier-ignore
      default:
        fragment = c.string(end); // field 5
    }
  }
  if (scheme === undefined || !address) throw GIVE_UP;
  const d: Obj = { scheme, address };
  if (path !== undefined) d.path = path;
  if (query.length > 0) d.query = query;
  if (fragment !== undefined) d.fragment = fragment;
  return d;
}

function addressOf(c: Cursor, end: number): Obj {
  let hostname, ip, port;
  while (c.pos < end) {
    switch (c.field(end, W_ADDRESS)) {
      case 1: hostname = c.string(end); break; // prettier-ignore
      case 2: ip = c.string(end); break; // prettier-ignore
      default:
        port = c.uint32(end) | 0; // field 3
    }
  }
  if (port === undefined) throw GIVE_UP;
  const d: Obj = {};
  if (hostname !== undefined) d.hostname = hostname;
  if (ip !== undefined) d.ip = ip;
  d.port = port;
  return d;
}

function parameterOf(c: Cursor, end: number): Obj {
  let key, value;
  while (c.pos < end) {
    if (c.field(end, W_PARAMETER) === 1) key = c.string(end);
    else value = c.string(end);
  }
  if (key === undefined || value === undefined) throw GIVE_UP;
  return { key, value };
}
