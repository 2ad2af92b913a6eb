// Payloads in the codec-server protocol: the proto3 JSON form of temporal.api.common.v1.Payloads, as the
// Temporal UI and the `temporal` CLI send them: {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}.
import type { Payload } from '@temporalio/common';
import { isPlainObject } from '../validate';

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export class PayloadsJsonError extends Error {
  override name = 'PayloadsJsonError';
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function bytes(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new PayloadsJsonError(`${where} must be a base64 string`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

export function payloadsFromJson(body: unknown): Payload[] {
  if (!isPlainObject(body) || !Array.isArray(body.payloads))
    throw new PayloadsJsonError('body must be {"payloads": [...]}');
  return body.payloads.map((p: unknown, i) => {
    if (!isPlainObject(p)) throw new PayloadsJsonError(`payloads[${i}] must be an object`);
    const meta = p.metadata ?? {};
    if (!isPlainObject(meta)) throw new PayloadsJsonError(`payloads[${i}].metadata must be an object`);
    const metadata: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(meta)) metadata[k] = bytes(v, `payloads[${i}].metadata.${k}`);
    return { metadata, data: p.data === undefined ? new Uint8Array() : bytes(p.data, `payloads[${i}].data`) };
  });
}

export function payloadsToJson(payloads: readonly Payload[]): { payloads: JsonPayload[] } {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
      data: b64(p.data ?? new Uint8Array()),
    })),
  };
}
