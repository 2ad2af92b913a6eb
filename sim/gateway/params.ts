// Request-body readers: the gateway takes numbers and booleans as strings too ("7072", "true").
// A missing or malformed field is a 400 naming that field.
import { badRequest } from '../scaleio';

export type Body = Record<string, unknown>;

export function str(body: Body, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v.length === 0) throw badRequest(field, 'required, a non-empty string');
  return v;
}

export function optStr(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest(field, 'must be a string');
  return v;
}

export function num(body: Body, field: string): number {
  const v = body[field];
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw badRequest(field, 'required, a number (or numeric string)');
  return n;
}

export function optNum(body: Body, field: string): number | undefined {
  return body[field] === undefined || body[field] === null ? undefined : num(body, field);
}

export function bool(body: Body, field: string): boolean {
  const v = body[field];
  if (v === true || v === 'true' || v === 'TRUE') return true;
  if (v === false || v === 'false' || v === 'FALSE') return false;
  throw badRequest(field, 'required, true or false (boolean or string)');
}

export function optBool(body: Body, field: string): boolean | undefined {
  return body[field] === undefined ? undefined : bool(body, field);
}

export function strList(body: Body, field: string): string[] {
  const v = body[field];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(field, 'must be an array of strings');
  return v as string[];
}

export function oneOf<T extends string>(body: Body, field: string, allowed: readonly T[]): T {
  const v = str(body, field);
  if (!allowed.includes(v as T)) throw badRequest(field, `must be one of ${allowed.join(', ')}`);
  return v as T;
}
