// Records one history of each procedure for the replay test (test/workflow/replay.test.ts), which replays them
// against the current workflow code so a change that breaks determinism fails CI.
//
//   npx tsx scripts/record-histories.ts
//
// Record anew, and commit the new recording with the change, only after an intentional workflow change guarded by
// patched() once the replay test has shown that the old fixtures still replay with it, or when a procedure is
// added. Never to silence a failing replay test: that failure is the bug the test exists to catch.
//
// What runs: a fresh Temporal dev server (free ports, temp dir), the simulated world with 4 agents, the real bridge
// process and an in-process scaleio worker (test/support/stack.ts). The run: validate a spec, bootstrap a 3-node
// cluster on the 4 agents, add an agent (the supervisor on-boards it with an onboardAgent child), probe a node,
// add a disk to the new node, decommission it. Each history is written to test/fixtures/histories/<NNN>/<type>.json
// (workflow id, type and the history's events, one per line; see strip() for what is left out), NNN being the
// next number. Earlier recordings stay: the replay test replays them all, as runs begun then may still be running.
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { exitMaintenanceSignal, membersQuery } from '../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../common/names';
import { startStack, type Stack } from '../test/support/stack';
import * as workflows from '../workflows';
import { startDevServer } from './lib/temporal-dev-server';

const FIXTURES_DIR = resolve(__dirname, '../test/fixtures/histories');

/** The next recording's directory: one past the highest numbered one. */
function nextRecordingDir(): string {
  const taken = readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{3}$/.test(d.name))
    .map((d) => Number(d.name));
  return join(FIXTURES_DIR, String(Math.max(0, ...taken) + 1).padStart(3, '0'));
}
const OUT_DIR = nextRecordingDir();
const CLUSTER = 'recorded';

type WorkflowType = keyof typeof workflows;

interface Recording {
  type: WorkflowType;
  workflowId: string;
}

const DROP = ['identity', 'workerVersion'];

/**
 * Drops what replay never reads: worker identities and build ids (they name the recording machine), and the
 * inputs of scheduled activities (Temporal's determinism check compares activity types and ids, not inputs; the
 * activities' results, which the workflow code reads, stay).
 */
function strip(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v));
  if (typeof value !== 'object' || value === null) return value;
  const dropped = key === 'activityTaskScheduledEventAttributes' ? DROP.concat('input') : DROP;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !dropped.includes(k))
      .map(([k, v]) => [k, strip(v, k)])
  );
}

async function save(client: Client, rec: Recording): Promise<number> {
  const history = await client.workflow.getHandle(rec.workflowId).fetchHistory();
  // The generated message's own plain-object form (read back with History.fromObject). Not historyToJSON: with
  // several copies of protobufjs installed (see the replay test) it throws "type must be a Type".
  const plain = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.create(history), {
    longs: String,
    enums: String,
    bytes: String,
  });
  const events = (strip(plain) as { events: unknown[] }).events;
  // One event per line: small diffs when a fixture is re-recorded, and no formatter rewrites it (.prettierignore).
  const text =
    `{"workflowId":${JSON.stringify(rec.workflowId)},"workflowType":${JSON.stringify(rec.type)},"history":{"events":[\n` +
    `${events.map((e) => JSON.stringify(e)).join(',\n')}\n]}}\n`;
  writeFileSync(join(OUT_DIR, `${rec.type}.json`), text);
  return events.length;
}

