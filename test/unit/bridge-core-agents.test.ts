// Agent discovery from offers: one `discovered` per agent however many offer cycles pass, `gone`
// when the master removes it, `discovered` again when it returns under a new agent id.
import type { AgentGone } from '../../common/agents';
import type { DiscoveredAgent } from '../../mesos-bridge/agents';
import { AgentTracker } from '../../mesos-bridge/agents';
import { AGENTS, until, simulatedMasterPerTest } from './bridge-core-support';

const sim = simulatedMasterPerTest();
const bridges = sim.bridges;

test('discovered once per agent over many offer cycles; gone on killAgent; discovered again under a new id', async () => {
  // A 0 s decline filter makes every allocation pass re-offer every agent: many cycles, fast.
  const core = bridges.create(sim.mesos.url, bridges.stateDir(), {
    offers: { declineRefuseSeconds: 0, suppressDelayMs: 20 },
  });
  const discovered: DiscoveredAgent[] = [];
  const gone: AgentGone[] = [];
  core.on('discovered', (a) => discovered.push(a));
  core.on('gone', (g) => gone.push(g));
  await core.start();
  // Keep offers flowing: a request that no offer fits holds the book non-empty.
  const waiting = core
    .runTask({ taskId: 'scaleio.a1.never', hostname: 'node-1', command: 'true', resources: { cpus: 1, memMb: 1e6 } })
    .catch((e: Error) => e);
  await until(() => core.offers.metrics().received >= AGENTS.length * 10);
  expect(discovered.map((a) => a.hostname).sort()).toEqual(['node-1', 'node-2', 'node-3']);
  const n2 = core.listAgents().find((a) => a.hostname === 'node-2');
  expect(n2).toMatchObject({
    agentId: sim.mesos.agent('node-2').id,
    attributes: { os: 'rhel', os_version: '7.4', rack: 'r2' },
    os: { family: 'rhel', version: '7.4' },
    url: `http://127.0.0.1:${sim.mesos.agent('node-2').httpPort}`,
  });
  expect(n2?.resources.cpus).toBe(4);

  const oldId = sim.mesos.agent('node-2').id;
  sim.mesos.killAgent('node-2');
  await until(() => gone.length === 1);
  expect(gone[0]).toMatchObject({ hostname: 'node-2', agentId: oldId });
  expect(core.listAgents().map((a) => a.hostname)).toEqual(['node-1', 'node-3']);

  sim.mesos.restartAgent('node-2', { newAgentId: true });
  await until(() => discovered.length === 4);
  expect(discovered[3]).toMatchObject({
    hostname: 'node-2',
    reason: 'returned',
    agentId: sim.mesos.agent('node-2').id,
  });
  const count = core.offers.metrics().received;
  await until(() => core.offers.metrics().received >= count + AGENTS.length * 5);
  expect(discovered).toHaveLength(4);
  expect(gone).toHaveLength(1);
  await core.close();
  await expect(waiting).resolves.toMatchObject({ name: 'BridgeClosedError' });
});

test('a changed attribute set is discovered again; a new agent id without a gone is too', () => {
  const tracker = new AgentTracker();
  const seen: string[] = [];
  tracker.on('discovered', (a) => seen.push(`${a.hostname}:${a.reason}`));
  const offer = (agent: string, rack: string) => ({
    id: { value: `o-${agent}-${rack}` },
    framework_id: { value: 'fw' },
    agent_id: { value: agent },
    hostname: 'h1',
    attributes: [{ name: 'rack', type: 'TEXT' as const, text: { value: rack } }],
  });
  tracker.observe([offer('a1', 'r1')]);
  tracker.observe([offer('a1', 'r1'), offer('a1', 'r1')]);
  tracker.observe([offer('a1', 'r2')]);
  tracker.observe([offer('a2', 'r2')]);
  tracker.agentLost('a1', 'stale id'); // an old id no longer maps to the host: no event
  expect(seen).toEqual(['h1:new', 'h1:changed', 'h1:new-agent-id']);
  expect(tracker.metrics()).toMatchObject({ known: 1, gone: 0, goneEvents: 0 });
});

test('an idle bridge (offers suppressed) still discovers an agent that joins, through periodic discovery', async () => {
  const core = bridges.create(sim.mesos.url, bridges.stateDir(), {
    offers: { suppressDelayMs: 20, discoveryIntervalMs: 300, discoveryWindowMs: 150 },
  });
  const discovered: DiscoveredAgent[] = [];
  core.on('discovered', (a) => discovered.push(a));
  await core.start();
  await until(() => discovered.length === AGENTS.length);
  await until(() => core.client.metrics().callsByType.SUPPRESS !== undefined);
  await sim.mesos.addAgent({ hostname: 'node-late', cpus: 2, memMb: 2048 });
  await until(() => discovered.some((a) => a.hostname === 'node-late'));
  expect(discovered.filter((a) => a.hostname === 'node-late')).toHaveLength(1);
  // Every discovery offer is declined at once: none stays held.
  await until(() => core.offers.metrics().heldNow === 0);
  expect(core.offers.metrics().declined).toBeGreaterThanOrEqual(AGENTS.length + 1);
});
