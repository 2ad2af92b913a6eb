// The README's first command, as an operator runs it (minus setup, which the test command already did):
// a real Temporal dev server, the simulated world, the bridge and the worker as their own processes, a bootstrap of
// the example cluster with its progress shown, every agent on-boarded, then a clean exit.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../scripts/lib/temporal-dev-server';

const run = promisify(execFile);

test('npm run demo -- --once bootstraps the example cluster, on-boards every simulated agent, then exits 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'scaleio-demo-'));
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo.ts', '--once', '--free-ports', '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      timeout: 180000,
    }
  );
  expect(stdout).toMatch(/demo: Temporal UI: http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows/);
  expect(stdout).toMatch(/demo: bootstrap starting: phase mdm-cluster, \d+\/\d+ steps/);
  expect(stdout).toMatch(
    /demo: cluster demo built: MDMs primary node-\d \(127\.[\d.]+\), secondary node-\d .*tiebreaker node-\d/
  );
  expect(stdout).toContain('demo: 6 of 6 data nodes on-boarded by the bootstrap');
  expect(stdout).toContain('demo: supervisor: 6 of 6 agents on-boarded');
  // Progress, not log spam: every line is the demo's own.
  expect(stdout.split('\n').filter((l) => l && !l.startsWith('demo: '))).toEqual([]);
}, 300_000);
