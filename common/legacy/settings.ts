// Resolves what the old scheduler would have run with: its defaults, overridden by its environment variables
// (lowest layer first), overridden by its flags, each value type-checked as the old scheduler did.
import { ErrorType, InputError, type FieldProblem } from '../errors';
import { show } from '../validate';
import { canonicalFlag, findLegacyEnv, findLegacyFlag, LEGACY_FLAGS } from './flags';
import { parseGoBool, parseGoFlags } from './go-flags';
import type { GivenValue, LegacyFlag, LegacyInput, LegacyType, MigrationNote } from './types';

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function typeProblem(type: LegacyType, text: string): string | undefined {
  if (type === 'bool' && parseGoBool(text) === undefined) return `must be true or false, got ${show(text)}`;
  if (type === 'int' && !INT.test(text)) return `must be a whole number, got ${show(text)}`;
  if (type === 'float' && !FLOAT.test(text)) return `must be a number, got ${show(text)}`;
  return undefined;
}

/** Whether the flag's value reaches the spec or the config (then it must be known now). */
export function isCarried(flag: LegacyFlag): boolean {
  return canonicalFlag(flag).fate === 'mapped';
}

export class LegacySettings {
  constructor(private readonly values: ReadonlyMap<string, GivenValue>) {}

  /** The value the operator gave (flag or variable), under the canonical flag name. */
  given(name: string): GivenValue | undefined {
    return this.values.get(name);
  }

  /** Every given value, in the order of the table. */
  all(): GivenValue[] {
    return LEGACY_FLAGS.flatMap((f) => this.values.get(f.name) ?? []);
  }

  text(name: string): string {
    return this.values.get(name)?.value.text ?? String(entry(name).default);
  }

  bool(name: string): boolean {
    const given = this.values.get(name);
    return given ? parseGoBool(given.value.text) === true : entry(name).default === true;
  }

  number(name: string): number {
    const given = this.values.get(name);
    return given ? Number(given.value.text) : Number(entry(name).default);
  }

  /** Whether the effective value differs from the old default. */
  differsFromDefault(name: string): boolean {
    const flag = entry(name);
    if (!this.values.has(name)) return false;
    if (flag.type === 'bool') return this.bool(name) !== flag.default;
    if (flag.type !== 'string') return this.number(name) !== flag.default;
    return this.text(name) !== flag.default;
  }
}

function entry(name: string): LegacyFlag {
  const flag = findLegacyFlag(name);
  if (!flag) throw new Error(`no legacy flag ${name}`);
  return flag;
}

export function resolveSettings(input: LegacyInput): { settings: LegacySettings; notes: MigrationNote[] } {
  const values = new Map<string, GivenValue>();
  const problems: FieldProblem[] = [];
  const notes: MigrationNote[] = [];
  const check = (flag: LegacyFlag, given: GivenValue) => {
    if (given.value.unresolved.length > 0) return;
    const problem = typeProblem(canonicalFlag(flag).type, given.value.text);
    if (problem) problems.push({ field: given.spelling, problem: `${problem} (${given.origin})` });
  };

  for (const layer of input.env) {
    const unknown: string[] = [];
    for (const [variable, value] of Object.entries(layer.vars)) {
      const flag = findLegacyEnv(variable);
      if (!flag) {
        if (!input.expanded?.includes(variable)) unknown.push(variable);
      }
      // The old scheduler took an empty variable as unset.
      else if (value.text !== '' || value.unresolved.length > 0) {
        const given = { name: flag.name, value, origin: `${variable} (${layer.origin})`, spelling: variable };
        check(flag, given);
        values.set(flag.name, given);
      }
    }
    if (unknown.length > 0)
      notes.push({
        kind: 'info',
        subject: layer.origin,
        message: `not read by the old scheduler, so not carried: ${unknown.sort().join(', ')}`,
      });
  }

  if (input.args) {
    const { origin, words } = input.args;
    const parsed = parseGoFlags(words, (name) => lookupBool(name), origin);
    problems.push(...parsed.problems);
    for (const { spelled, name, value } of parsed.flags) {
      const flag = findLegacyFlag(name) as LegacyFlag;
      const canonical = canonicalFlag(flag);
      const given = { name: canonical.name, value, origin: `${spelled} (${origin})`, spelling: spelled };
      check(flag, given);
      const before = values.get(canonical.name);
      if (before?.spelling.startsWith('-') && before.spelling !== spelled && before.value.text !== value.text)
        notes.push({
          kind: 'info',
          subject: spelled,
          message: `${before.spelling} is the same setting and was given earlier with another value; the later one wins, as in the old scheduler`,
        });
      if (flag.fate === 'renamed')
        notes.push({ kind: 'deprecated', subject: spelled, message: `${flag.why}; taken as -${canonical.name}` });
      values.set(canonical.name, given);
    }
  }

  for (const given of values.values()) {
    const flag = entry(given.name);
    if (given.value.unresolved.length > 0 && isCarried(flag) && !flag.secret)
      problems.push({
        field: given.spelling,
        problem: `uses ${given.value.unresolved.map((v) => (v.includes(' ') ? v : `$${v}`)).join(', ')}, known only when the old task ran; write the value itself (${given.origin})`,
      });
  }
  if (problems.length > 0) throw new InputError(ErrorType.InvalidConfig, 'old scheduler configuration', problems);
  return { settings: new LegacySettings(values), notes };
}

function lookupBool(name: string): boolean | undefined {
  const flag = findLegacyFlag(name);
  return flag ? canonicalFlag(flag).type === 'bool' : undefined;
}
