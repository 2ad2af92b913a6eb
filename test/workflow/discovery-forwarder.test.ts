// The bridge's discovery forwarder against the real server: changes reach the supervisor in order, a backlog
// keeps one agentOffered per host, and a flush with a deadline returns instead of waiting forever.
import type { AgentInfo } from '../../common/agents';
import { createLogger } from '../../common/log';
import { agentOfferedSignal, membersQuery } from '../../common/messages';
import { workflowIds } from '../../common/names';
import { DiscoveryForwarder } from '../../mesos-bridge/temporal/discovery';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

let env: Running;
beforeAll(async () => {
  env = await runScaleioWorker();
});
afterAll(() => env.stop());

const agent = (hostname: string, agentId: string): AgentInfo => ({
  hostname,
  agentId,
  attributes: {},
  resources: { cpus: 1, memMb: 1024, diskMb: 1024 },
});

test('a queued view of a host is replaced by a newer one; order per host is kept', async () => {
  const cluster = uniqueName('fwd');
  const fwd = new DiscoveryForwarder({ client: env.client, cluster, log: createLogger('test', 'error') });
  fwd.offered(agent('a', 'a-1')); // in flight at once
  fwd.offered(agent('b', 'b-1'));
  fwd.offered(agent('a', 'a-2')); // queued behind b
  fwd.offered(agent('a', 'a-3')); // replaces a-2
  fwd.gone({ hostname: 'a', agentId: 'a-3', reason: 'lost' });
  expect(await fwd.flush(60000)).toBe(true);
  expect(fwd.collapsed).toBe(1);
  expect(fwd.signalsSent).toBe(4);
  const handle = env.client.workflow.getHandle(workflowIds.supervisor(cluster));
  const members = await handle.query(membersQuery);
  expect(members.map((m) => [m.hostname, m.agentId, m.status, m.discoveries])).toEqual([
    ['a', 'a-3', 'gone', 2],
    ['b', 'b-1', 'present', 1],
  ]);
  const history = await handle.fetchHistory();
  expect(
    (history.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === agentOfferedSignal.name
    )
  ).toHaveLength(3);
  await handle.terminate('test done');
});

test('flush with a deadline returns with the backlog left; without one it waits for all', async () => {
  const cluster = uniqueName('backlog');
  const fwd = new DiscoveryForwarder({ client: env.client, cluster, log: createLogger('test', 'error') });
  for (let i = 0; i < 30; i += 1) fwd.offered(agent(`node-${i}`, `id-${i}`));
  expect(await fwd.flush(1)).toBe(false);
  expect(fwd.pending).toBeGreaterThan(0);
  expect(await fwd.flush()).toBe(true);
  expect(fwd.signalsSent).toBe(30);
  await env.client.workflow.getHandle(workflowIds.supervisor(cluster)).terminate('test done');
});
