import type { AgentInfo } from '../../common/agents';
import { agentGoneSignal, agentOfferedSignal, membersQuery, setPolicySignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { Member } from '../../common/supervisor';
import { clusterSupervisor } from '../../workflows';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

let env: Running;
beforeAll(async () => {
  env = await runScaleioWorker();
});
afterAll(() => env.stop());

const agent = (hostname: string, agentId: string, attributes: Record<string, string> = {}): AgentInfo => ({
  hostname,
  agentId,
  attributes,
  resources: { cpus: 4, memMb: 8192, diskMb: 65536 },
  os: { family: 'centos', version: '7' },
});

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i += 1) {
    const v = await read();
    if (ok(v) || i > 100) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startOrSignal(cluster: string, info: AgentInfo, extra: { continueAsNewAfterEvents?: number } = {}) {
  return env.client.workflow.signalWithStart(clusterSupervisor, {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.supervisor(cluster),
    args: [{ cluster, ...extra }],
    signal: agentOfferedSignal,
    signalArgs: [info],
  });
}

test('signalWithStart creates the supervisor once; members follow offers, losses and returns', async () => {
  const cluster = uniqueName('sup');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1'));
  const again = await startOrSignal(cluster, agent('node-2', 'a2'));
  expect(again.signaledRunId).toBe(handle.signaledRunId); // the same supervisor, not a second one
  await handle.signal(agentGoneSignal, { hostname: 'node-2', agentId: 'stale-id', reason: 'old news' });
  await handle.signal(agentGoneSignal, { hostname: 'node-1', agentId: 'a1', reason: 'agent lost' });
  const members = await eventually(
    () => handle.query(membersQuery),
    (m) => m.length === 2 && m[0]?.status === 'gone'
  );
  expect(members.map((m: Member) => [m.hostname, m.status, m.lastReason])).toEqual([
    ['node-1', 'gone', 'agent lost'],
    ['node-2', 'present', undefined],
  ]);
  // The node comes back under a new agent id (a reboot): present again, counted as a second discovery.
  await handle.signal(agentOfferedSignal, agent('node-1', 'a1-after-reboot'));
  const back = await eventually(
    () => handle.query(membersQuery),
    (m) => m[0]?.status === 'present'
  );
  expect(back[0]).toMatchObject({ hostname: 'node-1', agentId: 'a1-after-reboot', status: 'present', discoveries: 2 });
  const { runId } = await handle.describe();
  expect(runId).toBe(handle.signaledRunId);
  await handle.terminate('test done');
});

test('the policy filters members by attribute; a malformed policy change is ignored', async () => {
  const cluster = uniqueName('pol');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1', { scaleio: 'yes' }));
  await handle.signal(setPolicySignal, { requireAttributes: 'scaleio=yes' as unknown as Record<string, string> });
  await handle.signal(setPolicySignal, { requireAttributes: { scaleio: 'yes' } });
  await handle.signal(agentOfferedSignal, agent('node-2', 'a2', { scaleio: 'no' }));
  await handle.signal(agentOfferedSignal, agent('node-3', 'a3', { scaleio: 'yes' }));
  const members = await eventually(
    () => handle.query(membersQuery),
    (m) => m.length >= 2
  );
  expect(members.map((m) => m.hostname)).toEqual(['node-1', 'node-3']);
  await handle.terminate('test done');
});

test('continues as new before its history grows large, keeping every member', async () => {
  const cluster = uniqueName('can');
  const handle = await startOrSignal(cluster, agent('node-0', 'a0'), { continueAsNewAfterEvents: 30 });
  for (let i = 1; i < 25; i += 1) await handle.signal(agentOfferedSignal, agent(`node-${i}`, `a${i}`));
  const latest = env.client.workflow.getHandle(workflowIds.supervisor(cluster));
  const members = await eventually(
    () => latest.query(membersQuery),
    (m) => m.length === 25
  );
  expect(members).toHaveLength(25);
  const desc = await latest.describe();
  expect(desc.runId).not.toBe(handle.signaledRunId);
  expect(desc.historyLength).toBeLessThan(60);
  await latest.terminate('test done');
});
