// What the mappers share while turning resolved old settings into a spec and a config.
import type { FieldProblem } from '../errors';
import type { LegacySettings } from './settings';
import type { MigrateOptions, MigrationNote } from './types';

export interface MapContext {
  s: LegacySettings;
  options: MigrateOptions;
  problems: FieldProblem[];
  notes: MigrationNote[];
  instructions: string[];
  /** For each `spec.<path>` or `config.<ENV>`: the old flag (as given, or its default) it came from. */
  origins: Map<string, string>;
}

/** Records that `target` came from the old flag `name`, and returns how that flag was given. */
export function cameFrom(ctx: MapContext, target: string, name: string): string {
  const origin = ctx.s.given(name)?.spelling ?? `-${name} (old default)`;
  const before = ctx.origins.get(target);
  ctx.origins.set(target, before && before !== origin ? `${before}, ${origin}` : origin);
  return origin;
}
