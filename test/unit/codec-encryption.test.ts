// The payload codec: round trip, rotation by key id, unknown ids and tampering fail clearly, and failure
// messages are encrypted when the shared data converter is used.
import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow';
import { CodecError, EncryptionCodec, encryptedDataConverter, METADATA_KEY_ID } from '../../common/codec';

const SECRET = 'Sc4leIO-very-secret-pw';
const key = (id: string) => ({ id, key: randomBytes(32) });
const meta = (p: Payload, k: string) => Buffer.from(p.metadata?.[k] ?? new Uint8Array()).toString('utf8');
const bytes = (p: Payload) => Buffer.from(p.data ?? new Uint8Array());
const plain = (value: unknown) => defaultPayloadConverter.toPayload(value);

test('a payload round-trips and is stored as binary/encrypted with the key id, never in clear', async () => {
  const codec = new EncryptionCodec([key('k1')]);
  const original = plain({ passwordRef: 'env:X', note: SECRET });
  const [enc] = await codec.encode([original]);
  expect(meta(enc!, 'encoding')).toBe('binary/encrypted');
  expect(meta(enc!, METADATA_KEY_ID)).toBe('k1');
  expect(Object.keys(enc!.metadata ?? {}).sort()).toEqual(['encoding', METADATA_KEY_ID]); // json/plain is hidden
  expect(bytes(enc!).includes(SECRET)).toBe(false);
  const [dec] = await codec.decode([enc!]);
  expect(meta(dec!, 'encoding')).toBe('json/plain');
  expect(defaultPayloadConverter.fromPayload(dec!)).toEqual({ passwordRef: 'env:X', note: SECRET });
});

test('each encryption uses a fresh nonce, and empty payloads survive', async () => {
  const codec = new EncryptionCodec([key('k1')]);
  const p = plain('same');
  const [a, b] = await codec.encode([p, p]);
  expect(bytes(a!).equals(bytes(b!))).toBe(false);
  const [empty] = await codec.decode(await codec.encode([{ metadata: {}, data: new Uint8Array() }]));
  expect([Object.keys(empty!.metadata ?? {}), bytes(empty!).length]).toEqual([[], 0]);
});

test('rotation: the newest key encrypts, every configured key decrypts by its id', async () => {
  const k1 = key('2024-01');
  const k2 = key('2024-07');
  const [old] = await new EncryptionCodec([k1]).encode([plain('old')]);
  const rotated = new EncryptionCodec([k1, k2]);
  expect(rotated.keyId).toBe('2024-07');
  const [fresh] = await rotated.encode([plain('new')]);
  expect(meta(fresh!, METADATA_KEY_ID)).toBe('2024-07');
  const decoded = await rotated.decode([old!, fresh!]);
  expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['old', 'new']);
});

test('a payload with an unknown key id fails with an error naming the id', async () => {
  const [enc] = await new EncryptionCodec([key('retired')]).encode([plain('x')]);
  const other = new EncryptionCodec([key('current')]);
  const err = await other.decode([enc!]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CodecError);
  expect((err as CodecError).keyId).toBe('retired');
  expect((err as Error).message).toMatch(/unknown key id "retired" \(this process has: current\)/);
});

test('tampered ciphertext, a swapped key id and missing metadata fail authentication, not silently', async () => {
  const k1 = key('a');
  const k2 = key('b');
  const codec = new EncryptionCodec([k1, k2]);
  const [enc] = await codec.encode([plain({ secret: SECRET })]);
  const flipped = bytes(enc!);
  flipped[20] = (flipped[20] ?? 0) ^ 0x01;
  await expect(codec.decode([{ ...enc!, data: flipped }])).rejects.toThrow(/key id "b" failed authentication/);
  const swapped = { ...enc!, metadata: { ...enc!.metadata, [METADATA_KEY_ID]: Buffer.from('a') } };
  await expect(codec.decode([swapped])).rejects.toThrow(/key id "a" failed authentication/);
  const { [METADATA_KEY_ID]: _dropped, ...noId } = enc!.metadata ?? {};
  await expect(codec.decode([{ ...enc!, metadata: noId }])).rejects.toThrow(/no encryption-key-id metadata/);
  await expect(codec.decode([{ ...enc!, data: bytes(enc!).subarray(0, 10) }])).rejects.toThrow(/truncated/);
});

test('payloads this codec did not encrypt pass through decode unchanged', async () => {
  const codec = new EncryptionCodec([key('k1')]);
  const p = plain({ cluster: 'c1' });
  expect(await codec.decode([p])).toEqual([p]);
});

test('bad key sets are refused when the codec is built', () => {
  expect(() => new EncryptionCodec([])).toThrow(/at least one key/);
  expect(() => new EncryptionCodec([{ id: 'k', key: randomBytes(16) }])).toThrow(/"k" must be 32 bytes/);
  expect(() => new EncryptionCodec([key('k'), key('k')])).toThrow(/unique/);
  expect(() => new EncryptionCodec([key('bad id')])).toThrow(/key id "bad id" must be/);
});

test('with the shared data converter, failure messages and stacks are encrypted and restored', async () => {
  const codec = new EncryptionCodec([key('k1')]);
  const converter = loadDataConverter(encryptedDataConverter(codec));
  const failure = await encodeErrorToFailure(
    converter,
    ApplicationFailure.nonRetryable(`login failed for ${SECRET}`, 'InvalidSpec')
  );
  expect(failure.message).toBe('Encoded failure');
  expect(failure.stackTrace).toBe('');
  expect(meta(failure.encodedAttributes!, METADATA_KEY_ID)).toBe('k1');
  expect(JSON.stringify(failure).includes(SECRET)).toBe(false);
  expect(bytes(failure.encodedAttributes!).includes(SECRET)).toBe(false);
  const back = await decodeOptionalFailureToOptionalError(converter, failure);
  expect(back).toBeInstanceOf(ApplicationFailure);
  expect([(back as ApplicationFailure).message, (back as ApplicationFailure).type]).toEqual([
    `login failed for ${SECRET}`,
    'InvalidSpec',
  ]);
});
