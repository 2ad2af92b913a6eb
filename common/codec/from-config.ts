// The payload codec of a process, from its configuration: a keys file (rotation) or one key from the
// environment, or nothing (payloads stay unencrypted). Key text is registered as a secret so no log line
// can show it; problems are InvalidConfig errors naming the setting.
import { readFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from '../config';
import { ErrorType, InputError, type FieldProblem } from '../errors';
import { registerSecret } from '../log';
import { encryptedDataConverter } from './data-converter';
import { EncryptionCodec } from './encryption-codec';
import { decodeKey, parseKeysFile, type CodecKey } from './keys';

export const ENV_KEY_ID = 'env';
type CodecSettings = Pick<AppConfig['codec'], 'keysFile' | 'key'>;

function fail(problems: FieldProblem[]): never {
  throw new InputError(ErrorType.InvalidConfig, 'configuration', problems);
}

function keysFromFile(path: string): CodecKey[] {
  const field = 'SCALEIO_CODEC_KEYS_FILE';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return fail([{ field, problem: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }]);
  }
  const { keys, problems } = parseKeysFile(text, field);
  if (problems.length > 0) fail(problems);
  for (const { key } of keys) for (const form of ['base64', 'base64url'] as const) registerSecret(key.toString(form));
  return keys;
}

/** The configured codec, or undefined when no key is configured. */
export function codecFromConfig(settings: CodecSettings): EncryptionCodec | undefined {
  if (settings.keysFile && settings.key) {
    fail([
      {
        field: 'SCALEIO_CODEC_KEY',
        problem: 'cannot be combined with SCALEIO_CODEC_KEYS_FILE; list every key in the file',
      },
    ]);
  }
  if (settings.keysFile) return new EncryptionCodec(keysFromFile(settings.keysFile));
  if (!settings.key) return undefined;
  registerSecret(settings.key.trim());
  const { key, problem } = decodeKey(settings.key);
  if (!key) return fail([{ field: 'SCALEIO_CODEC_KEY', problem: problem ?? 'is not a key' }]);
  return new EncryptionCodec([{ id: ENV_KEY_ID, key }]);
}

/** The data converter for clients and workers: encrypting when keys are configured, else the SDK default. */
export function dataConverterFromConfig(settings: CodecSettings): DataConverter | undefined {
  const codec = codecFromConfig(settings);
  return codec ? encryptedDataConverter(codec) : undefined;
}
