// Encryption keys of the payload codec: each a 256-bit AES key (base64) with an id that is stored, in clear,
// in the metadata of every payload it encrypted. A keys file holds `id=base64key` lines, oldest first: the last
// line's key encrypts, every listed key decrypts (rotation: append a new key, keep the old ones until no
// history needs them). Problems name the setting and the line, never the key material.
import type { FieldProblem } from '../errors';

export interface CodecKey {
  id: string;
  key: Buffer;
}

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;

/** Decodes one base64 (or base64url) key, or returns why not. */
export function decodeKey(text: string): { key?: Buffer; problem?: string } {
  const t = text.trim();
  if (!BASE64.test(t)) return { problem: 'is not base64' };
  const key = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
  if (key.length !== KEY_BYTES)
    return {
      problem: `must decode to ${KEY_BYTES} bytes (AES-256), got ${key.length}; e.g. \`openssl rand -base64 32\``,
    };
  return { key };
}

export function checkKeyId(id: string): string | undefined {
  return KEY_ID.test(id) ? undefined : `key id ${JSON.stringify(id)} must be 1-64 letters, digits, '.', '_' or '-'`;
}

/** Parses a keys file: `id=base64key` per line; blank lines and `#` comments are skipped. */
export function parseKeysFile(text: string, field: string): { keys: CodecKey[]; problems: FieldProblem[] } {
  const keys: CodecKey[] = [];
  const problems: FieldProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = `line ${i + 1}`;
    const eq = line.indexOf('=');
    if (eq <= 0) return problems.push({ field, problem: `${at} must be id=base64key` });
    const id = line.slice(0, eq).trim();
    const badId = checkKeyId(id);
    if (badId) return problems.push({ field, problem: `${at}: ${badId}` });
    if (keys.some((k) => k.id === id))
      return problems.push({ field, problem: `${at}: key id "${id}" is listed twice` });
    const { key, problem } = decodeKey(line.slice(eq + 1));
    if (!key) return problems.push({ field, problem: `${at}: the key of "${id}" ${problem}` });
    keys.push({ id, key });
  });
  if (keys.length === 0 && problems.length === 0) problems.push({ field, problem: 'lists no key' });
  return { keys, problems };
}
