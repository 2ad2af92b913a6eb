// Codec keys from configuration: a keys file (rotation, newest last) or one env key; nothing configured means
// no encryption; every bad key is an InvalidConfig problem naming the setting and line, never the key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codecFromConfig, dataConverterFromConfig, ENCODED_FAILURE_CONVERTER_PATH } from '../../common/codec';
import { loadConfig } from '../../common/config';
import { InputError } from '../../common/errors';
import { redactText } from '../../common/log';

const dir = mkdtempSync(join(tmpdir(), 'codec-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const b64 = () => randomBytes(32).toString('base64');
function keysFile(text: string): string {
  const path = join(dir, `keys-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, text);
  return path;
}
function problems(settings: { keysFile?: string; key?: string }): string[] {
  try {
    codecFromConfig(settings);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).type).toBe('InvalidConfig');
    return (err as InputError).problems.map((p) => `${p.field}: ${p.problem}`);
  }
  throw new Error('expected an InvalidConfig error');
}

test('no key configured: no codec, no data converter (payloads stay as they are)', () => {
  expect(codecFromConfig({})).toBeUndefined();
  expect(dataConverterFromConfig({})).toBeUndefined();
  const c = loadConfig({});
  expect(c.codec).toEqual({
    server: { host: '127.0.0.1', port: 8888, corsOrigins: ['http://localhost:8233', 'http://127.0.0.1:8233'] },
  });
});

test('a keys file: comments and blank lines skipped, the last key encrypts, all decrypt', () => {
  const path = keysFile(`# rotated monthly\n2024-01=${b64()}\n\n2024-02 = ${b64()}\n`);
  const codec = codecFromConfig(loadConfig({ SCALEIO_CODEC_KEYS_FILE: path }).codec);
  expect([codec?.keyId, codec?.keyIds]).toEqual(['2024-02', ['2024-01', '2024-02']]);
  const dc = dataConverterFromConfig({ keysFile: path });
  expect(dc?.payloadCodecs).toHaveLength(1);
  expect(dc?.failureConverterPath).toBe(ENCODED_FAILURE_CONVERTER_PATH);
});

test('one key from the environment gets the id "env"; base64url works too', () => {
  const key = randomBytes(32);
  expect(codecFromConfig(loadConfig({ SCALEIO_CODEC_KEY: key.toString('base64') }).codec)?.keyIds).toEqual(['env']);
  expect(codecFromConfig({ key: key.toString('base64url') })?.keyId).toBe('env');
});

test('loaded key text is masked in every later log line', () => {
  const key = b64();
  codecFromConfig({ keysFile: keysFile(`k=${key}\n`) });
  expect(redactText(`oops ${key}`)).toBe('oops [REDACTED]');
});

test('bad keys files name the setting and the line, never the key material', () => {
  const short = randomBytes(16).toString('base64');
  const found = problems({
    keysFile: keysFile(`ok=${b64()}\nnoequals\nbad id=${b64()}\nshort=${short}\nok=${b64()}\nx=%%%\n`),
  });
  expect(found).toEqual([
    'SCALEIO_CODEC_KEYS_FILE: line 2 must be id=base64key',
    expect.stringMatching(/^SCALEIO_CODEC_KEYS_FILE: line 3: key id "bad id" must be 1-64 letters/),
    expect.stringMatching(/^SCALEIO_CODEC_KEYS_FILE: line 4: the key of "short" must decode to 32 bytes .*got 16/),
    'SCALEIO_CODEC_KEYS_FILE: line 5: key id "ok" is listed twice',
    'SCALEIO_CODEC_KEYS_FILE: line 6: the key of "x" is not base64',
  ]);
  expect(found.join('\n')).not.toContain(short);
  expect(problems({ keysFile: keysFile('# nothing yet\n') })).toEqual(['SCALEIO_CODEC_KEYS_FILE: lists no key']);
  expect(problems({ keysFile: join(dir, 'missing') })[0]).toMatch(/^SCALEIO_CODEC_KEYS_FILE: cannot read .*ENOENT/);
});

test('a bad env key, or both settings at once, is refused', () => {
  expect(problems({ key: 'c2hvcnQ=' })).toEqual([
    expect.stringMatching(/^SCALEIO_CODEC_KEY: must decode to 32 bytes \(AES-256\), got 5/),
  ]);
  expect(problems({ key: b64(), keysFile: keysFile(`a=${b64()}`) })).toEqual([
    expect.stringMatching(/^SCALEIO_CODEC_KEY: cannot be combined with SCALEIO_CODEC_KEYS_FILE/),
  ]);
});

test('codec server settings are read and checked like every other setting', () => {
  const c = loadConfig({
    SCALEIO_CODEC_SERVER_PORT: '0',
    SCALEIO_CODEC_SERVER_CORS_ORIGINS: 'http://ui.example:8080/',
    SCALEIO_CODEC_SERVER_TOKEN_FILE: '/run/secrets/codec-token',
  });
  expect(c.codec.server).toEqual({
    host: '127.0.0.1',
    port: 0,
    corsOrigins: ['http://ui.example:8080'],
    tokenFile: '/run/secrets/codec-token',
  });
  expect(() => loadConfig({ SCALEIO_CODEC_SERVER_PORT: '70000' })).toThrow(/SCALEIO_CODEC_SERVER_PORT/);
});
