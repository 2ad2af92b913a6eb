// The whole product on loopback for e2e tests: a simulated world, the real bridge process, and an in-process
// scaleio worker whose gateway client talks to the world's gateway with the cluster's admin password.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { GatewayClient } from '../../activities/gateway';
import { dataConverterFromConfig } from '../../common/codec';
import { validateClusterSpec, type ClusterSpec } from '../../common/spec';
import { startWorld, type World, type WorldOptions } from '../../sim/world';
import { startTsProcess, type Child } from '../../scripts/lib/child';
import { startBridgeProcess, waitFor, type BridgeProcess } from './bridge-process';
import { connectClient, startScaleioWorker, testServer } from './temporal';
import { runScaleioWorker, type Running } from './worker-lifecycle';

export const ADMIN_PASSWORD = 'Sc4leIO-test-pw';

export interface Stack {
  cluster: string;
  world: World;
  bridge: BridgeProcess;
  worker: Running;
  gateway: GatewayClient;
  /** Set when the stack encrypts payloads (StackOptions.codecKeysFile): for more clients of the test. */
  dataConverter?: DataConverter;
  /** A cluster spec (raw, as an operator writes it) pointing at the world's package repository. */
  spec(overrides?: Record<string, unknown>): Record<string, unknown>;
  stop(): Promise<void>;
}

/** Terminates the cluster's running workflows (found by their ScaleioCluster search attribute). */
async function terminateClusterWorkflows(client: Client, cluster: string): Promise<void> {
  const running = client.workflow.list({ query: `ScaleioCluster = "${cluster}" AND ExecutionStatus = "Running"` });
  for await (const wf of running) {
    await client.workflow
      .getHandle(wf.workflowId, wf.runId)
      .terminate('the test stack is stopping')
      .catch(() => undefined); // already ended since the list was read
  }
}

export function specFor(
  cluster: string,
  world: World,
  overrides: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    name: cluster,
    mdmMode: 3,
    protectionDomain: 'pd1',
    storagePool: 'sp1',
    passwordRef: 'env:SCALEIO_ADMIN_PASSWORD',
    packages: { repository: world.packages.dirs.scaleio },
    volumeDriver: {
      repository: world.packages.dirs.rexray,
      isolatorUrl: `${world.packages.dirs.isolator}libmesos_dvdi_isolator-1.0.1.so`,
    },
    ...overrides,
  };
}

export function normalizedSpec(raw: Record<string, unknown>): ClusterSpec {
  const r = validateClusterSpec(raw);
  if (!r.ok) throw new Error(`bad test spec: ${JSON.stringify(r.problems)}`);
  return r.spec;
}

export interface StackOptions extends WorldOptions {
  inProcessWorker?: boolean;
  /** Encrypt payloads (common/codec) with this keys file: the test client, in-process worker and bridge use it. */
  codecKeysFile?: string;
  /** More environment for the bridge process (e.g. MESOS_PRINCIPAL and MESOS_SECRET_FILE). */
  bridgeEnv?: Record<string, string>;
}

export async function startStack(cluster: string, opts: StackOptions = {}): Promise<Stack> {
  const dataConverter = opts.codecKeysFile ? dataConverterFromConfig({ keysFile: opts.codecKeysFile }) : undefined;
  const world = await startWorld({ rebootDelayMs: 300, ...opts, mesos: { allocationIntervalMs: 100, ...opts.mesos } });
  const gateway = new GatewayClient({
    url: world.gatewayUrls.join(','),
    user: 'admin',
    password: ADMIN_PASSWORD,
    ...(world.gatewayCa ? { ca: world.gatewayCa } : {}),
    timeoutMs: 5000,
  });
  // Without the in-process worker the test runs workers/main.ts itself (startWorkerProcess), to kill it.
  const worker =
    opts.inProcessWorker === false
      ? await clientOnly(dataConverter)
      : dataConverter
        ? await runEncryptingWorker(gateway, dataConverter)
        : await runScaleioWorker({ gateway });
  const bridge = await startBridgeProcess({
    masterUrl: world.masterUrl,
    cluster,
    env: { SCALEIO_ADMIN_PASSWORD: ADMIN_PASSWORD, MESOS_DISCOVERY_INTERVAL_S: '1', ...opts.bridgeEnv },
    ...(opts.codecKeysFile ? { codecKeysFile: opts.codecKeysFile } : {}),
  });
  const stop = async () => {
    // The e2e files share a task queue: a workflow left running here (a supervisor, a monitor) would otherwise
    // have its activities run by a later file's worker, against that file's world.
    await terminateClusterWorkflows(worker.client, cluster).catch((err: unknown) =>
      process.stderr.write(`stack: could not end ${cluster}'s workflows: ${String(err)}\n`)
    );
    await bridge.stop();
    await worker.stop();
    await gateway.close();
    await world.close();
  };
  try {
    await waitFor(
      'the bridge to subscribe',
      () => bridge.health(),
      (h) => h.ok
    );
  } catch (err) {
    // Leave nothing running, and say what the bridge printed.
    const said = bridge.output.slice(-5).join('\n');
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}; the bridge said:\n${said}`);
  }
  return {
    cluster,
    world,
    bridge,
    worker,
    gateway,
    ...(dataConverter ? { dataConverter } : {}),
    spec: (overrides) => specFor(cluster, world, overrides),
    stop,
  };
}

/**
 * The scaleio worker as its own process (`workers/main.ts`), configured for the world's gateway, to kill -9.
 * `env` adds settings (e.g. SCALEIO_CODEC_KEYS_FILE); `onLine` captures its output instead of echoing it.
 */
export function startWorkerProcess(
  world: World,
  dir: string,
  opts: { env?: Record<string, string>; onLine?: (line: string) => void } = {}
): Child {
  const passwordFile = join(dir, 'gateway-password');
  writeFileSync(passwordFile, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
  const caFile = join(dir, 'gateway-ca.pem');
  if (world.gatewayCa) writeFileSync(caFile, world.gatewayCa);
  return startTsProcess(
    'worker',
    'workers/main.ts',
    {
      TEMPORAL_ADDRESS: testServer.address,
      TEMPORAL_NAMESPACE: 'default',
      SCALEIO_LOG_LEVEL: 'error',
      SCALEIO_GATEWAY_URL: world.gatewayUrl,
      SCALEIO_GATEWAY_PASSWORD_FILE: passwordFile,
      ...(world.gatewayCa ? { SCALEIO_GATEWAY_CA_FILE: caFile } : {}),
      ...opts.env,
    },
    opts.onLine
  );
}

async function clientOnly(dataConverter?: DataConverter): Promise<Running> {
  const { client, close } = await connectClient(dataConverter ? { dataConverter } : {});
  return { client, stop: close };
}

/** runScaleioWorker with payload encryption: the client its activities use and the worker share the converter. */
async function runEncryptingWorker(gateway: GatewayClient, dataConverter: DataConverter): Promise<Running> {
  const { client, close } = await connectClient({ dataConverter });
  const { worker, connection } = await startScaleioWorker({ temporal: client, gateway }, { dataConverter });
  const running = worker.run();
  return {
    client,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await close();
    },
  };
}
