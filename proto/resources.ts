// Builders and readers for Resources and Attributes in Mesos JSON form.
import type { Attribute, Resource } from './types-mesos';

export function scalar(name: string, value: number, role?: string): Resource {
  const r: Resource = { name, type: 'SCALAR', scalar: { value } };
  if (role !== undefined) r.allocation_info = { role };
  return r;
}

/** A RANGES resource from inclusive [begin, end] pairs, e.g. ranges('ports', [[31000, 32000]]). */
export function ranges(name: string, pairs: readonly (readonly [number, number])[], role?: string): Resource {
  const r: Resource = { name, type: 'RANGES', ranges: { range: pairs.map(([begin, end]) => ({ begin, end })) } };
  if (role !== undefined) r.allocation_info = { role };
  return r;
}

/** Sum of the SCALAR resources called `name` (an offer may split one kind over several roles); 0 if none. */
export function resourceValue(resources: readonly Resource[] | undefined, name: string): number {
  let total = 0;
  for (const r of resources ?? []) {
    if (r.name === name && r.type === 'SCALAR') total += r.scalar?.value ?? 0;
  }
  return total;
}

/** All inclusive [begin, end] ranges of the RANGES resources called `name`. */
export function resourceRanges(resources: readonly Resource[] | undefined, name: string): [number, number][] {
  const out: [number, number][] = [];
  for (const r of resources ?? []) {
    if (r.name !== name || r.type !== 'RANGES') continue;
    for (const range of r.ranges?.range ?? []) out.push([range.begin, range.end]);
  }
  return out;
}

/** An attribute's value: TEXT → string, SCALAR → number, SET → items joined by ',', RANGES → '[b-e, …]'; undefined if absent. */
export function attributeValue(
  attributes: readonly Attribute[] | undefined,
  name: string
): string | number | undefined {
  const a = attributes?.find((x) => x.name === name);
  if (!a) return undefined;
  switch (a.type) {
    case 'TEXT':
      return a.text?.value;
    case 'SCALAR':
      return a.scalar?.value;
    case 'SET':
      return (a.set?.item ?? []).join(',');
    case 'RANGES':
      return `[${(a.ranges?.range ?? []).map((r) => `${r.begin}-${r.end}`).join(', ')}]`;
  }
}
