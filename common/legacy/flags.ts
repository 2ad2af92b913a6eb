// The one table of the old scheduler's flags: name, environment variable, old default, where each lands here or
// why it does not. The parser, the mapper, the migration notes and the tests all read it.
import { PACKAGE_FLAGS } from './flags-packages';
import { SCALEIO_FLAGS } from './flags-scaleio';
import { SCHEDULER_FLAGS } from './flags-scheduler';
import type { LegacyFlag } from './types';

function renamed(name: string, now: string): LegacyFlag {
  const current = [...SCHEDULER_FLAGS].find((f) => f.name === now);
  if (!current) throw new Error(`no flag ${now}`);
  const { env: _env, ...rest } = current;
  return { ...rest, name, fate: 'renamed', aliasOf: now, why: `renamed -${now} in the old 0.2.0` };
}

export const LEGACY_FLAGS: readonly LegacyFlag[] = [
  ...SCHEDULER_FLAGS,
  ...SCALEIO_FLAGS,
  ...PACKAGE_FLAGS,
  renamed('executor.memory.mdm', 'executor.mem.mdm'),
  renamed('executor.memory.non', 'executor.mem.non'),
  // The reference spells the old name executor.memory.no; accept both.
  renamed('executor.memory.no', 'executor.mem.non'),
  renamed('executor.memoryfactor', 'executor.mem.factor'),
  renamed('executor.cpufactor', 'executor.cpu.factor'),
];

const BY_NAME = new Map(LEGACY_FLAGS.map((f) => [f.name, f]));
const BY_ENV = new Map(LEGACY_FLAGS.filter((f) => f.env).map((f) => [f.env as string, f]));

/** The table entry of a flag as spelled (without dashes), or undefined for a flag the old scheduler did not have. */
export function findLegacyFlag(name: string): LegacyFlag | undefined {
  return BY_NAME.get(name);
}

/** The flag an old environment variable set, or undefined. */
export function findLegacyEnv(variable: string): LegacyFlag | undefined {
  return BY_ENV.get(variable);
}

/** The entry that holds the value: the flag itself, or the one it is a spelling of. */
export function canonicalFlag(flag: LegacyFlag): LegacyFlag {
  return flag.aliasOf ? (BY_NAME.get(flag.aliasOf) ?? flag) : flag;
}
