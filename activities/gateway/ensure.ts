// Idempotent creates. Creates are not idempotent on the gateway, so: look up first; create only when
// absent; if the create says "already exists" (a concurrent or earlier attempt won), read again. An
// existing object counts as success only when it matches what was asked for; otherwise a Conflict
// names every attribute that differs.
import { AlreadyExists, Conflict, type Difference, type GatewayCall, NotFound } from './errors';
import { type EnsureResult } from './types';

export interface EnsureSpec<T extends { id: string }> {
  /** e.g. `protection domain "pd1"`; used in the Conflict message. */
  what: string;
  call: GatewayCall;
  find: () => Promise<T | undefined>;
  create: () => Promise<string>;
  differences: (existing: T) => Difference[];
}

export async function ensureObject<T extends { id: string }>(spec: EnsureSpec<T>): Promise<EnsureResult> {
  const existing = await spec.find();
  if (existing) return matched(spec, existing);
  try {
    return { id: await spec.create(), created: true };
  } catch (e) {
    if (!(e instanceof AlreadyExists)) throw e;
    const now = await spec.find();
    // It exists, but not where we look (e.g. the IP belongs to another SDS): the refusal stands.
    if (!now) throw e;
    return matched(spec, now);
  }
}

function matched<T extends { id: string }>(spec: EnsureSpec<T>, existing: T): EnsureResult {
  const diffs = spec.differences(existing);
  if (diffs.length > 0) throw new Conflict(spec.what, diffs, spec.call);
  return { id: existing.id, created: false };
}

/** Collects a Difference for every field whose wanted value is given and differs. */
export function diff(pairs: [field: string, existing: unknown, wanted: unknown][]): Difference[] {
  return pairs
    .filter(([, existing, wanted]) => wanted !== undefined && !sameValue(existing, wanted))
    .map(([field, existing, wanted]) => ({ field, existing, wanted }));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && [...a].map(String).sort().join('\n') === [...b].map(String).sort().join('\n');
  }
  return a === b;
}

/** Turns a NotFound into undefined (for find-by-key look-ups). */
export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFound) return undefined;
    throw e;
  }
}
