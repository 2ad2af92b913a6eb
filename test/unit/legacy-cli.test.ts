// `npm run migrate`: exit 0 with the spec, config and notes; exit 2 naming the problem; the password never printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateClusterSpec } from '../../common/spec';
import { runMigrate } from '../../scripts/migrate';

const ROOT = join(__dirname, '../..');
const APP = join(ROOT, 'test/fixtures/legacy/sioframework.json');
const ENV = join(ROOT, 'test/fixtures/legacy/old-scheduler.env');

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runMigrate(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'legacy-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('--marathon prints the spec, both env sections and the notes', () => {
  const { code, stdout, stderr } = run('--marathon', APP);
  expect([code, stderr]).toEqual([0, '']);
  const json = stdout.slice(stdout.indexOf('{'), stdout.indexOf('\n}\n') + 2);
  expect(validateClusterSpec(JSON.parse(json)).ok).toBe(true);
  expect(stdout).toMatch(/^# Worker environment:\nSCALEIO_GATEWAY_URL=https:\/\/10\.0\.0\.11$/m);
  expect(stdout).toMatch(/^# Bridge environment:\nMESOS_MASTERS=http:\/\/10\.0\.0\.21:5050$/m);
  expect(stdout).toContain('"systemId": "6f831c6866417634"');
  expect(stdout).not.toContain('Not carried over');
  expect(stdout).toContain('Deprecated (accepted):\n  - -rest.port');
  expect(stdout).not.toContain('F00barbaz');
});

test('--json and --out write what bootstrap and the processes read', () => {
  const out = join(dir, 'out');
  const { code, stdout, stderr } = run('--marathon', APP, '--env', ENV, '--json', '--out', out);
  expect(code).toBe(0);
  const printed = JSON.parse(stdout) as { spec: unknown; config: Record<string, string>; notes: unknown[] };
  expect(Object.keys(printed)).toEqual(['spec', 'config', 'notes', 'instructions']);
  // The Marathon command line overrides the env file, which still adds what the command line did not set.
  expect(printed.config.SCALEIO_CLUSTER).toBe('prod');
  expect(printed.config.MESOS_MASTERS).toBe('http://10.0.0.21:5050');
  expect(stderr).toContain('cluster-spec.json');
  const spec: unknown = JSON.parse(readFileSync(join(out, 'cluster-spec.json'), 'utf8'));
  expect(spec).toEqual(printed.spec);
  expect(readFileSync(join(out, 'worker.env'), 'utf8')).toMatch(/^SCALEIO_GATEWAY_PASSWORD_FILE=\/run\/secrets\//m);
  expect(readFileSync(join(out, 'bridge.env'), 'utf8')).toMatch(/^SCALEIO_CLUSTER=prod\nMESOS_MASTERS=/m);
  expect(readFileSync(join(out, 'bridge.env'), 'utf8')).not.toContain('SCALEIO_GATEWAY_URL');
  const all = ['cluster-spec.json', 'worker.env', 'bridge.env', 'MIGRATION-NOTES.txt']
    .map((f) => readFileSync(join(out, f), 'utf8'))
    .join('\n');
  for (const secret of ['F00barbaz', 'Env-Pa55word']) expect(`${all}${stdout}${stderr}`).not.toContain(secret);
});

test.each([
  [
    ['--flags', '-scaleio.preconfig.primary=a -scaleio.password=Sup3r'],
    '-scaleio.preconfig.secondary, -scaleio.preconfig.tiebreaker: missing',
  ],
  [['--flags', '-uri=m:5050 -store.type=zk -bogus=1'], '-bogus: is not a flag of the old scheduler'],
  [['--marathon', '/nonexistent/app.json'], 'cannot read the Marathon app /nonexistent/app.json: ENOENT'],
  [['--marathon', ENV], 'is not JSON'],
  [['--flags', '-uri=m', '--marathon', APP], 'give --marathon or --flags, not both'],
  [[], 'nothing to migrate'],
  [['--nope'], 'unknown argument "--nope"'],
  [['--flags'], '--flags needs a value'],
])('%j exits 2: %s', (argv, message) => {
  const { code, stdout, stderr } = run(...argv);
  expect([code, stdout]).toEqual([2, '']);
  expect(stderr).toContain(message);
  expect(stderr).not.toContain('Sup3r');
});

test('the npm script runs it as a process: exit 0 with output, exit 2 on bad input', () => {
  const ok = spawnSync('npm', ['run', '--silent', 'migrate', '--', '--marathon', APP, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(ok.status).toBe(0);
  expect(validateClusterSpec((JSON.parse(ok.stdout) as { spec: unknown }).spec).ok).toBe(true);
  const bad = spawnSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['scripts/migrate.ts', '--flags', '-scaleio.preconfig.primary=a -scaleio.preconfig.secondary=b'],
    { cwd: ROOT, encoding: 'utf8' }
  );
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('-scaleio.preconfig.tiebreaker: missing');
});
