// The codec server over real HTTP on loopback: the UI's proto3-JSON payloads encoded and decoded, CORS only for
// the configured UI origins, the bearer token checked, and bad requests answered with a clear 4xx.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  EncryptionCodec,
  payloadsFromJson,
  payloadsToJson,
  startCodecServer,
  type CodecServer,
  type JsonPayload,
} from '../../common/codec';

const UI = 'http://127.0.0.1:8233';
const TOKEN = 'codec-token-for-tests';
const codec = new EncryptionCodec([
  { id: 'old', key: randomBytes(32) },
  { id: 'new', key: randomBytes(32) },
]);
let server: CodecServer;

beforeAll(async () => {
  server = await startCodecServer({ codec, corsOrigins: [UI], token: TOKEN, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await server?.close();
});

const auth = { Authorization: `Bearer ${TOKEN}` };
async function post(path: string, body: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
const text = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString('utf8');

test('encode then decode over HTTP round-trips payloads in the UI format, with the newest key', async () => {
  const original = payloadsToJson([defaultPayloadConverter.toPayload({ hostname: 'node-1', port: 443 })]);
  const encoded = await post('/encode', original);
  expect(encoded.status).toBe(200);
  const [p] = (encoded.body as { payloads: JsonPayload[] }).payloads;
  expect(text(p?.metadata?.encoding)).toBe('binary/encrypted');
  expect(text(p?.metadata?.['encryption-key-id'])).toBe('new');
  expect(text(p?.data)).not.toContain('node-1');
  // Only the last path segment counts: the endpoint can sit behind a prefix.
  const decoded = await post('/api/codec/decode', encoded.body);
  expect(decoded.status).toBe(200);
  expect(decoded.body).toEqual(original);
  expect(defaultPayloadConverter.fromPayload(payloadsFromJson(decoded.body)[0]!)).toEqual({
    hostname: 'node-1',
    port: 443,
  });
});

test('the bearer token is required when configured', async () => {
  const body = payloadsToJson([defaultPayloadConverter.toPayload('x')]);
  expect((await post('/decode', body, {})).status).toBe(401);
  const wrong = await post('/decode', body, { Authorization: 'Bearer nope' });
  expect([wrong.status, wrong.body.error]).toEqual([401, 'missing or wrong Authorization bearer token']);
});

test('CORS: the UI origin may call (preflight and request), any other browser origin gets 403', async () => {
  const preflight = await fetch(`${server.url}/decode`, {
    method: 'OPTIONS',
    headers: { Origin: UI, 'Access-Control-Request-Method': 'POST' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
  expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
  const ok = await post('/encode', { payloads: [] }, { ...auth, Origin: UI });
  expect([ok.status, ok.headers.get('access-control-allow-origin')]).toEqual([200, UI]);
  const evil = await post('/encode', { payloads: [] }, { ...auth, Origin: 'http://evil.example' });
  expect([evil.status, evil.headers.get('access-control-allow-origin')]).toEqual([403, null]);
  server.allowOrigin('http://127.0.0.1:9999/');
  expect((await post('/encode', { payloads: [] }, { ...auth, Origin: 'http://127.0.0.1:9999' })).status).toBe(200);
});

test('a payload under an unknown key id is refused with the id named', async () => {
  const stranger = new EncryptionCodec([{ id: 'elsewhere', key: randomBytes(32) }]);
  const body = payloadsToJson(await stranger.encode([defaultPayloadConverter.toPayload('x')]));
  const res = await post('/decode', body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(/unknown key id "elsewhere" \(this process has: old, new\)/);
});

test('malformed requests get a clear 4xx', async () => {
  expect((await post('/decode', '{not json')).body).toEqual({ error: 'body is not JSON' });
  const shape = await post('/decode', { payloads: [{ metadata: { encoding: 42 } }] });
  expect([shape.status, shape.body.error]).toEqual([400, 'payloads[0].metadata.encoding must be a base64 string']);
  expect((await post('/decode', { items: [] })).status).toBe(400);
  expect((await post('/decode', 'x'.repeat(70 * 1024))).status).toBe(413);
  expect((await post('/transcode', { payloads: [] })).status).toBe(404);
  expect((await fetch(`${server.url}/decode`)).status).toBe(405);
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
});
