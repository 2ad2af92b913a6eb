// Scale: a world of 1,000 agents in one process. One allocation pass offers every agent in a
// single OFFERS event, and a full decline/revive round trip re-offers all of them.
import { type AgentSpec, type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { type Event } from '../../sim/mesos/json-form';
import { declineCall } from '../../sim/mesos/testing/calls';
import { MiniScheduler } from '../../sim/mesos/testing/mini-scheduler';

jest.setTimeout(60_000);

const AGENTS = 1000;
const offerCount = (e: Event): number => (e.type === 'OFFERS' ? (e.offers?.offers?.length ?? 0) : 0);

describe('1,000 simulated agents', () => {
  let master: SimMesosCluster;
  let sched: MiniScheduler;

  afterAll(async () => {
    sched?.close();
    await master?.close();
  });

  it('start, and are all offered in one pass, twice', async () => {
    const specs: AgentSpec[] = Array.from({ length: AGENTS }, (_, i) => ({
      hostname: `node-${i}.sim`,
      ip: `127.0.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      os: { family: i % 2 ? 'centos' : 'ubuntu', version: i % 2 ? '7' : '16.04' },
      rack: `r${i % 20}`,
    }));
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    master = await startMesosMaster({ agents: specs, allocationIntervalMs: 60_000 });
    const started = performance.now();
    sched = new MiniScheduler(master.url, {
      format: 'application/x-protobuf',
      frameworkInfo: { user: 'root', name: 'scale' },
    });
    await sched.subscribe();
    const first = await sched.next((e) => e.type === 'OFFERS', 0);
    const offered = performance.now();
    expect(offerCount(first)).toBe(AGENTS);
    expect(new Set(first.offers?.offers?.map((o) => o.hostname)).size).toBe(AGENTS);

    const mark = sched.events.length;
    await sched.call(declineCall(first.offers?.offers ?? [], 3600));
    const t1 = performance.now();
    await sched.call({ type: 'REVIVE' });
    const second = await sched.next((e) => e.type === 'OFFERS', mark);
    const reoffered = performance.now();
    expect(offerCount(second)).toBe(AGENTS);
    const rssMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(
      `sim-mesos scale: agents=${AGENTS} start_ms=${(started - t0).toFixed(0)} first_offers_ms=${(offered - started).toFixed(0)} ` +
        `decline_revive_reoffer_ms=${(reoffered - t1).toFixed(0)} rss_delta_mb=${rssMb.toFixed(1)}`
    );
  });
});
