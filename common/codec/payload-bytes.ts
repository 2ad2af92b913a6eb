// The plaintext that gets encrypted: a whole payload (its metadata and its data) packed into bytes, so the
// original encoding (json/plain, binary/null…) is hidden too and restored exactly on decode.
// Layout: version byte 1, u32 entry count, then per metadata entry u32 key length, key (UTF-8), u32 value
// length, value; the rest is the data. Big-endian lengths.
import type { Payload } from '@temporalio/common';
import { CodecError } from './errors';

const VERSION = 1;

export function packPayload(p: Payload): Buffer {
  const parts: Buffer[] = [Buffer.from([VERSION])];
  const entries = Object.entries(p.metadata ?? {});
  parts.push(u32(entries.length));
  for (const [k, v] of entries) {
    const key = Buffer.from(k, 'utf8');
    parts.push(u32(key.length), key, u32(v.length), Buffer.from(v));
  }
  parts.push(Buffer.from(p.data ?? new Uint8Array()));
  return Buffer.concat(parts);
}

export function unpackPayload(bytes: Buffer): Payload {
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > bytes.length) throw new CodecError('decrypted payload is malformed (truncated)');
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const version = take(1)[0];
  if (version !== VERSION) throw new CodecError(`decrypted payload has unknown layout version ${version}`);
  const count = take(4).readUInt32BE(0);
  const metadata: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i += 1) {
    const key = take(take(4).readUInt32BE(0)).toString('utf8');
    metadata[key] = new Uint8Array(take(take(4).readUInt32BE(0)));
  }
  return { metadata, data: new Uint8Array(bytes.subarray(at)) };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
