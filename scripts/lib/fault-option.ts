// The demo's `--fault NAME[:key=value,…]` option: a simulator fault set as the world starts (e.g.
// `--fault gateway-fail:count=3,status=503`, so the bootstrap's history shows retried activities). It is checked
// completely before anything starts, so a typo never leaves a half-started demo behind.
import type { FieldProblem } from '../../common/errors';
import { Checker } from '../../common/validate';
import { FAULTS } from '../../sim/world/faults';
import { parseParams } from '../../sim/world/ctl';

export interface FaultOption {
  name: string;
  params: Record<string, unknown>;
}

export class FaultOptionError extends Error {
  override name = 'FaultOptionError';
}

/** Parses and checks one `--fault` value against the simulator's fault table. */
export function parseFaultOption(text: string): FaultOption {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const def = FAULTS[name];
  if (!def) {
    throw new FaultOptionError(
      `--fault ${JSON.stringify(text)}: unknown fault; known: ${Object.keys(FAULTS).join(', ')}`
    );
  }
  const list = colon < 0 ? '' : text.slice(colon + 1);
  let params: Record<string, unknown>;
  try {
    params = parseParams(list === '' ? [] : list.split(','));
  } catch (err) {
    throw new FaultOptionError(`--fault ${JSON.stringify(text)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // The fault's own parser names bad values; the keys it never reads are typos it would silently ignore.
  const read = new Set<PropertyKey>();
  const watched = new Proxy(params, { get: (target, key) => (read.add(key), Reflect.get(target, key)) });
  const problems: FieldProblem[] = [];
  const checker = Checker.of(watched, 'params', problems);
  if (checker) def.parse(checker);
  for (const key of Object.keys(params))
    if (!read.has(key)) problems.push({ field: key, problem: 'is not a parameter of this fault' });
  if (problems.length > 0) {
    const why = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    throw new FaultOptionError(`--fault ${JSON.stringify(text)}: ${why}`);
  }
  return { name, params };
}

/** Every `--fault` value of an argument list, in order. */
export function faultOptions(args: readonly string[]): FaultOption[] {
  const out: FaultOption[] = [];
  args.forEach((arg, i) => {
    if (arg !== '--fault') return;
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new FaultOptionError('--fault needs a value, e.g. gateway-fail:count=3,status=503');
    out.push(parseFaultOption(value));
  });
  return out;
}
