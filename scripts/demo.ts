// `npm run demo [-- --once] [--free-ports] [--data-dir DIR]`: a real Temporal dev server with its web UI, the scaleio worker as its own process, and a
// first procedure (validate the example cluster spec). Stays up until Ctrl-C; `--once` (or CI=true) exits
// when the work is done.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../common/names';
import type { ClusterSpec } from '../common/spec';
import { startTsProcess } from './lib/child';
import { REPO_ROOT, startDevServer } from './lib/temporal-dev-server';

const once = process.argv.includes('--once') || process.env.CI === 'true';
const freePorts = process.argv.includes('--free-ports');
const dataDirArg = process.argv.indexOf('--data-dir');
const dataDir = dataDirArg > 0 ? resolve(process.argv[dataDirArg + 1] ?? '') : join(REPO_ROOT, '.data');

async function main(): Promise<void> {
  process.stdout.write(`demo: starting the Temporal dev server (SQLite in ${dataDir}, web UI)...\n`);
  const server = await startDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    freePorts,
    logFile: join(dataDir, 'temporal.log'),
  });
  const env = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', SCALEIO_LOG_LEVEL: 'warn' };
  const worker = startTsProcess('worker', 'workers/main.ts', env);
  const shutdown = async () => {
    await worker.stop();
    await server.stop();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(143)));
  try {
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/examples/cluster-spec.json'), 'utf8')) as {
      name: string;
    };
    const workflowId = workflowIds.validateSpec(spec.name);
    process.stdout.write(`demo: validating docs/examples/cluster-spec.json (workflow ${workflowId})...\n`);
    const handle = await client.workflow.start('validateClusterSpec', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId,
      args: [spec],
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    });
    const result = (await handle.result()) as ClusterSpec;
    process.stdout.write(
      `demo: spec valid: cluster ${result.name}, ${result.mdmMode}-node MDM, PD ${result.protectionDomain} / SP ${result.storagePool}\n`
    );
    process.stdout.write(`demo: Temporal UI: ${server.uiUrl}/namespaces/default/workflows\n`);
    await connection.close();
    if (once) {
      await shutdown();
      return;
    }
    process.stdout.write('demo: running; press Ctrl-C to stop.\n');
    await new Promise(() => undefined);
  } catch (err) {
    await shutdown();
    throw err;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
