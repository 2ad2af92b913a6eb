// `npm run demo [-- --once] [--free-ports] [--data-dir DIR] [--agents N] [--fault NAME:k=v,…]`: a real Temporal
// dev server with its web UI, a simulated datacenter (Mesos master + agents + ScaleIO gateway), the mesos-bridge
// and the scaleio worker as their own processes. It bootstraps the example cluster (docs/examples/cluster-spec.json)
// and shows its progress, then stays up so the operator can add agents (`npm run sim-ctl -- add-agent`) and watch
// the supervisor on-board them. `--once` (or CI=true) exits 0 once the cluster is built and every agent on-boarded.
// `--fault` (repeatable) sets a simulator fault as the world starts, e.g. `gateway-fail:count=3,status=503`, so the
// operator sees the retries in the UI; the histories stay in DIR/temporal.sqlite after exit.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { codecFromConfig, encryptedDataConverter, startCodecServer, type CodecServer } from '../common/codec';
import { loadConfig } from '../common/config';
import { membersQuery, progressQuery } from '../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../common/names';
import type { Progress } from '../common/progress';
import { startWorld, type World } from '../sim/world';
import type { BootstrapReport } from '../workflows/bootstrap-cluster';
import { startTsProcess } from './lib/child';
import { faultOptions } from './lib/fault-option';
import { REPO_ROOT, startDevServer } from './lib/temporal-dev-server';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const once = flag('--once') || process.env.CI === 'true';
const dataDir = resolve(option('--data-dir') ?? join(REPO_ROOT, '.data'));
const agents = Number(option('--agents') ?? 6);
/** The demo's 3-node MDM cluster: a gateway on each MDM node. */
const DEMO_GATEWAYS = 3;
const say = (line: string) => process.stdout.write(`demo: ${line}\n`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The example spec, pointed at the simulated package repository. */
function demoSpec(world: World): Record<string, unknown> & { name: string } {
  const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/examples/cluster-spec.json'), 'utf8')) as Record<
    string,
    unknown
  > & { name: string; packages: Record<string, unknown> };
  return {
    ...spec,
    packages: { ...spec.packages, repository: world.packages.dirs.scaleio },
    volumeDriver: {
      repository: world.packages.dirs.rexray,
      isolatorUrl: `${world.packages.dirs.isolator}libmesos_dvdi_isolator-1.0.1.so`,
    },
  };
}

/** One line per change: phase and step counts, never the whole tree. */
function progressLine(p: Progress): string {
  const waiting = p.phases.flatMap((ph) => ph.steps).find((s) => s.status === 'WAITING' || s.status === 'ERROR');
  const why = waiting?.reason ? ` — ${waiting.name}: ${waiting.reason}` : '';
  return `bootstrap ${p.status.toLowerCase()}: phase ${p.phase}, ${p.done}/${p.total} steps${why}`;
}

async function main(): Promise<void> {
  if (!Number.isInteger(agents) || agents < 3 || agents > 1000)
    throw new Error(`--agents must be a whole number from 3 to 1000 (a 3-node MDM cluster needs 3)`);
  const faults = faultOptions(args);
  mkdirSync(dataDir, { recursive: true });
  // Payload encryption is on when keys are configured (the worker and bridge inherit the same settings), and
  // then the UI gets a codec server so the operator still reads every input and result.
  const codecConfig = loadConfig().codec;
  const codec = codecFromConfig(codecConfig);
  let codecServer: CodecServer | undefined;
  if (codec) {
    codecServer = await startCodecServer({
      codec,
      port: flag('--free-ports') ? 0 : codecConfig.server.port,
      corsOrigins: codecConfig.server.corsOrigins,
    });
    say(`payloads are encrypted (key id ${codec.keyId}); codec server for the UI: ${codecServer.url}`);
  } else say('payloads are not encrypted (set SCALEIO_CODEC_KEYS_FILE or SCALEIO_CODEC_KEY to encrypt them)');
  say(`starting the Temporal dev server (SQLite in ${dataDir}, web UI)...`);
  const server = await startDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    freePorts: flag('--free-ports'),
    logFile: join(dataDir, 'temporal.log'),
    ...(codecServer ? { uiCodecEndpoint: codecServer.url } : {}),
  });
  if (codecServer && server.uiUrl) codecServer.allowOrigin(server.uiUrl);
  say(`starting a simulated datacenter with ${agents} agents...`);
  // One gateway per MDM node, as the bootstrap installs them: the worker gets all of them and fails over.
  const world = await startWorld({
    agents,
    faults,
    gatewayEndpoints: DEMO_GATEWAYS,
    rebootDelayMs: 1000,
    mesos: { allocationIntervalMs: 200 },
  });
  for (const f of faults) say(`fault set: ${f.name} ${JSON.stringify(f.params)}`);
  writeFileSync(
    join(dataDir, 'sim.json'),
    JSON.stringify(
      {
        masterUrl: world.masterUrl,
        gatewayUrl: world.gatewayUrl,
        gatewayUrls: world.gatewayUrls,
        controlUrl: world.controlUrl,
      },
      null,
      2
    )
  );
  // The admin password of this run: in a file for the worker, in the bridge's environment for the install steps.
  const password = randomBytes(12).toString('base64url');
  const passwordFile = join(dataDir, 'gateway-password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const caFile = join(dataDir, 'gateway-ca.pem');
  if (world.gatewayCa) writeFileSync(caFile, world.gatewayCa);

  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, ...(codec ? { dataConverter: encryptedDataConverter(codec) } : {}) });
  const spec = demoSpec(world);
  const cluster = spec.name;
  // The spec as this run uses it (the simulator's package URLs), for the README's CLI examples.
  writeFileSync(join(dataDir, 'cluster-spec.json'), `${JSON.stringify(spec, null, 2)}\n`);
  // The simulated world is new each run, so last run's workflows (and the bridge's FrameworkID) describe agents
  // that no longer exist.
  for (const id of [workflowIds.supervisor(cluster), workflowIds.bootstrap(cluster)]) {
    await client.workflow
      .getHandle(id)
      .terminate('a new simulated world started')
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
  }
  const bridgeState = join(dataDir, 'bridge-state');
  rmSync(bridgeState, { recursive: true, force: true });
  mkdirSync(bridgeState, { recursive: true });

  const env = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    // Progress is shown here and every step is in the workflow histories; the processes report only errors.
    SCALEIO_LOG_LEVEL: 'error',
    SCALEIO_CLUSTER: cluster,
  };
  const worker = startTsProcess('worker', 'workers/main.ts', {
    ...env,
    SCALEIO_GATEWAY_URL: world.gatewayUrls.join(','),
    SCALEIO_GATEWAY_PASSWORD_FILE: passwordFile,
    ...(world.gatewayCa ? { SCALEIO_GATEWAY_CA_FILE: caFile } : {}),
  });
  const bridge = startTsProcess('bridge', 'mesos-bridge/main.ts', {
    ...env,
    MESOS_MASTERS: world.masterUrl,
    SCALEIO_STATE_DIR: bridgeState,
    SCALEIO_ADMIN_PASSWORD: password,
    MESOS_DISCOVERY_INTERVAL_S: '5',
  });
  const shutdown = async () => {
    await Promise.all([bridge.stop(), worker.stop()]);
    await connection.close();
    await world.close();
    await server.stop();
    await codecServer?.close();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(143)));
  try {
    say(`Temporal UI: ${server.uiUrl}/namespaces/default/workflows`);
    const workflowId = workflowIds.bootstrap(cluster);
    say(`bootstrapping cluster ${cluster} from docs/examples/cluster-spec.json (workflow ${workflowId})...`);
    const handle = await client.workflow.start('bootstrapCluster', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId,
      args: [spec],
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    });
    let shown = '';
    const show = async () => {
      const p = await handle.query(progressQuery).catch(() => undefined);
      const line = p && progressLine(p);
      if (line && line !== shown) say(line);
      shown = line ?? shown;
    };
    const result = handle.result() as Promise<BootstrapReport>;
    let done = false;
    void result.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      await show();
      await pause(1000);
    }
    const report = await result;
    const roles = report.mdms.map((m) => `${m.role} ${m.hostname} (${m.ip})`).join(', ');
    say(
      `cluster ${report.cluster} built: MDMs ${roles}; PD ${spec.protectionDomain as string} / SP ${spec.storagePool as string}`
    );
    say(
      `${report.dataNodes.filter((d) => d.onboarded).length} of ${report.dataNodes.length} data nodes on-boarded by the bootstrap`
    );

    const supervisor = client.workflow.getHandle(workflowIds.supervisor(cluster));
    let last = '';
    const watch = async (): Promise<boolean> => {
      const members = await supervisor.query(membersQuery).catch(() => []);
      const total = world.mesos.agents().length;
      const onboarded = members.filter((m) => m.onboarding === 'done').length;
      const failed = members.filter((m) => m.onboarding === 'failed');
      const line = `supervisor: ${onboarded} of ${total} agents on-boarded${failed.length ? `, failed: ${failed.map((m) => `${m.hostname} (${m.lastReason ?? '?'})`).join('; ')}` : ''}`;
      if (line !== last) say(line);
      last = line;
      return onboarded === total;
    };
    while (!(await watch())) await pause(1000);
    if (once) return await shutdown();
    say(`simulator control: ${world.controlUrl} — try \`npm run sim-ctl -- add-agent\` and watch it on-board`);
    say(
      `the worker knows ${world.gatewayUrls.length} gateways: \`npm run sim-ctl -- gateway-down endpoint=0\` and it fails over`
    );
    say('running; press Ctrl-C to stop.');
    for (;;) {
      await pause(2000);
      await watch();
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
