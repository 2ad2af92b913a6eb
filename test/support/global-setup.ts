// One real Temporal dev server and one workflow bundle per jest run, shared by the workflow and e2e tiers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../scripts/lib/temporal-dev-server';

interface Shared {
  server: DevServer;
  users: number;
}
const key = '__scaleioTestTemporal';
type G = typeof globalThis & { [key]?: Shared };

export default async function globalSetup(): Promise<void> {
  const g = globalThis as G;
  if (g[key]) {
    g[key].users += 1;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'scaleio-test-'));
  const server = await startDevServer({
    dbFile: join(dir, 'temporal.sqlite'),
    freePorts: true,
    logFile: join(dir, 'temporal.log'),
  });
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    SCALEIO_TEST_TEMPORAL_HTTP: server.httpUrl,
    SCALEIO_TEST_TEMPORAL_UI: server.uiUrl,
    SCALEIO_TEST_BUNDLE: bundlePath,
    SCALEIO_TEST_DIR: dir,
  });
  g[key] = { server, users: 1 };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => process.stderr.write(`bundle: ${m}\n`),
  error: (m: string) => process.stderr.write(`bundle: ${m}\n`),
};
