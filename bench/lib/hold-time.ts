// How long the bridge holds offers nobody wants: the real BridgeCore (SchedulerClient → AgentTracker + OfferBook)
// subscribed over HTTP to a simulated master in another process. Nothing is pending, so every offer is declined;
// the OfferBook's own statistics time each one from the OFFERS event reaching it to the master's 202 for the
// DECLINE. Discovery windows (REVIVE, which also clears our decline filters, then SUPPRESS) come every second
// here instead of every 30 s, so each window brings a fresh offer from every agent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBridgeCore } from '../../mesos-bridge/core';
import { MemoryFrameworkIdStore } from '../../mesos-bridge/scheduler';
import { startSimMasterChild } from './sim-master-child';

export interface HoldTimes {
  medianMs: number;
  maxMs: number;
  declined: number;
  samples: number;
}

export async function offerHoldTimes(agents: number, windows: number): Promise<HoldTimes> {
  const master = await startSimMasterChild(agents, 100);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-bridge-hold-'));
  const core = createBridgeCore(
    {
      masters: [master.url],
      format: 'protobuf',
      frameworkInfo: { name: 'bench-bridge', user: 'root', roles: ['scaleio'] },
      frameworkIdStore: new MemoryFrameworkIdStore(),
    },
    { stateDir, offers: { discoveryIntervalMs: 1000, discoveryWindowMs: 300 } }
  );
  try {
    await core.start();
    const want = agents * windows;
    const deadline = Date.now() + 60_000;
    while (core.offers.metrics().declined < want) {
      if (Date.now() > deadline) throw new Error(`only ${core.offers.metrics().declined} of ${want} offers declined`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const m = core.offers.metrics();
    if (m.used > 0 || m.callErrors > 0) throw new Error(`unexpected: used=${m.used} callErrors=${m.callErrors}`);
    return { medianMs: m.holdMs.median, maxMs: m.holdMs.max, declined: m.declined, samples: m.holdMs.samples };
  } finally {
    await core.close();
    await master.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
