// Memory of the real bridge process against a simulated master in another process and a Temporal dev server:
// once idle with no agents (the baseline), once with every agent of a large fleet known (its
// `scaleio_bridge_agents` gauge). The pid measured is the node process itself. The supervisor signals for the new
// agents are still being sent then; the bench does not wait for them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/ports';
import type { DevServer } from '../../scripts/lib/temporal-dev-server';
import { startNodeChild } from './node-child';
import { procMemory, type ProcMemory } from './proc-memory';
import { startSimMasterChild } from './sim-master-child';

export interface BridgeMemory extends ProcMemory {
  agents: number;
  /** Seconds from the bridge's start until it was subscribed and knew every agent. */
  seenAfterS: number;
  /** The bridge's own offer hold statistics once every first offer was declined (its /metrics). */
  holdMedianMs: number;
  holdMaxMs: number;
  /** Supervisor signals delivered by the time of the reading (the rest were still queued). */
  signalsSent: number;
  /** RSS `laterMs` after the first reading, while the supervisor signals go out (NaN when not asked for). */
  laterRssMb: number;
  /** Seconds the bridge took to exit after SIGTERM, and whether it had to be killed after 10 s. */
  stopS: number;
  stopKilled: boolean;
}

/** One sample of the bridge's /metrics, `name` with its labels, e.g. `x_total{outcome="declined"}`. */
async function metric(url: string, name: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  } catch {
    return undefined; // not listening yet
  }
}

async function subscribed(url: string): Promise<boolean> {
  try {
    return ((await (await fetch(`${url}/health`)).json()) as { ok?: boolean }).ok === true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the bridge (`nodeArgs`, e.g. `--import tsx mesos-bridge/main.ts`) against a fresh simulated master with
 * `agents` agents; reads its memory `settleMs` after it knows them all (and again `laterMs` after that), then
 * stops it and the master.
 */
export async function bridgeMemory(
  temporal: DevServer,
  nodeArgs: string[],
  agents: number,
  settleMs: number,
  laterMs = 0
): Promise<BridgeMemory> {
  const master = await startSimMasterChild(agents, 1000);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-bridge-state-'));
  const port = await freePort();
  const output: string[] = [];
  const env = {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    MESOS_MASTERS: master.url,
    SCALEIO_CLUSTER: `bench-${agents}-${port}`,
    SCALEIO_STATE_DIR: stateDir,
    SCALEIO_BRIDGE_METRICS_PORT: String(port),
    SCALEIO_LOG_LEVEL: 'warn',
  };
  const bridge = startNodeChild(nodeArgs, env, (line) => {
    if (output.length < 20) output.push(line);
  });
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const deadline = Date.now() + 180_000;
  const waitUntil = async (what: string, ok: () => Promise<boolean>): Promise<void> => {
    while (!(await ok())) {
      if (bridge.proc.exitCode !== null) throw new Error(`bridge exited early:\n${output.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`bridge: no ${what} within 180 s`);
      await sleep(250);
    }
  };
  try {
    await waitUntil('subscription', () => subscribed(url));
    await waitUntil(`${agents} agents`, async () => ((await metric(url, 'scaleio_bridge_agents')) ?? -1) >= agents);
    const seenAfterS = (performance.now() - started) / 1000;
    if (settleMs > 0) await sleep(settleMs);
    const mem = procMemory(bridge.proc.pid as number);
    // Hold times count an offer once its DECLINE was answered, a moment after the agents are known.
    await waitUntil(
      'declines',
      async () => ((await metric(url, 'scaleio_bridge_offers_total{outcome="declined"}')) ?? 0) >= agents
    );
    if (laterMs > 0) await sleep(laterMs);
    const figures = {
      ...mem,
      laterRssMb: laterMs > 0 ? procMemory(bridge.proc.pid as number).rssMb : NaN,
      agents,
      seenAfterS,
      holdMedianMs: (await metric(url, 'scaleio_bridge_offer_hold_ms_median')) ?? NaN,
      holdMaxMs: (await metric(url, 'scaleio_bridge_offer_hold_ms_max')) ?? NaN,
      signalsSent: (await metric(url, 'scaleio_bridge_signals_sent_total')) ?? NaN,
    };
    const stopping = performance.now();
    const { killed } = await bridge.stop();
    return { ...figures, stopS: (performance.now() - stopping) / 1000, stopKilled: killed };
  } finally {
    await bridge.stop();
    await master.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
