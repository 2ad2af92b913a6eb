// AES-256-GCM payload codec. Every payload is packed whole (metadata + data) and encrypted with the newest
// key; the result carries `encoding: binary/encrypted` and the key's id in `encryption-key-id`, so any process
// holding that key (worker, bridge, client, codec server) decrypts it, and rotation only appends keys.
// Runs outside the workflow sandbox only: workflow code never imports this module (it needs node:crypto).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { CodecError } from './errors';
import { checkKeyId, KEY_BYTES, type CodecKey } from './keys';
import { packPayload, unpackPayload } from './payload-bytes';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const text = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : Buffer.from(b).toString('utf8');

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: ReadonlyMap<string, Buffer>;
  /** The key that encrypts: the newest (last) one. */
  readonly keyId: string;

  /** @param keys oldest first; the last one encrypts, all of them decrypt. */
  constructor(keys: readonly CodecKey[]) {
    const newest = keys[keys.length - 1];
    if (!newest) throw new CodecError('the encryption codec needs at least one key');
    for (const k of keys) {
      const bad = checkKeyId(k.id);
      if (bad) throw new CodecError(bad, k.id);
      if (k.key.length !== KEY_BYTES) throw new CodecError(`key "${k.id}" must be ${KEY_BYTES} bytes`, k.id);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    if (this.byId.size !== keys.length) throw new CodecError('key ids must be unique');
    this.keyId = newest.id;
  }

  /** The ids this codec can decrypt, oldest first. */
  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.byId.get(this.keyId) as Buffer;
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, key, iv);
      cipher.setAAD(Buffer.from(this.keyId, 'utf8')); // the id in clear metadata is authenticated too
      const body = Buffer.concat([cipher.update(packPayload(p)), cipher.final()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCODING_ENCRYPTED),
          [METADATA_KEY_ID]: Buffer.from(this.keyId),
        },
        data: Buffer.concat([iv, body, cipher.getAuthTag()]),
      };
    });
  }

  /** Payloads not encrypted by this codec (older history, search attributes) pass through unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => (isEncrypted(p) ? this.decrypt(p) : p));
  }

  private decrypt(p: Payload): Payload {
    const id = text(p.metadata?.[METADATA_KEY_ID]);
    if (id === undefined) throw new CodecError(`an encrypted payload has no ${METADATA_KEY_ID} metadata`);
    const key = this.byId.get(id);
    if (!key) {
      throw new CodecError(
        `payload encrypted with unknown key id "${id}" (this process has: ${this.keyIds.join(', ')}); ` +
          `add that key to SCALEIO_CODEC_KEYS_FILE`,
        id
      );
    }
    const data = Buffer.from(p.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new CodecError(`payload with key id "${id}" is truncated`, id);
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new CodecError(`payload with key id "${id}" failed authentication: tampered, or a different key`, id);
    }
    return unpackPayload(plain);
  }
}

export function isEncrypted(p: Payload): boolean {
  return text(p.metadata?.[METADATA_ENCODING_KEY]) === ENCODING_ENCRYPTED;
}
