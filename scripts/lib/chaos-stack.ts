// One chaos run's stack: a fresh simulated world and cluster name, the bridge and the scaleio worker as their own
// processes (so either can be killed with SIGKILL and started again), built on the e2e test helpers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from './child';
import { waitFor, startBridgeProcess, type BridgeProcess } from '../../test/support/bridge-process';
import { ADMIN_PASSWORD, startStack, startWorkerProcess, type Stack } from '../../test/support/stack';
import { uniqueName } from '../../test/support/temporal';
import type { WorldOptions } from '../../sim/world';

export interface ChaosStackOptions {
  agents: number;
  /** Extra master options (e.g. offerTimeoutMs for offer rescinds). */
  mesos?: WorldOptions['mesos'];
  /** Per-call gateway timeout of the worker, short so that a hanging gateway times out within a run. */
  gatewayTimeoutMs?: number;
}

export interface ChaosStack {
  stack: Stack;
  cluster: string;
  bridge(): BridgeProcess;
  killWorker(): Promise<void>;
  startWorker(): void;
  killBridge(): Promise<void>;
  startBridge(): Promise<void>;
  /** Lines the worker processes printed (their errors). */
  workerOutput: string[];
  stop(): Promise<void>;
}

const BRIDGE_ENV = { SCALEIO_ADMIN_PASSWORD: ADMIN_PASSWORD, MESOS_DISCOVERY_INTERVAL_S: '1' };

async function sigkill(child: Child): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((r) => child.proc.once('exit', r));
  child.proc.kill('SIGKILL');
  await exited;
}

export async function startChaosStack(prefix: string, opts: ChaosStackOptions): Promise<ChaosStack> {
  const cluster = uniqueName(prefix);
  const stack = await startStack(cluster, {
    agents: opts.agents,
    inProcessWorker: false,
    ...(opts.mesos ? { mesos: opts.mesos } : {}),
  });
  const dir = mkdtempSync(join(tmpdir(), 'chaos-worker-'));
  const workerOutput: string[] = [];
  const env = { SCALEIO_GATEWAY_TIMEOUT_MS: String(opts.gatewayTimeoutMs ?? 3000) };
  const spawnWorker = () => startWorkerProcess(stack.world, dir, { env, onLine: (l) => workerOutput.push(l) });
  let worker: Child | undefined = spawnWorker();
  let bridge = stack.bridge;
  let bridgeRestarted = false;
  return {
    stack,
    cluster,
    bridge: () => bridge,
    workerOutput,
    async killWorker() {
      if (worker) await sigkill(worker);
      worker = undefined;
    },
    startWorker() {
      worker = spawnWorker();
    },
    killBridge: () => sigkill(bridge),
    async startBridge() {
      // The same state dir: the new bridge re-subscribes with the persisted FrameworkID and reconciles.
      bridge = await startBridgeProcess({
        masterUrl: stack.world.masterUrl,
        cluster,
        stateDir: bridge.stateDir,
        env: BRIDGE_ENV,
      });
      bridgeRestarted = true;
      await waitFor(
        'the restarted bridge to subscribe',
        () => bridge.health(),
        (h) => h.ok
      );
    },
    async stop() {
      await worker?.stop();
      if (bridgeRestarted) await bridge.stop();
      await stack.stop();
    },
  };
}
