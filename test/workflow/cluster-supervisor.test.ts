// clusterSupervisor with a real worker and no bridge: the test client sends what the bridge and bootstrap would.
// On-boarding children run on the in-process `scaleio` worker and are kept quick one of two ways: with the FAILING
// context (no MDMs) onboardAgent refuses its input at once, so a child fails in milliseconds; with the STUCK
// context (valid) the child plans its probe and then waits on `mesos-bridge`, which has no worker here, until the
// test terminates it (the cap and continue-as-new tests need children in flight). Every supervisor and child a
// test starts is terminated after it, so nothing is left waiting on `mesos-bridge` for a later test's bridge.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { AgentInfo } from '../../common/agents';
import type { ClusterContext } from '../../common/cluster';
import {
  agentGoneSignal,
  alertsQuery,
  agentOfferedSignal,
  beginProcedureUpdate,
  clusterContextQuery,
  clusterReadySignal,
  endProcedureSignal,
  membersQuery,
  onboardNodeSignal,
  progressQuery,
  setPolicySignal,
} from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { ProcedureClaim } from '../../common/procedures';
import { validateClusterSpec } from '../../common/spec';
import type { Member, SupervisorInput, SupervisorPolicy } from '../../common/supervisor';
import { clusterSupervisor } from '../../workflows';
import { goodSpec } from '../fixtures/specs';
import { waitFor } from '../support/bridge-process';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

let env: Running;
beforeAll(async () => {
  env = await runScaleioWorker();
});
afterAll(() => env.stop());

/** Supervisors started by the current test: terminated after it, with every onboardAgent child of theirs. */
const supervisors: WorkflowHandle[] = [];
afterEach(async () => {
  for (const h of supervisors.splice(0)) {
    const cluster = h.workflowId.split('/')[1]!;
    const hosts = await h.query(membersQuery).then(
      (ms) => ms.map((m) => m.hostname),
      () => []
    );
    await terminate(env.client.workflow.getHandle(h.workflowId));
    for (const host of hosts) await terminate(onboardChild(cluster, host));
  }
});

const terminate = (h: WorkflowHandle) => h.terminate('test over').catch(() => undefined); // closed, or never run

const agent = (hostname: string, agentId: string, attributes: Record<string, string> = {}): AgentInfo => ({
  hostname,
  agentId,
  attributes,
  resources: { cpus: 4, memMb: 8192, diskMb: 65536 },
  os: { family: 'centos', version: '7' },
});

async function startOrSignal(cluster: string, info: AgentInfo, extra: Omit<SupervisorInput, 'cluster'> = {}) {
  const handle = await env.client.workflow.signalWithStart(clusterSupervisor, {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.supervisor(cluster),
    args: [{ cluster, ...extra }],
    signal: agentOfferedSignal,
    signalArgs: [info],
  });
  if (!supervisors.some((h) => h.workflowId === handle.workflowId)) supervisors.push(handle);
  return handle;
}

/** A cluster context as bootstrap hands it over; `failing` lists no MDMs, which onboardAgent refuses at once. */
function contextOf(cluster: string, kind: 'failing' | 'stuck'): ClusterContext {
  const v = validateClusterSpec({ ...goodSpec(cluster), nodeSelection: { spreadAttribute: 'rack' } });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  const mdms: ClusterContext['mdms'] = [
    { hostname: 'mdm-1', ip: '127.0.9.1', role: 'primary' },
    { hostname: 'mdm-2', ip: '127.0.9.2', role: 'secondary' },
    { hostname: 'mdm-3', ip: '127.0.9.3', role: 'tiebreaker' },
  ];
  return { spec: v.spec, mdms: kind === 'failing' ? [] : mdms, gatewayEndpoint: 'https://127.0.9.1/api' };
}

const onboardChild = (cluster: string, hostname: string) =>
  env.client.workflow.getHandle(workflowIds.onboard(cluster, hostname));

/** The child's run id and status, or null when no onboardAgent was ever started for the node. */
async function childRun(cluster: string, hostname: string): Promise<{ runId: string; status: string } | null> {
  return onboardChild(cluster, hostname)
    .describe()
    .then(
      (d) => ({ runId: d.runId, status: d.status.name }),
      () => null
    );
}

/** Members' on-boarding states in one line, e.g. `node-1=done node-2=failed`. */
const states = (ms: Member[]): string => ms.map((m) => `${m.hostname}=${m.onboarding}`).join(' ');

function membersWhen(handle: WorkflowHandle, what: string, ok: (ms: Member[]) => boolean): Promise<Member[]> {
  return waitFor(what, () => handle.query(membersQuery), ok);
}

/**
 * Returns once the supervisor has handled every signal sent before: a CoreOS agent becomes a member (listed by
 * the query) and is never on-boarded (skipped as not a data node), so the barrier itself starts nothing.
 */
