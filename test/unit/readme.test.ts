// The README is the operator's first document: keep its configuration table and commands true to the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FIELDS } from '../../common/config';
import { FAULTS } from '../../sim/world/faults';

const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

// Rows of the configuration table, cells trimmed (prettier pads them).
const rows = readme
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .map((l) => l.split('|').map((c) => c.trim()));

test.each(CONFIG_FIELDS.map((f) => [f.env, f]))('the configuration table documents %s with its default', (_env, f) => {
  const def = f.default === undefined ? '—' : `\`${String(f.default)}\``;
  const row = rows.find((r) => r[1] === `\`${f.env}\``);
  expect(row?.slice(2, 4)).toEqual([`\`${f.key}\``, def]);
});

test('every npm script the README names exists', () => {
  const named = [...readme.matchAll(/npm run ([a-z0-9:-]+)/g)].map((m) => m[1] as string);
  expect(named.length).toBeGreaterThan(3);
  for (const script of named) expect([script, pkg.scripts[script]]).toEqual([script, expect.any(String)]);
});

test('CI runs exactly the README test command', () => {
  const ci = readFileSync(join(root, '.ci/run'), 'utf8');
  expect(readme).toMatch(/^npm test /m);
  expect(ci.trim().split('\n').pop()).toBe('npm test');
});

test('the simulator section documents every fault the control API knows', () => {
  const documented = rows.map((r) => r[1]);
  for (const name of Object.keys(FAULTS)) expect(documented).toContain(`\`${name}\``);
});
