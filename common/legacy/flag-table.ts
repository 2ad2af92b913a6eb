// The old flags as a Markdown table for docs/migration.md (kept true by test/unit/migration-doc.test.ts;
// `npx tsx scripts/flag-table.ts --write` rewrites the table in the guide).
import { LEGACY_FLAGS } from './flags';
import type { LegacyFlag } from './types';

const FATE: Record<LegacyFlag['fate'], string> = {
  mapped: 'carried over',
  renamed: 'old spelling',
  deprecated: 'accepted, deprecated',
  'not-carried': 'not carried over',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function oldDefault(f: LegacyFlag): string {
  if (f.secret) return '(secret)';
  if (f.dynamicDefault) return f.dynamicDefault;
  return f.default === '' ? '—' : `\`${String(f.default)}\``;
}

function target(f: LegacyFlag): string {
  if (f.aliasOf) return `as \`-${f.aliasOf}\``;
  return f.to.length ? f.to.map((t) => `\`${t}\``).join(', ') : '—';
}

/** One row per old flag, in the table's order: flag, variable, old default, what happens, where it lands, why. */
export function flagTable(): string {
  const rows = [
    '| old flag | variable | old default | here | becomes | why |',
    '| --- | --- | --- | --- | --- | --- |',
    ...LEGACY_FLAGS.map((f) =>
      [`\`-${f.name}\``, f.env ? `\`${f.env}\`` : '—', oldDefault(f), FATE[f.fate], target(f), f.why]
        .map(cell)
        .join(' | ')
    ).map((r) => `| ${r} |`),
  ];
  return rows.join('\n');
}