async function barrier(handle: WorkflowHandle, n: number, attributes: Record<string, string> = {}): Promise<Member[]> {
  const hostname = `zz-barrier-${n}`;
  const coreos = { ...agent(hostname, hostname, attributes), os: { family: 'coreos', version: '1' } };
  await handle.signal(agentOfferedSignal, coreos);
  const ms = await membersWhen(handle, `the supervisor to see ${hostname}`, (m) =>
    m.some((x) => x.hostname === hostname)
  );
  return ms.filter((m) => !m.hostname.startsWith('zz-barrier-'));
}

test('signalWithStart creates the supervisor once; members follow offers, losses and returns', async () => {
  const cluster = uniqueName('sup');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1'));
  const again = await startOrSignal(cluster, agent('node-2', 'a2'));
  expect(again.signaledRunId).toBe(handle.signaledRunId); // the same supervisor, not a second one
  await handle.signal(agentGoneSignal, { hostname: 'node-2', agentId: 'stale-id', reason: 'old news' });
  await handle.signal(agentGoneSignal, { hostname: 'node-1', agentId: 'a1', reason: 'agent lost' });
  const members = await membersWhen(handle, 'node-1 gone', (m) => m.length === 2 && m[0]?.status === 'gone');
  expect(members.map((m: Member) => [m.hostname, m.status, m.lastReason])).toEqual([
    ['node-1', 'gone', 'agent lost'],
    ['node-2', 'present', undefined],
  ]);
  // The node comes back under a new agent id (a reboot): present again, counted as a second discovery.
  await handle.signal(agentOfferedSignal, agent('node-1', 'a1-after-reboot'));
  const back = await membersWhen(handle, 'node-1 back', (m) => m[0]?.status === 'present');
  expect(back[0]).toMatchObject({ hostname: 'node-1', agentId: 'a1-after-reboot', status: 'present', discoveries: 2 });
  const { runId } = await handle.describe();
  expect(runId).toBe(handle.signaledRunId);
});

test('the policy filters members by attribute; a malformed policy change is ignored', async () => {
  const cluster = uniqueName('pol');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1', { scaleio: 'yes' }));
  await handle.signal(setPolicySignal, { requireAttributes: 'scaleio=yes' as unknown as Record<string, string> });
  await handle.signal(setPolicySignal, { requireAttributes: { scaleio: 'yes' } });
  await handle.signal(agentOfferedSignal, agent('node-2', 'a2', { scaleio: 'no' }));
  await handle.signal(agentOfferedSignal, agent('node-3', 'a3', { scaleio: 'yes' }));
  const members = await membersWhen(handle, 'two members', (m) => m.length >= 2);
  expect(members.map((m) => m.hostname)).toEqual(['node-1', 'node-3']);
});

test('continues as new before its history grows large, keeping every member', async () => {
  const cluster = uniqueName('can');
  const handle = await startOrSignal(cluster, agent('node-0', 'a0'), { continueAsNewAfterEvents: 30 });
  for (let i = 1; i < 25; i += 1) await handle.signal(agentOfferedSignal, agent(`node-${i}`, `a${i}`));
  const latest = env.client.workflow.getHandle(workflowIds.supervisor(cluster));
  const members = await membersWhen(latest, '25 members', (m) => m.length === 25);
  expect(members).toHaveLength(25);
  const desc = await latest.describe();
  expect(desc.runId).not.toBe(handle.signaledRunId);
  expect(desc.historyLength).toBeLessThan(60);
});

test('clusterReady marks the nodes bootstrap on-boarded as done and starts nothing for them', async () => {
  const cluster = uniqueName('ready');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1'));
  await handle.signal(agentOfferedSignal, agent('node-2', 'a2'));
  await handle.signal(agentOfferedSignal, agent('node-3', 'a3'));
  await handle.signal(clusterReadySignal, { context: contextOf(cluster, 'failing'), onboarded: ['node-1', 'node-2'] });
  const members = await membersWhen(handle, 'node-3 to be tried', (ms) => ms[2]?.onboarding === 'failed');
  expect(states(members)).toEqual('node-1=done node-2=done node-3=failed');
  expect(await childRun(cluster, 'node-1')).toBeNull();
  expect(await childRun(cluster, 'node-2')).toBeNull();
  expect(await childRun(cluster, 'node-3')).toMatchObject({ status: 'FAILED' });
  expect(await handle.query(clusterContextQuery)).toEqual(contextOf(cluster, 'failing'));
});

