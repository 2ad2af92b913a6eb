// What an offer holds, in the units requests use, and whether a set of requests fits in it.
import { resourceValue } from '../../proto/codec';
import type { Offer } from '../../proto/types';
import type { ResourceNeed } from './types';

export function offered(offer: Offer): ResourceNeed {
  return { cpus: resourceValue(offer.resources, 'cpus'), memMb: resourceValue(offer.resources, 'mem') };
}

// Scalars in offers are fixed-point with 3 decimals in Mesos; compare with that tolerance.
const EPSILON = 0.0005;

export function fits(need: ResourceNeed, free: ResourceNeed): boolean {
  return need.cpus <= free.cpus + EPSILON && need.memMb <= free.memMb + EPSILON;
}

export function minus(a: ResourceNeed, b: ResourceNeed): ResourceNeed {
  return { cpus: a.cpus - b.cpus, memMb: a.memMb - b.memMb };
}

export function describeNeed(r: ResourceNeed): string {
  return `cpus=${round(r.cpus)} mem=${round(r.memMb)} MB`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
