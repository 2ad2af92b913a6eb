// A recorded OFFERS stream: what the master's SUBSCRIBE response body carries during one allocation pass over a
// fleet, as protobuf RecordIO bytes cut into HTTP-sized chunks. The offers have the shape the simulated (and
// real, MULTI_ROLE) master sends: cpus/mem/disk scalars and a ports range, each with allocation_info; the
// os/os_version/rack TEXT attributes; hostname; the agent's HTTP API url.
import { randomUUID } from 'node:crypto';
import { encodeEvent, PROTOBUF_FORMAT } from '../../proto/codec';
import { encodeRecord } from '../../proto/recordio';
import type { Event, Offer } from '../../proto/types';
import { defaultAgent } from '../../sim/world/fleet';

export interface OfferStream {
  /** The stream body, cut into chunks as an HTTP client would receive them. */
  chunks: Buffer[];
  offers: number;
  events: number;
  bytes: number;
}

const ROLE = 'scaleio';

function offerFor(index: number, ids: { master: string; framework: string; agent: string }): Offer {
  const spec = defaultAgent(index);
  const alloc = { allocation_info: { role: ROLE } };
  const scalar = (name: string, value: number) => ({ name, type: 'SCALAR' as const, scalar: { value }, ...alloc });
  const text = (name: string, value: string) => ({ name, type: 'TEXT' as const, text: { value } });
  return {
    id: { value: `${ids.master}-O${index}` },
    framework_id: { value: ids.framework },
    agent_id: { value: `${ids.agent}-S${index}` },
    hostname: spec.hostname,
    url: {
      scheme: 'http',
      address: { hostname: spec.hostname, ip: '127.0.0.1', port: 20000 + (index % 40000) },
      path: '/slave(1)',
    },
    resources: [
      scalar('cpus', spec.cpus ?? 4),
      scalar('mem', spec.memMb ?? 8192),
      scalar('disk', spec.diskMb ?? 65536),
      { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] }, ...alloc },
    ],
    attributes: [
      text('os', spec.os?.family ?? 'ubuntu'),
      text('os_version', spec.os?.version ?? '16.04'),
      text('rack', spec.rack ?? 'r1'),
    ],
    allocation_info: { role: ROLE },
  };
}

/**
 * `agents` offers, `perEvent` to an OFFERS event (the master sends one event per allocation pass, so
 * `perEvent = agents` is the real shape), framed as RecordIO and cut into `chunkBytes` chunks.
 */
export function recordOfferStream(agents: number, perEvent: number, chunkBytes: number): OfferStream {
  const ids = { master: randomUUID(), framework: `${randomUUID()}-0000`, agent: randomUUID() };
  const records: Buffer[] = [];
  for (let first = 1; first <= agents; first += perEvent) {
    const offers: Offer[] = [];
    for (let i = first; i < first + perEvent && i <= agents; i++) offers.push(offerFor(i, ids));
    const event: Event = { type: 'OFFERS', offers: { offers } };
    records.push(encodeRecord(encodeEvent(event, PROTOBUF_FORMAT)));
  }
  const body = Buffer.concat(records);
  const chunks: Buffer[] = [];
  // Each chunk is its own copy, as sockets deliver them (no shared backing store to make slicing free).
  for (let at = 0; at < body.length; at += chunkBytes) chunks.push(Buffer.from(body.subarray(at, at + chunkBytes)));
  return { chunks, offers: agents, events: records.length, bytes: body.length };
}
