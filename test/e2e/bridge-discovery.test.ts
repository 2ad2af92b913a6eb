// The bridge as its own process: every agent of the simulated world reaches the cluster supervisor exactly once,
// however many offer cycles and re-subscriptions happen; a lost agent is reported; metrics and health answer.
import { agentOfferedSignal, membersQuery } from '../../common/messages';
import { workflowIds } from '../../common/names';
import { startWorld, type World } from '../../sim/world';
import { startBridgeProcess, waitFor, type BridgeProcess } from '../support/bridge-process';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

const AGENTS = 5;
let world: World;
let env: Running;
let bridge: BridgeProcess;
const cluster = uniqueName('disc');

beforeAll(async () => {
  world = await startWorld({ agents: AGENTS, mesos: { allocationIntervalMs: 100 } });
  env = await runScaleioWorker();
  bridge = await startBridgeProcess({ masterUrl: world.masterUrl, cluster });
});

afterAll(async () => {
  await bridge?.stop();
  await env?.stop();
  await world?.close();
});

test('exactly one agentOffered per agent, across re-subscriptions; agentGone on loss', async () => {
  const handle = env.client.workflow.getHandle(workflowIds.supervisor(cluster));
  const members = await waitFor(
    'all agents as members',
    () => handle.query(membersQuery).catch(() => []),
    (m) => m.length === AGENTS
  );
  expect(members.map((m) => m.hostname).sort()).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-5']);

  // Two dropped streams: the bridge re-subscribes, the master offers every agent again; nothing new is signalled.
  for (let i = 1; i <= 2; i += 1) {
    const { frameworkId } = await bridge.health();
    await world.fault('drop-stream', { frameworkId: frameworkId ?? '' });
    await waitFor(
      `re-subscription ${i}`,
      () => bridge.metric('scaleio_bridge_reconnects_total'),
      (n) => (n ?? 0) >= i
    );
    await waitFor(
      'subscribed again',
      () => bridge.health(),
      (h) => h.ok
    );
  }
  await waitFor(
    'offers after re-subscribing',
    () => bridge.metric('scaleio_bridge_offers_total', '{outcome="received"}'),
    (n) => (n ?? 0) >= AGENTS * 3
  );

  await world.fault('kill-agent', { hostname: 'node-3' });
  const after = await waitFor(
    'node-3 gone',
    () => handle.query(membersQuery),
    (m) => m.find((x) => x.hostname === 'node-3')?.status === 'gone'
  );
  expect(after.filter((m) => m.status === 'present')).toHaveLength(AGENTS - 1);

  const history = await handle.fetchHistory();
  const offered = (history.events ?? []).filter(
    (e) => e.workflowExecutionSignaledEventAttributes?.signalName === agentOfferedSignal.name
  );
  expect(offered).toHaveLength(AGENTS);
  expect(await bridge.metric('scaleio_bridge_offers_held')).toBe(0);
  expect(await bridge.metric('scaleio_bridge_subscribed')).toBe(1);
});

test('SIGTERM stops the bridge gracefully: exit code 0, and the master keeps the framework for failover', async () => {
  const { frameworkId } = await bridge.health();
  await bridge.stop();
  expect(bridge.proc.exitCode).toBe(0);
  expect(bridge.output.some((l) => l.includes('"msg":"bridge stopped"'))).toBe(true);
  const state = world.mesos.state() as { frameworks: { id: string; active: boolean }[] };
  expect(state.frameworks.find((f) => f.id === frameworkId)).toBeDefined();
});
