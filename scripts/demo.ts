// `npm run demo [-- --once] [--free-ports] [--data-dir DIR] [--agents N]`: a real Temporal dev server with its
// web UI, a simulated datacenter (Mesos master + agents + ScaleIO gateway), the mesos-bridge and the scaleio
// worker as their own processes. It validates the example cluster spec and shows the agents reaching the cluster
// supervisor. Stays up until Ctrl-C, so the operator can add agents (`npm run sim-ctl -- add-agent`) and watch
// them appear; `--once` (or CI=true) exits when the work is done.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { membersQuery } from '../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../common/names';
import type { ClusterSpec } from '../common/spec';
import { startWorld } from '../sim/world';
import { startTsProcess } from './lib/child';
import { REPO_ROOT, startDevServer } from './lib/temporal-dev-server';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const once = flag('--once') || process.env.CI === 'true';
const dataDir = resolve(option('--data-dir') ?? join(REPO_ROOT, '.data'));
const agents = Number(option('--agents') ?? 6);
const say = (line: string) => process.stdout.write(`demo: ${line}\n`);

async function main(): Promise<void> {
  if (!Number.isInteger(agents) || agents < 1 || agents > 1000)
    throw new Error(`--agents must be a whole number from 1 to 1000`);
  say(`starting the Temporal dev server (SQLite in ${dataDir}, web UI)...`);
  const server = await startDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    freePorts: flag('--free-ports'),
    logFile: join(dataDir, 'temporal.log'),
  });
  say(`starting a simulated datacenter with ${agents} agents...`);
  const world = await startWorld({ agents, mesos: { allocationIntervalMs: 200 } });
  writeFileSync(
    join(dataDir, 'sim.json'),
    JSON.stringify({ masterUrl: world.masterUrl, gatewayUrl: world.gatewayUrl, controlUrl: world.controlUrl }, null, 2)
  );

  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const cluster = 'demo';
  // The simulated world is new each run, so last run's supervisor (and the bridge's FrameworkID) describe agents
  // that no longer exist.
  await client.workflow
    .getHandle(workflowIds.supervisor(cluster))
    .terminate('a new simulated world started')
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
  const bridgeState = join(dataDir, 'bridge-state');
  rmSync(bridgeState, { recursive: true, force: true });
  mkdirSync(bridgeState, { recursive: true });

  const env = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    SCALEIO_LOG_LEVEL: 'warn',
    SCALEIO_CLUSTER: cluster,
  };
  const worker = startTsProcess('worker', 'workers/main.ts', env);
  const bridge = startTsProcess('bridge', 'mesos-bridge/main.ts', {
    ...env,
    MESOS_MASTERS: world.masterUrl,
    SCALEIO_STATE_DIR: bridgeState,
    MESOS_DISCOVERY_INTERVAL_S: '5',
  });
  const shutdown = async () => {
    await Promise.all([bridge.stop(), worker.stop()]);
    await connection.close();
    await world.close();
    await server.stop();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(143)));
  try {
    const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/examples/cluster-spec.json'), 'utf8')) as {
      name: string;
    };
    const workflowId = workflowIds.validateSpec(spec.name);
    say(`validating docs/examples/cluster-spec.json (workflow ${workflowId})...`);
    const handle = await client.workflow.start('validateClusterSpec', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId,
      args: [spec],
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    });
    const result = (await handle.result()) as ClusterSpec;
    say(
      `spec valid: cluster ${result.name}, ${result.mdmMode}-node MDM, PD ${result.protectionDomain} / SP ${result.storagePool}`
    );

    say('waiting for the bridge to report every agent to the cluster supervisor...');
    const supervisor = client.workflow.getHandle(workflowIds.supervisor(cluster));
    let shown = -1;
    for (;;) {
      const members = await supervisor.query(membersQuery).catch(() => []);
      const present = members.filter((m) => m.status === 'present').length;
      if (present !== shown)
        say(
          `supervisor ${workflowIds.supervisor(cluster)}: ${present} of ${world.mesos.agents().length} agents present`
        );
      shown = present;
      if (present >= agents) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    say('probing node-1 through the bridge (workflow probeNode)...');
    const facts = await client.workflow.execute('probeNode', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: workflowIds.probe(cluster, 'node-1'),
      args: [{ cluster, hostname: 'node-1' }],
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    });
    const f = facts as { os: { prettyName: string | null; family: string }; freeDevices: string[] };
    say(`node-1: ${f.os.prettyName ?? f.os.family}; devices ScaleIO may take: ${f.freeDevices.join(', ') || 'none'}`);
    say(`Temporal UI: ${server.uiUrl}/namespaces/default/workflows`);
    if (once) return await shutdown();
    say(
      `simulator control: ${world.controlUrl} — try \`npm run sim-ctl -- add-agent\` and watch the supervisor's members`
    );
    say('running; press Ctrl-C to stop.');
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      const present = (await supervisor.query(membersQuery).catch(() => [])).filter(
        (m) => m.status === 'present'
      ).length;
      if (present !== shown) say(`supervisor: ${present} agents present`);
      shown = present;
    }
  } catch (err) {
    await shutdown();
    throw err;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
