// URL building and reply checks shared by the object modules. Ids go into paths, so they are checked
import { type Caller } from './caller';
// first: a bad id is an input error naming the field, never a request to some other path.
import { ErrorType, InputError } from '../../common/errors';
import { type GatewayCall, Unsupported } from './errors';

const ID = /^[0-9A-Za-z]{1,64}$/;

export function checkId(field: string, id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new InputError(ErrorType.InvalidInput, 'gateway request', [
      { field, problem: `must be a ScaleIO object id (hex string), got ${JSON.stringify(id)}` },
    ]);
  }
  return id;
}

export function checkText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(ErrorType.InvalidInput, 'gateway request', [
      { field, problem: 'required, a non-empty string' },
    ]);
  }
  return value;
}

export const typePath = (type: string): string => `/api/types/${type}/instances`;
export const instancePath = (type: string, id: string): string => `/api/instances/${type}::${id}`;
export const childrenPath = (type: string, id: string, child: string): string =>
  `${instancePath(type, id)}/relationships/${child}`;
export const actionPath = (type: string, id: string, action: string): string =>
  `${instancePath(type, id)}/action/${action}`;
export const queryIdPath = (type: string): string => `${typePath(type)}/action/queryIdByKey`;

/** A create reply must be {"id": "<hex>"}. */
export function createdId(reply: unknown, call: GatewayCall): string {
  const id = (reply as { id?: unknown } | null | undefined)?.id;
  if (typeof id !== 'string' || id === '') {
    throw new Unsupported('create reply carried no id', { call, code: 'UNEXPECTED_REPLY' });
  }
  return id;
}

export function list<T>(reply: unknown, call: GatewayCall): T[] {
  if (!Array.isArray(reply)) throw new Unsupported('expected a JSON array', { call, code: 'UNEXPECTED_REPLY' });
  return reply as T[];
}

export function object<T>(reply: unknown, call: GatewayCall): T {
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply)) {
    throw new Unsupported('expected a JSON object', { call, code: 'UNEXPECTED_REPLY' });
  }
  return reply as T;
}

/** queryIdByKey answers the bare id as a JSON string (quotes already parsed, or not). */
export function bareId(reply: unknown, call: GatewayCall): string {
  const id = typeof reply === 'string' ? reply.trim().replace(/^"+|"+$/g, '') : '';
  if (id === '') throw new Unsupported('queryIdByKey reply carried no id', { call, code: 'UNEXPECTED_REPLY' });
  return id;
}

/** GET a list of objects, checking the reply's shape. */
export async function getList<T>(c: Caller, path: string): Promise<T[]> {
  return list<T>(await c.get(path), { method: 'GET', path });
}

/** GET one object, checking the reply's shape. */
export async function getObject<T>(c: Caller, path: string): Promise<T> {
  return object<T>(await c.get(path), { method: 'GET', path });
}
