// bench bridge: the mesos-bridge's offer path and footprint, each against a baseline measured in this run.
//
// 1. Decode + route rate. A recorded OFFERS stream for a 10,000-agent fleet (one OFFERS event per allocation pass,
//    as the master sends it; realistic offers: cpus/mem/disk/ports with allocation_info, os/os_version/rack
//    attributes, hostname, url), protobuf RecordIO cut into 16 KiB chunks like an HTTP body. Baseline: a minimal
//    RecordIO framer + protobufjs `Event.decode` per record, nothing more. Ours: the bridge's path over the same
//    bytes: RecordIoDecoder → decodeEvent (decode + conversion to the Mesos JSON form) → emitTyped →
//    AgentTracker.observe + OfferBook.onOffers, with a fake master answering the DECLINE at once. The two
//    alternate round by round after warm-up rounds (JIT, first discovery of every agent); medians are reported.
//    Tracker and book persist across rounds, as in a running bridge, so timed rounds are the steady state.
// 2. Hold time of unwanted offers: the real BridgeCore in this process, over HTTP to a simulated master (1,000
//    agents) in a child process; median (recent samples) and max (since start) from the OfferBook's statistics.
// 3. RSS with 10,000 agents: the real bridge process against a simulated master child and a Temporal dev server,
//    read from /proc/<pid>/status (the node process, no wrapper) once its agents gauge says 10,000, and again
//    10 s later while its supervisor signals go out. Baseline: the same bridge idle with 0 agents. Measured as
//    production runs it (compiled, `node --optimize-for-size main.js`, see mesos-bridge/node-flags.ts): that is
//    rss_mb; and as the brief runs it (`node --import tsx`, rss_tsx_mb), whose loader adds its own memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_ENTRY, BRIDGE_NODE_FLAGS } from '../mesos-bridge/node-flags';
import { startDevServer } from '../scripts/lib/temporal-dev-server';
import { bridgeMemory, type BridgeMemory } from './lib/bridge-rss';
import { compileBridge } from './lib/compiled-bridge';
import { decodeRates } from './lib/decode-rate';
import { offerHoldTimes } from './lib/hold-time';
import { recordOfferStream } from './lib/offer-stream';
import { summary } from './lib/summary';

const AGENTS = 10_000;
const CHUNK_BYTES = 16 * 1024;
const WARMUP_ROUNDS = 3;
const TIMED_ROUNDS = 9;
const HOLD_AGENTS = 1000;
const HOLD_WINDOWS = 5;
const LATER_MS = 10_000;
const TSX_BRIDGE = [...BRIDGE_NODE_FLAGS, '--import', 'tsx', BRIDGE_ENTRY];

function log(text: string): void {
  process.stderr.write(`bridge: ${text}\n`);
}

function describe(what: string, m: BridgeMemory): void {
  log(
    `${what}: rss_mb=${m.rssMb.toFixed(1)} later_rss_mb=${m.laterRssMb.toFixed(1)} seen_after_s=${m.seenAfterS.toFixed(2)} ` +
      `hold_ms_median=${m.holdMedianMs} hold_ms_max=${m.holdMaxMs} signals_sent=${m.signalsSent} ` +
      `stop_s=${m.stopS.toFixed(1)}${m.stopKilled ? ' (SIGKILL after 10 s: SIGTERM waits for the signal backlog)' : ''}`
  );
}

async function footprint(): Promise<Record<string, BridgeMemory>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bridge-temporal-'));
  const compiled = compileBridge();
  try {
    const temporal = await startDevServer({ dbFile: join(dir, 'temporal.db'), freePorts: true, headless: true });
    try {
      const out: Record<string, BridgeMemory> = {};
      out.idle = await bridgeMemory(temporal, TSX_BRIDGE, 0, 3000);
      describe('tsx bridge, 0 agents', out.idle);
      out.loaded = await bridgeMemory(temporal, TSX_BRIDGE, AGENTS, 0, LATER_MS);
      describe(`tsx bridge, ${AGENTS} agents`, out.loaded);
      out.idleCompiled = await bridgeMemory(temporal, [...BRIDGE_NODE_FLAGS, compiled.main], 0, 3000);
      describe('compiled bridge, 0 agents', out.idleCompiled);
      out.loadedCompiled = await bridgeMemory(temporal, [...BRIDGE_NODE_FLAGS, compiled.main], AGENTS, 0, LATER_MS);
      describe(`compiled bridge, ${AGENTS} agents`, out.loadedCompiled);
      return out;
    } finally {
      await temporal.stop();
    }
  } finally {
    compiled.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBridge(): Promise<string> {
  const stream = recordOfferStream(AGENTS, AGENTS, CHUNK_BYTES);
  log(
    `stream: ${stream.offers} offers, ${stream.events} event(s), ${stream.bytes} bytes, ${stream.chunks.length} chunks`
  );
  const rates = await decodeRates(stream, WARMUP_ROUNDS, TIMED_ROUNDS);
  log(`rounds (offers/s ours/raw): ${rates.rounds.map((r) => `${r.ours.toFixed(0)}/${r.raw.toFixed(0)}`).join(' ')}`);
  const hold = await offerHoldTimes(HOLD_AGENTS, HOLD_WINDOWS);
  log(`hold (${HOLD_AGENTS} agents): ${JSON.stringify(hold)}`);
  const mem = await footprint();
  const { idle, loaded, idleCompiled, loadedCompiled } = mem as Record<string, BridgeMemory>;
  if (!idle || !loaded || !idleCompiled || !loadedCompiled) throw new Error('missing memory readings');
  return summary('bridge', {
    offers: stream.offers,
    offers_per_s: rates.offersPerS,
    raw_per_s: rates.rawPerS,
    ratio: rates.offersPerS / rates.rawPerS,
    hold_ms_median: hold.medianMs,
    hold_ms_max: hold.maxMs,
    hold_agents: HOLD_AGENTS,
    hold_ms_median_10k: loaded.holdMedianMs,
    rss_mb: loadedCompiled.rssMb,
    rss_idle_mb: idleCompiled.rssMb,
    rss_later_mb: loadedCompiled.laterRssMb,
    rss_tsx_mb: loaded.rssMb,
    rss_idle_tsx_mb: idle.rssMb,
    agents: AGENTS,
  });
}
