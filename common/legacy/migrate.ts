// Migrates the old scheduler's configuration: resolve its settings, map them to a cluster spec and the worker/bridge
// config, then prove both valid with the same checks our processes run (validateClusterSpec, loadConfig).
import { loadConfig } from '../config/load';
import { ErrorType, InputError, type FieldProblem } from '../errors';
import { PASSWORD_REF } from '../spec/patterns';
import { validateClusterSpec } from '../spec/validate';
import type { ClusterSpec } from '../spec/types';
import type { MapContext } from './context';
import { canonicalFlag, findLegacyFlag } from './flags';
import { mapConfig } from './map-config';
import { mapSpec } from './map-spec';
import { resolveSettings, type LegacySettings } from './settings';
import type { LegacyInput, MigrateOptions, MigrationNote } from './types';

const WHAT = 'old scheduler configuration';

export interface Migration {
  /** The bootstrapCluster input, as an operator would write it; validateClusterSpec accepts it. */
  spec: Record<string, unknown>;
  /** The same spec with every default filled in, as validateClusterSpec returns it. */
  normalizedSpec: ClusterSpec;
  /** Worker and bridge settings by environment variable (common/config/fields.ts); loadConfig accepts them. */
  config: Record<string, string>;
  /** What was deprecated, not carried or carried differently, and why. */
  notes: MigrationNote[];
  /** What the operator must still do (store the password, …). */
  instructions: string[];
}

function flagNotes(s: LegacySettings): MigrationNote[] {
  const notes: MigrationNote[] = [];
  for (const given of s.all()) {
    const found = findLegacyFlag(given.name);
    if (!found) continue;
    const flag = canonicalFlag(found);
    if (flag.fate === 'deprecated')
      notes.push({ kind: 'deprecated', subject: given.origin, message: `no meaning any more: ${flag.why}` });
    else if (flag.fate === 'not-carried' && s.differsFromDefault(given.name))
      notes.push({ kind: 'not-carried', subject: given.origin, message: flag.why });
  }
  return notes;
}

/** Renames problem fields (`nodeSelection.dataMinCpus`) after the old flag they came from. */
function traced(problems: readonly FieldProblem[], origins: Map<string, string>, prefix: string): FieldProblem[] {
  return problems.map(({ field, problem }) => {
    const parts = field.split('.');
    for (let n = parts.length; n > 0; n--) {
      const origin = origins.get(`${prefix}${parts.slice(0, n).join('.')}`);
      if (origin) return { field: `${origin} (${prefix}${field})`, problem };
    }
    return { field: `${prefix}${field}`, problem };
  });
}

export function migrateLegacy(input: LegacyInput, options: MigrateOptions = {}): Migration {
  const { settings, notes } = resolveSettings(input);
  const ctx: MapContext = { s: settings, options, problems: [], notes, instructions: [], origins: new Map() };
  notes.push(...flagNotes(settings));
  if (input.ignoredFields?.length)
    notes.push({
      kind: 'info',
      subject: 'Marathon app',
      message: `${input.ignoredFields.join(', ')} described how the old scheduler itself ran; the worker and the bridge run as their own processes (see docker-compose.yml)`,
    });
  const { spec, gateway } = mapSpec(ctx);
  const config = mapConfig(ctx, spec, gateway);
  if (ctx.problems.length > 0) throw new InputError(ErrorType.InvalidConfig, WHAT, ctx.problems);

  const checked = validateClusterSpec(spec);
  if (!checked.ok) {
    // A bad --password-ref may be the password itself: its value is not shown.
    const problems = checked.problems.map((p) =>
      p.field === 'passwordRef'
        ? { field: p.field, problem: `must be ${PASSWORD_REF.patternText} (value not shown)` }
        : p
    );
    throw new InputError(ErrorType.InvalidConfig, WHAT, traced(problems, ctx.origins, 'spec.'));
  }
  try {
    loadConfig(config);
  } catch (err) {
    if (err instanceof InputError)
      throw new InputError(ErrorType.InvalidConfig, WHAT, traced(err.problems, ctx.origins, 'config.'));
    throw err;
  }
  const name = checked.spec.name;
  ctx.instructions.push(
    'Remove the old scheduler (its Marathon app) before starting the bridge, so that two frameworks never install on the same agents.',
    `Start the worker and the bridge with the settings above, then bootstrap: temporal workflow start --type bootstrapCluster --task-queue scaleio --workflow-id scaleio/${name}/bootstrap --input-file cluster-spec.json`
  );
  return { spec, normalizedSpec: checked.spec, config, notes, instructions: ctx.instructions };
}
