// Resource arithmetic for the simulated agents. A bag is the agent-side view (cpus, mem, disk,
// ports); the Mesos JSON Resource[] form is produced only when an offer or a state document needs it.
import { type Resource } from './json-form';

export type PortRange = [number, number];

export interface ResourceBag {
  cpus: number;
  mem: number;
  disk: number;
  ports: PortRange[];
}

// Floating point noise from repeated add/subtract of fractional cpus must not make a fit fail.
const EPSILON = 1e-9;

export function emptyBag(): ResourceBag {
  return { cpus: 0, mem: 0, disk: 0, ports: [] };
}

export function cloneBag(b: ResourceBag): ResourceBag {
  return { cpus: b.cpus, mem: b.mem, disk: b.disk, ports: b.ports.map(([s, e]) => [s, e] as PortRange) };
}

export function isEmptyBag(b: ResourceBag): boolean {
  return b.cpus <= EPSILON && b.mem <= EPSILON && b.disk <= EPSILON && b.ports.length === 0;
}

/** Sorts and merges overlapping or adjacent inclusive ranges. */
export function normalizeRanges(ranges: PortRange[]): PortRange[] {
  const sorted = ranges.filter(([s, e]) => e >= s).sort((a, b) => a[0] - b[0]);
  const out: PortRange[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function rangesContain(outer: PortRange[], inner: PortRange[]): boolean {
  return inner.every(([s, e]) => outer.some(([os, oe]) => s >= os && e <= oe));
}

function subtractRanges(from: PortRange[], take: PortRange[]): PortRange[] {
  let result = normalizeRanges(from);
  for (const [ts, te] of take) {
    const next: PortRange[] = [];
    for (const [s, e] of result) {
      if (te < s || ts > e) {
        next.push([s, e]);
        continue;
      }
      if (ts > s) next.push([s, ts - 1]);
      if (te < e) next.push([te + 1, e]);
    }
    result = next;
  }
  return result;
}

export function addBags(a: ResourceBag, b: ResourceBag): ResourceBag {
  return {
    cpus: a.cpus + b.cpus,
    mem: a.mem + b.mem,
    disk: a.disk + b.disk,
    ports: normalizeRanges([...a.ports, ...b.ports]),
  };
}

export function subtractBags(a: ResourceBag, b: ResourceBag): ResourceBag {
  const clamp = (n: number): number => (Math.abs(n) < EPSILON ? 0 : n);
  return {
    cpus: clamp(a.cpus - b.cpus),
    mem: clamp(a.mem - b.mem),
    disk: clamp(a.disk - b.disk),
    ports: subtractRanges(a.ports, b.ports),
  };
}

/** True when `inner` fits inside `outer`. */
export function bagContains(outer: ResourceBag, inner: ResourceBag): boolean {
  return (
    inner.cpus <= outer.cpus + EPSILON &&
    inner.mem <= outer.mem + EPSILON &&
    inner.disk <= outer.disk + EPSILON &&
    rangesContain(normalizeRanges(outer.ports), normalizeRanges(inner.ports))
  );
}

export function describeBag(b: ResourceBag): string {
  const parts = [`cpus:${b.cpus}`, `mem:${b.mem}`, `disk:${b.disk}`];
  if (b.ports.length > 0) parts.push(`ports:[${b.ports.map(([s, e]) => `${s}-${e}`).join(', ')}]`);
  return parts.join('; ');
}

/** Converts a bag to Mesos JSON resources; `role` adds allocation_info (MULTI_ROLE frameworks only). */
export function bagToResources(b: ResourceBag, role?: string): Resource[] {
  const alloc = role === undefined ? {} : { allocation_info: { role } };
  const out: Resource[] = [];
  const scalar = (name: string, value: number): void => {
    if (value > EPSILON) out.push({ name, type: 'SCALAR', scalar: { value }, ...alloc });
  };
  scalar('cpus', b.cpus);
  scalar('mem', b.mem);
  scalar('disk', b.disk);
  if (b.ports.length > 0) {
    out.push({
      name: 'ports',
      type: 'RANGES',
      ranges: { range: b.ports.map(([begin, end]) => ({ begin, end })) },
      ...alloc,
    });
  }
  return out;
}

export class ResourceParseError extends Error {}

/** Reads task resources into a bag; unknown names or types are an error (the task is invalid). */
export function resourcesToBag(resources: readonly Resource[] | undefined): ResourceBag {
  const bag = emptyBag();
  for (const r of resources ?? []) {
    if (r.name === 'cpus' || r.name === 'mem' || r.name === 'disk') {
      const v = Number(r.scalar?.value);
      if (r.type !== 'SCALAR' || !Number.isFinite(v) || v < 0) {
        throw new ResourceParseError(`Resource '${r.name}' must be a non-negative SCALAR`);
      }
      bag[r.name] += v;
    } else if (r.name === 'ports') {
      if (r.type !== 'RANGES') throw new ResourceParseError("Resource 'ports' must be RANGES");
      const ranges = (r.ranges?.range ?? []).map((x) => [Number(x.begin), Number(x.end)] as PortRange);
      bag.ports = normalizeRanges([...bag.ports, ...ranges]);
    } else {
      throw new ResourceParseError(`Resource '${r.name}' is not offered by this agent`);
    }
  }
  return bag;
}
