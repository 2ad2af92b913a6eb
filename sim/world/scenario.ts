// A scenario file (YAML or JSON) describes a world: its agents and the faults set at start.
//   agents: 6                     # or a list of agent specs (hostname, ip, os, cpus, memMb, rack, blockDevices…)
//   faults:
//     - { name: gateway-fail, params: { count: 3, status: 503 } }
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Checker, isPlainObject } from '../../common/validate';
import type { FieldProblem } from '../../common/errors';
import type { WorldOptions } from './world';
import { FAULTS } from './faults';

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export function loadScenario(path: string): Pick<WorldOptions, 'agents' | 'faults'> {
  const doc: unknown = parse(readFileSync(path, 'utf8'));
  const problems: FieldProblem[] = [];
  const c = Checker.of(doc ?? {}, 'scenario', problems);
  const out: Pick<WorldOptions, 'agents' | 'faults'> = {};
  if (c) {
    c.noUnknownKeys(['agents', 'faults']);
    const agents = c.raw('agents');
    if (typeof agents === 'number') out.agents = c.number('agents', { min: 0, max: 10000, integer: true });
    else if (Array.isArray(agents)) out.agents = agents as WorldOptions['agents'];
    else if (agents !== undefined) c.fail('agents', 'must be a number or a list of agent specs');
    const faults = c.raw('faults');
    if (faults !== undefined && !Array.isArray(faults)) c.fail('faults', 'must be a list of {name, params}');
    out.faults = (Array.isArray(faults) ? faults : []).map((f: unknown, i) => {
      if (!isPlainObject(f) || typeof f.name !== 'string' || !(f.name in FAULTS)) {
        c.fail(`faults.${i}`, `must be {name, params} with a known fault name (${Object.keys(FAULTS).join(', ')})`);
        return { name: '' };
      }
      return { name: f.name, params: isPlainObject(f.params) ? f.params : {} };
    });
  }
  if (problems.length > 0)
    throw new ScenarioError(`${path}: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
  return out;
}
