// Renders a migration for people (text with sections) and for files (spec JSON, env files, notes).
import { CONFIG_FIELDS } from '../config/fields';
import type { Migration } from './migrate';
import type { MigrationNote } from './types';

export interface ConfigGroups {
  /** Settings both processes read. */
  both: Record<string, string>;
  worker: Record<string, string>;
  bridge: Record<string, string>;
}

/** Splits the config by the process that reads each setting (CONFIG_FIELDS usedBy; none = both). */
export function configGroups(config: Record<string, string>): ConfigGroups {
  const groups: ConfigGroups = { both: {}, worker: {}, bridge: {} };
  for (const [env, value] of Object.entries(config)) {
    const usedBy = CONFIG_FIELDS.find((f) => f.env === env)?.usedBy;
    const group = usedBy === 'worker' || usedBy === 'bridge' ? groups[usedBy] : groups.both;
    group[env] = value;
  }
  return groups;
}

const envLines = (vars: Record<string, string>) => Object.entries(vars).map(([k, v]) => `${k}=${v}`);

/** The env file of one process: the shared settings and its own. */
export function envFile(m: Migration, process: 'worker' | 'bridge'): string {
  const groups = configGroups(m.config);
  return [
    `# ${process} settings migrated from the old scheduler`,
    ...envLines(groups.both),
    ...envLines(groups[process]),
  ]
    .join('\n')
    .concat('\n');
}

const KIND_TITLE: Record<MigrationNote['kind'], string> = {
  'not-carried': 'Not carried over',
  deprecated: 'Deprecated (accepted)',
  changed: 'Carried differently',
  info: 'Good to know',
};

export function notesText(m: Migration): string {
  const out: string[] = [];
  for (const kind of ['not-carried', 'deprecated', 'changed', 'info'] as const) {
    const notes = m.notes.filter((n) => n.kind === kind);
    if (notes.length === 0) continue;
    out.push(`${KIND_TITLE[kind]}:`, ...notes.map((n) => `  - ${n.subject}: ${n.message}`), '');
  }
  out.push('To do:', ...m.instructions.map((line, i) => `  ${i + 1}. ${line}`));
  return out.join('\n').concat('\n');
}

export function renderText(m: Migration, source: string): string {
  const groups = configGroups(m.config);
  const section = (title: string, vars: Record<string, string>) =>
    Object.keys(vars).length ? [`# ${title}`, ...envLines(vars), ''] : [];
  return [
    `# Migrated from the old scheduler configuration in ${source}`,
    '',
    '# Cluster spec (bootstrapCluster input; validateClusterSpec accepts it):',
    JSON.stringify(m.spec, null, 2),
    '',
    ...section('Worker and bridge environment:', groups.both),
    ...section('Worker environment:', groups.worker),
    ...section('Bridge environment:', groups.bridge),
    notesText(m),
  ].join('\n');
}
