// Checks runOnAgent's input before anything is launched: the command runs as root on a storage node.
import { ApplicationFailure } from '@temporalio/common';
import { describeProblems, ErrorType, type FieldProblem } from '../../common/errors';
import { HOSTNAME, HTTP_URL, PASSWORD_REF } from '../../common/spec/patterns';
import { Checker } from '../../common/validate';
import type { RunOnAgentInput } from '../../common/mesos-activities';

const ENV_NAME = { pattern: /^[A-Z_][A-Z0-9_]{0,127}$/, patternText: 'an upper-case environment variable name' };
const TASK_NAME = { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, patternText: 'lowercase letters, digits and dashes' };

function checkEnv(
  c: Checker,
  field: string,
  value: { pattern: RegExp; patternText: string; maxLength?: number }
): Record<string, string> | undefined {
  const env = c.object(field);
  if (!env) return undefined;
  const out: Record<string, string> = {};
  for (const key of env.keys()) {
    if (!ENV_NAME.pattern.test(key)) env.fail(key, `must be ${ENV_NAME.patternText}`);
    const v = env.string(key, { required: true, ...value });
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function validateRunOnAgentInput(input: unknown): RunOnAgentInput {
  const problems: FieldProblem[] = [];
  const c = Checker.of(input, 'input', problems);
  if (c) {
    c.noUnknownKeys([
      'hostname',
      'taskName',
      'command',
      'uris',
      'env',
      'secretEnv',
      'resources',
      'timeoutMs',
      'offerTimeoutMs',
      'urgent',
    ]);
    c.string('hostname', { required: true, ...HOSTNAME });
    c.string('taskName', { required: true, ...TASK_NAME });
    c.string('command', { required: true, maxLength: 65536 });
    const uris = c.raw('uris');
    if (uris !== undefined) {
      if (!Array.isArray(uris)) c.fail('uris', 'must be a list of {value, executable?}');
      else
        uris.forEach((u, i) => {
          const item = Checker.of(u, `uris.${i}`, problems);
          item?.string('value', { required: true, ...HTTP_URL, maxLength: 2048 });
          item?.boolean('executable');
        });
    }
    checkEnv(c, 'env', { pattern: /^[^\0]*$/, patternText: 'text without NUL bytes', maxLength: 4096 });
    checkEnv(c, 'secretEnv', PASSWORD_REF);
    const r = c.object('resources');
    r?.number('cpus', { min: 0.01, max: 64 });
    r?.number('memMb', { min: 16, max: 262144 });
    c.number('timeoutMs', { min: 1000, max: 24 * 3600 * 1000, integer: true });
    c.number('offerTimeoutMs', { min: 100, max: 24 * 3600 * 1000, integer: true });
    c.boolean('urgent');
  }
  if (problems.length > 0) {
    throw ApplicationFailure.create({
      message: describeProblems('runOnAgent input', problems),
      type: ErrorType.InvalidInput,
      nonRetryable: true,
      details: [{ problems }],
    });
  }
  return input as RunOnAgentInput;
}