async function waitUntil<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 180_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'scaleio-record-'));
  const server = await startDevServer({
    dbFile: join(dir, 'temporal.sqlite'),
    freePorts: true,
    headless: true,
    logFile: join(dir, 'temporal.log'),
  });
  const stops: (() => Promise<void>)[] = [() => server.stop()];
  try {
    const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quiet });
    const bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle.code);
    // test/support reads the server and the bundle from the environment (as jest's global setup sets it).
    Object.assign(process.env, {
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      SCALEIO_TEST_TEMPORAL_HTTP: server.httpUrl,
      SCALEIO_TEST_BUNDLE: bundlePath,
      SCALEIO_TEST_DIR: dir,
    });
    const stack = await startStack(CLUSTER, { agents: 4 });
    stops.push(() => stack.stop());
    const recordings = await run(stack);
    mkdirSync(OUT_DIR, { recursive: true });
    for (const type of Object.keys(workflows) as WorkflowType[]) {
      const rec = recordings.find((r) => r.type === type);
      if (!rec) {
        process.stderr.write(`record: no recording of ${type}; add one to scripts/record-histories.ts\n`);
        process.exitCode = 1;
        continue;
      }
      const n = await save(stack.worker.client, rec);
      process.stdout.write(`record: ${type} ${rec.workflowId} events=${n}\n`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => process.stderr.write(`stop: ${e}\n`));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs each procedure once, as an operator (or the system) would; every one must complete. */
async function run(stack: Stack): Promise<Recording[]> {
  const { client } = stack.worker;
  const { world } = stack;
  const recordings: Recording[] = [];
  const execute = async (type: WorkflowType, workflowId: string, input: unknown): Promise<unknown> => {
    process.stdout.write(`record: running ${type}\n`);
    const result: unknown = await client.workflow.execute(type, {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId,
      args: [input],
    });
    recordings.push({ type, workflowId });
    return result;
  };
  const supervisor = client.workflow.getHandle(workflowIds.supervisor(CLUSTER));
  const onboarded = (hosts: number) =>
    waitUntil(
      `${hosts} members on-boarded`,
      () => supervisor.query(membersQuery),
      (ms) => ms.length === hosts && ms.every((m) => m.onboarding === 'done')
    );

  await execute('validateClusterSpec', workflowIds.validateSpec(CLUSTER), stack.spec());
  await execute('bootstrapCluster', workflowIds.bootstrap(CLUSTER), stack.spec({ waitForAgentsMinutes: 3 }));
  await onboarded(4);

  // An agent that joins later: the supervisor on-boards it with a child; that child is the onboardAgent fixture.
  const added = await world.addAgent();
  await onboarded(5);
  const onboardId = workflowIds.onboard(CLUSTER, added);
  await client.workflow.getHandle(onboardId).result();
  recordings.push({ type: 'onboardAgent', workflowId: onboardId });

  await execute('probeNode', workflowIds.probe(CLUSTER, 'node-2'), { cluster: CLUSTER, hostname: 'node-2' });

  // Data motion is simulated time: tick it along so rebalance and migration take seconds, not hours.
  const ticker = setInterval(() => world.cluster.tick(20_000), 100);
  try {
    await world.fault('add-disk', { hostname: added, path: '/dev/sdd' });
    await execute('addDevice', workflowIds.device(CLUSTER, added, '/dev/sdd'), {
      cluster: CLUSTER,
      hostname: added,
      path: '/dev/sdd',
    });
    await execute('decommissionNode', workflowIds.decommission(CLUSTER, added), {
      cluster: CLUSTER,
      hostname: added,
      confirm: `decommission ${added}`,
    });
  } finally {
    clearInterval(ticker);
  }

  await execute('rollingUpgrade', `${workflowIds.upgrade(CLUSTER, '2.0-12000.122')}/dry-run`, {
    cluster: CLUSTER,
    targetVersion: '2.0-12000.122',
    dryRun: true,
  });

  // Maintenance for hardware work: enter, the operator's signal, exit (simulated time ticks the resync along).
  const resync = setInterval(() => world.cluster.tick(20_000), 100);
  const maintenanceId = `scaleio/${CLUSTER}/node/node-2/maintenance`;
  const maintenance = await client.workflow.start('nodeMaintenance', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: maintenanceId,
    args: [{ cluster: CLUSTER, hostname: 'node-2', confirm: 'maintenance node-2' }],
  });
  await waitUntil(
    'node-2 in maintenance',
    async () =>
      world.cluster.snapshot().sds.find((x) => x.ipList.some((i) => i.ip === world.registry.get('node-2').ip)),
    (sds) => sds?.maintenanceState === 'InMaintenance'
  );
  await maintenance.signal(exitMaintenanceSignal);
  await maintenance.result().finally(() => clearInterval(resync));
  recordings.push({ type: 'nodeMaintenance', workflowId: maintenanceId });

  // The supervisor and the health monitor never end by themselves; terminated, their histories replay to the end.
  const monitor = client.workflow.getHandle(workflowIds.health(CLUSTER));
  await monitor.terminate('histories recorded');
  recordings.push({ type: 'healthMonitor', workflowId: monitor.workflowId });
  await supervisor.terminate('histories recorded');
  recordings.push({ type: 'clusterSupervisor', workflowId: supervisor.workflowId });
  const reboots = client.workflow.getHandle(workflowIds.reboots(CLUSTER));
  await reboots.terminate('histories recorded');
  recordings.push({ type: 'rebootCoordinator', workflowId: reboots.workflowId });
  return recordings;
}

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => process.stderr.write(`bundle: ${m}\n`),
  error: (m: string) => process.stderr.write(`bundle: ${m}\n`),
};

main().catch((err: unknown) => {
  process.stderr.write(`record: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
