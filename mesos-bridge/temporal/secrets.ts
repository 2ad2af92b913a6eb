// Resolves secret references (`env:NAME`, `file:/path`) on the bridge, where the task is launched, so that secret
// values travel from the bridge to the node and never through workflow history.
import { readFileSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../../common/errors';
import { registerSecret } from '../../common/log';

export function resolveSecretRef(ref: string, env: NodeJS.ProcessEnv = process.env): string {
  let value: string | undefined;
  if (ref.startsWith('env:')) value = env[ref.slice(4)];
  else if (ref.startsWith('file:')) {
    try {
      value = readFileSync(ref.slice(5), 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      value = undefined;
      void err;
    }
  }
  if (value === undefined || value === '') {
    // The reference is named, never a value: it is safe in history and logs.
    throw ApplicationFailure.create({
      message: `secret reference ${ref} does not resolve on the bridge`,
      type: ErrorType.SecretUnavailable,
      nonRetryable: true,
    });
  }
  registerSecret(value);
  return value;
}

export function resolveSecretEnv(refs: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(refs ?? {}).map(([k, ref]) => [k, resolveSecretRef(ref)]));
}
