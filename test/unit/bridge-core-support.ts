// Shared helpers of the bridge-core tests: a simulated cluster with fast intervals, and bridges
// (SchedulerClient + BridgeCore) on a state dir, all closed in teardown.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BridgeCoreOptions, createBridgeCore, type BridgeCore } from '../../mesos-bridge/core';
import { FileFrameworkIdStore } from '../../mesos-bridge/state/framework-store';
import { type AgentSpec, type SimMesosCluster, startMesosMaster } from '../../sim/mesos';

export const AGENTS: AgentSpec[] = [
  { hostname: 'node-1', os: { family: 'ubuntu', version: '16.04' }, cpus: 4, memMb: 4096 },
  { hostname: 'node-2', os: { family: 'rhel', version: '7.4' }, cpus: 4, memMb: 4096, rack: 'r2' },
  { hostname: 'node-3', os: { family: 'centos', version: '7.3' }, cpus: 2, memMb: 1024 },
];

export function startSim(agents: AgentSpec[] = AGENTS): Promise<SimMesosCluster> {
  return startMesosMaster({
    agents,
    allocationIntervalMs: 50,
    statusUpdateRetryMs: 100,
    statusUpdateRetryMaxMs: 400,
    killGracePeriodMs: 200,
  });
}

export class Bridges {
  private readonly cores: BridgeCore[] = [];
  private readonly dirs: string[] = [];

  stateDir(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bridge-core-'));
    this.dirs.push(dir);
    return dir;
  }

  /** A bridge core (not started) on the master, keeping its FrameworkID and task table in stateDir. */
  create(masterUrl: string, stateDir: string, extra: Partial<BridgeCoreOptions> = {}): BridgeCore {
    const core = createBridgeCore(
      {
        masters: [masterUrl],
        frameworkInfo: { name: 'bridge-core-test', user: 'root', roles: ['scaleio'] },
        frameworkIdStore: new FileFrameworkIdStore(stateDir),
        reconnectBackoff: { initialMs: 10, maxMs: 100 },
        callTimeoutMs: 5000,
      },
      {
        stateDir,
        offerWaitTimeoutMs: 10_000,
        killWaitMs: 3000,
        reconcileRetryMs: 200,
        reconcileRetryMaxMs: 1000,
        offers: { suppressDelayMs: 20, discoveryWindowMs: 200 },
        ...extra,
      }
    );
    this.cores.push(core);
    return core;
  }

  async start(masterUrl: string, stateDir: string, extra: Partial<BridgeCoreOptions> = {}): Promise<BridgeCore> {
    const core = this.create(masterUrl, stateDir, extra);
    await core.start();
    return core;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.cores.splice(0).map((c) => c.close()));
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** Polls `check` on the event loop until it holds (jest's timeout bounds the wait). */
export async function until(check: () => boolean, everyMs = 20): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, everyMs));
}

export const RES = { cpus: 0.1, memMb: 64 };

/** A fresh simulated master and bridge registry for every test of the enclosing block, closed after it. */
export function simulatedMasterPerTest(agents: AgentSpec[] = AGENTS): {
  readonly mesos: SimMesosCluster;
  bridges: Bridges;
} {
  let mesos: SimMesosCluster | undefined;
  const bridges = new Bridges();
  beforeEach(async () => {
    mesos = await startSim(agents);
  });
  afterEach(async () => {
    await bridges.closeAll();
    await mesos?.close();
  });
  return {
    get mesos(): SimMesosCluster {
      if (!mesos) throw new Error('the simulated master exists only inside a test');
      return mesos;
    },
    bridges,
  };
}