test('the health monitor starts with the settings of the supervisor input, its growth policy included', async () => {
  const cluster = uniqueName('mon');
  const healthMonitor = { intervalSeconds: 3600, growth: { enabled: true, dryRun: true, maxDevicesPerDay: 2 } };
  const handle = await startOrSignal(cluster, agent('node-1', 'a1'), { healthMonitor });
  await handle.signal(clusterReadySignal, { context: contextOf(cluster, 'failing'), onboarded: ['node-1'] });
  const monitor = env.client.workflow.getHandle(workflowIds.health(cluster));
  try {
    const view = await waitFor(
      'the monitor to answer',
      () => monitor.query(alertsQuery).catch(() => undefined),
      (v) => v !== undefined
    );
    expect(view?.growth?.policy).toMatchObject({ enabled: true, dryRun: true, maxDevicesPerDay: 2 });
  } finally {
    await terminate(monitor);
  }
});

test('with a context, each new eligible member gets one onboardAgent child; a failure says how to retry', async () => {
  const cluster = uniqueName('auto');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1'));
  await handle.signal(clusterReadySignal, { context: contextOf(cluster, 'failing'), onboarded: [] });
  await handle.signal(agentOfferedSignal, agent('node-2', 'a2'));
  await handle.signal(agentOfferedSignal, { ...agent('node-3', 'a3'), os: { family: 'coreos', version: '1' } });
  const members = await membersWhen(handle, 'both data nodes to be tried', (ms) =>
    ms.slice(0, 2).every((m) => m.onboarding === 'failed')
  );
  expect(states(members)).toEqual('node-1=failed node-2=failed node-3=skipped');
  expect(members[0]?.lastReason).toContain('context.mdms: must list the MDM cluster members');
  expect(members[2]?.lastReason).toBe('runs coreos, not supported yet');
  const first = await childRun(cluster, 'node-1');
  expect(first).toMatchObject({ status: 'FAILED' });
  expect(await childRun(cluster, 'node-2')).toMatchObject({ status: 'FAILED' });
  expect(await childRun(cluster, 'node-3')).toBeNull();

  const progress = await handle.query(progressQuery);
  expect(progress.status).toBe('ERROR');
  const step = progress.phases[0]?.steps.find((s) => s.name === 'node-1');
  expect(step?.status).toBe('ERROR');
  expect(step?.reason).toContain('context.mdms');
  expect(step?.reason).toContain('signal onboardNode {"hostname":"node-1"}');
  expect(progress.lastError).toMatch(/^node-1: .*onboardNode \{"hostname":"node-1"\}/);

  // Seen again (a new agent id): counted, but a failed node waits for the operator, not for the next offer.
  await handle.signal(agentOfferedSignal, agent('node-1', 'a1-again'));
  const after = await barrier(handle, 1);
  expect(after[0]).toMatchObject({ hostname: 'node-1', onboarding: 'failed', discoveries: 2 });
  expect(await childRun(cluster, 'node-1')).toEqual(first);
});

test('maxParallelOnboardings caps the children in flight; the next starts when one ends', async () => {
  const cluster = uniqueName('cap');
  const handle = await startOrSignal(cluster, agent('idle-1', 'a1'), { policy: { maxParallelOnboardings: 2 } });
  for (const i of [2, 3, 4]) await handle.signal(agentOfferedSignal, agent(`idle-${i}`, `a${i}`));
  await handle.signal(clusterReadySignal, { context: contextOf(cluster, 'stuck'), onboarded: [] });
  await membersWhen(handle, 'two on-boardings', (ms) => ms.filter((m) => m.onboarding === 'running').length === 2);
  expect(states(await barrier(handle, 1))).toEqual('idle-1=running idle-2=running idle-3=pending idle-4=pending');
  expect(await childRun(cluster, 'idle-2')).toMatchObject({ status: 'RUNNING' });
  expect(await childRun(cluster, 'idle-3')).toBeNull();

  await onboardChild(cluster, 'idle-1').terminate('the test ends this on-boarding');
  await membersWhen(handle, 'idle-3 to start', (ms) => ms[2]?.onboarding === 'running');
  expect(states(await barrier(handle, 2))).toEqual('idle-1=failed idle-2=running idle-3=running idle-4=pending');
  expect(await childRun(cluster, 'idle-4')).toBeNull();
});

test('with autoOnboard off nothing new is on-boarded, except a node the operator names with onboardNode', async () => {
  const cluster = uniqueName('manual');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1'));
  await handle.signal(clusterReadySignal, { context: contextOf(cluster, 'failing'), onboarded: [] });
  await membersWhen(handle, 'node-1 to be tried', (ms) => ms[0]?.onboarding === 'failed');
  await handle.signal(setPolicySignal, { autoOnboard: false });
  await handle.signal(agentOfferedSignal, agent('node-2', 'a2'));
  await handle.signal(agentOfferedSignal, agent('node-3', 'a3'));
  expect(states(await barrier(handle, 1))).toEqual('node-1=failed node-2=pending node-3=pending');
  expect(await childRun(cluster, 'node-2')).toBeNull();

  await handle.signal(onboardNodeSignal, { hostname: 'node-2' });
  const members = await membersWhen(handle, 'node-2 to be tried', (ms) => ms[1]?.onboarding === 'failed');
  expect(members[1]).toMatchObject({ hostname: 'node-2', onboarding: 'failed', manual: false });
  expect(await childRun(cluster, 'node-2')).toMatchObject({ status: 'FAILED' });
  expect(states(await barrier(handle, 2))).toEqual('node-1=failed node-2=failed node-3=pending');
  expect(await childRun(cluster, 'node-3')).toBeNull();
});

