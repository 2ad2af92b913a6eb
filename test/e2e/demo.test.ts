// The README's first command, as an operator runs it (minus setup, which the test command already did):
// a real Temporal dev server, the worker as its own process, the demo procedure, then a clean exit.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../scripts/lib/temporal-dev-server';

const run = promisify(execFile);

test('npm run demo -- --once runs the example procedure and brings every simulated agent to the supervisor, then exits 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'scaleio-demo-'));
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo.ts', '--once', '--free-ports', '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      timeout: 180000,
    }
  );
  expect(stdout).toContain('demo: spec valid: cluster demo, 3-node MDM, PD pd1 / SP sp1');
  expect(stdout).toContain('demo: supervisor scaleio/demo/supervisor: 6 of 6 agents present');
  expect(stdout).toMatch(/demo: node-1: .*; devices ScaleIO may take: \/dev\/sdb, \/dev\/sdc/);
  expect(stdout).toMatch(/demo: Temporal UI: http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows/);
});
