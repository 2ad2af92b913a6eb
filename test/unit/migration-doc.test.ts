// The migration guide's flag table is the one the migrate command reads: a flag added, re-mapped or re-explained in
// common/legacy shows here, or this test fails (fix: `npx tsx scripts/flag-table.ts --write`).
import { readFileSync } from 'node:fs';
import { LEGACY_FLAGS } from '../../common/legacy';
import { GUIDE, withTable } from '../../scripts/flag-table';

test('docs/migration.md carries the current table of old flags', () => {
  const guide = readFileSync(GUIDE, 'utf8');
  expect(guide).toBe(withTable(guide));
  for (const f of LEGACY_FLAGS) expect(guide).toContain(`| \`-${f.name}\` |`);
});