test('beginProcedure refuses a decommission while an upgrade is registered, and accepts it after endProcedure', async () => {
  const cluster = uniqueName('proc');
  const handle = await startOrSignal(cluster, agent('node-1', 'a1'));
  const upgrade: ProcedureClaim = { procedure: 'upgrade', workflowId: workflowIds.upgrade(cluster, '2.5') };
  const decommission: ProcedureClaim = {
    procedure: 'decommission',
    hostname: 'node-1',
    workflowId: workflowIds.decommission(cluster, 'node-1'),
  };
  expect(await handle.executeUpdate(beginProcedureUpdate, { args: [upgrade] })).toEqual({ running: [upgrade] });
  const refused = await handle.executeUpdate(beginProcedureUpdate, { args: [decommission] }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  const reason = (refused as WorkflowUpdateFailedError).cause?.message;
  expect(reason).toBe(`upgrade (${upgrade.workflowId}) is running: no decommission during an upgrade`);
  const progress = await handle.query(progressQuery);
  expect(progress.phases[1]?.steps.map((s) => [s.name, s.detail])).toEqual([[upgrade.workflowId, 'upgrade']]);

  await handle.signal(endProcedureSignal, { workflowId: upgrade.workflowId });
  expect(await handle.executeUpdate(beginProcedureUpdate, { args: [decommission] })).toEqual({
    running: [decommission],
  });
});

test('continue-as-new keeps members, context, policy and procedures, and waits for the child in flight', async () => {
  const cluster = uniqueName('keep');
  const limit = 40;
  const zoneA = (h: string, id: string) => agent(h, id, { zone: 'a' });
  const handle = await startOrSignal(cluster, zoneA('idle-1', 'a1'), { continueAsNewAfterEvents: limit });
  const policy: SupervisorPolicy = { autoOnboard: true, requireAttributes: { zone: 'a' }, maxParallelOnboardings: 3 };
  await handle.signal(setPolicySignal, policy);
  const upgrade: ProcedureClaim = { procedure: 'upgrade', workflowId: workflowIds.upgrade(cluster, '2.5') };
  await handle.executeUpdate(beginProcedureUpdate, { args: [upgrade] });
  const context = contextOf(cluster, 'stuck');
  await handle.signal(clusterReadySignal, { context, onboarded: [] });
  await membersWhen(handle, 'idle-1 to be on-boarding', (ms) => ms[0]?.onboarding === 'running');

  // The history grows well past the limit while the child runs: the supervisor stays in the same run.
  let offers = 1;
  while ((await handle.describe()).historyLength < limit + 20)
    await handle.signal(agentOfferedSignal, zoneA('idle-1', `a1-${offers++}`));
  const during = await handle.describe();
  expect([during.runId, during.status.name]).toEqual([handle.signaledRunId, 'RUNNING']);

  await onboardChild(cluster, 'idle-1').terminate('the test ends this on-boarding');
  const latest = env.client.workflow.getHandle(workflowIds.supervisor(cluster));
  await waitFor(
    'a new run',
    () => latest.describe(),
    (d) => d.runId !== handle.signaledRunId
  );
  const started = (await latest.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
  const input = JSON.parse(Buffer.from(started!.input!.payloads![0]!.data!).toString('utf8')) as SupervisorInput;
  expect(input).toMatchObject({ cluster, policy, context, procedures: [upgrade], continueAsNewAfterEvents: limit });
  expect(input.members?.map((m) => [m.hostname, m.onboarding, m.agentId, m.discoveries])).toEqual([
    ['idle-1', 'failed', `a1-${offers - 1}`, offers],
  ]);
  expect(await latest.query(clusterContextQuery)).toEqual(context);
  expect((await latest.query(progressQuery)).phases[1]?.steps.map((s) => s.name)).toEqual([upgrade.workflowId]);
  // The carried policy still filters: an agent outside zone a does not become a member.
  await latest.signal(agentOfferedSignal, agent('idle-2', 'a2', { zone: 'b' }));
  expect((await barrier(latest, 1, { zone: 'a' })).map((m) => m.hostname)).toEqual(['idle-1']);
});
