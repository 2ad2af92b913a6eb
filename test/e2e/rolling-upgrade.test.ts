// rollingUpgrade end to end on a 5-node MDM cluster with 6 data nodes, bootstrapped by the real bootstrapCluster,
// from version A (the spec's) to B. The simulator is the judge: its Mesos task log shows the order (LIA → MDM with
// ownership switched before the old master → SDS → SDC); maintenance entries and exits are recorded where the
// gateway calls the model (at most one SDS in maintenance, no data moving when the next one enters), and samples
// show the data motion after each exit that the upgrade waited for. Runs build on each other, as an operator's
// would: a dry run; a run stopped by a corrupt package on the third SDS (rolled back, back in service at A); a
// re-run that skips what is done, pauses after its canary, resumes and is aborted with a node in flight; a last run
// that finishes.
import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { abortSignal, membersQuery, pauseSignal, progressQuery, resumeSignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { packageFileName } from '../../common/spec/packages';
import type { Progress } from '../../common/progress';
import type { UpgradeFailureReport, UpgradeReport } from '../../workflows/rolling-upgrade';
import { recordUpgrade, type Recorder } from '../fixtures/upgrade-e2e/recorder';
import {
  expectOneSdsAtATimeWithDataMotionWaitedFor as expectMaintenanceRules,
  installsOf as installsOfRun,
  osOf,
  sdsOf as sdsOfNode,
  versionOn as versionOnNode,
} from '../fixtures/upgrade-e2e/world-view';
import { waitFor } from '../support/bridge-process';
import { startStack, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';

const A = '2.0-10000.2072';
const B = '2.0-12000.122';
const REPORTED_A = 'R2_0.10000.2072';
const REPORTED_B = 'R2_0.12000.122';

let stack: Stack;
let rec: Recorder;
let dry: UpgradeReport;

beforeAll(async () => {
  stack = await startStack(uniqueName('upg'), { agents: 6 });
  const { client } = stack.worker;
  await client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(stack.cluster),
    args: [stack.spec({ mdmMode: 5, waitForAgentsMinutes: 2 })],
  });
  await waitFor(
    'the supervisor to list every node as on-boarded',
    () => client.workflow.getHandle(workflowIds.supervisor(stack.cluster)).query(membersQuery),
    (ms) => ms.length === 6 && ms.every((m) => m.onboarding === 'done')
  );
  // The model plans the resynchronisation after maintenance only when leaving is immediate (sim/scaleio/sds.ts
  // does not plan it when a timed ExitMaintenanceInProgress ends), so transitions are made immediate here.
  stack.world.cluster.ctx.opts.maintenanceTransitionMs = 0;
  rec = recordUpgrade(stack.world, { writeGb: 96, speedUp: 200 });
}, 240_000);

afterAll(async () => {
  rec?.stop();
  await stack?.stop();
});

const ipOf = (h: string) => stack.world.registry.get(h).ip;
const versionOn = (h: string, role: string) => versionOnNode(stack.world, h, role);
const sdsOf = (h: string) => sdsOfNode(stack.world, h);
const stepsOf = (phase: string) => dry.plan.filter((p) => p.phase === phase);
const hostsOf = (phase: string) => stepsOf(phase).map((p) => p.hostname);
const installsOf = (h: WorkflowHandleWithFirstExecutionRunId) => installsOfRun(stack.world, h.firstExecutionRunId);
const expectOneSdsAtATimeWithDataMotionWaitedFor = () => expectMaintenanceRules(rec);

function start(input: Record<string, unknown>, workflowId = workflowIds.upgrade(stack.cluster, B)) {
  return stack.worker.client.workflow.start('rollingUpgrade', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId,
    args: [{ cluster: stack.cluster, targetVersion: B, healthGate: { pollSeconds: 0.5 }, ...input }],
  });
}

/** The SDS order of a run, from its progress (each run plans it anew: the MDM master's node goes last). */
const sdsOrderOf = (p: Progress) => p.phases.find((ph) => ph.name === 'sds')!.steps.map((s) => s.name);
let sdsOrderAfterSwitch: string[] = [];

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  );
  if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure) return err.cause;
  throw new Error(`expected the workflow to fail with an ApplicationFailure, got ${String(err)}`);
}

test('bad input is refused naming the fields; a dry run returns the plan and changes nothing', async () => {
  const { client } = stack.worker;
  const bad = await failureOf(
    client.workflow.execute('rollingUpgrade', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: uniqueName('upgrade-bad-input'),
      args: [{ cluster: stack.cluster, targetVersion: 'latest', batchSize: 0, healthGate: { minSparePercent: 120 } }],
    })
  );
  expect(bad.type).toBe('InvalidInput');
  for (const field of ['targetVersion', 'batchSize', 'healthGate.minSparePercent'])
    expect(bad.message).toContain(field);

  const tasksBefore = stack.world.mesos.taskLog().length;
  const installsBefore = stack.world.registry.installLog.list().length;
  dry = await client.workflow.execute('rollingUpgrade', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: `${workflowIds.upgrade(stack.cluster, B)}-dry-run`,
    args: [{ cluster: stack.cluster, targetVersion: B, dryRun: true }],
  });
  expect(dry.outcome).toBe('dry-run');
  expect(dry.preChecks.filter((c) => !c.ok)).toEqual([]);
  const phases = dry.plan.map((p) => p.phase);
  expect(phases).toEqual(
    [...phases].sort((a, b) => ['lia', 'mdm', 'sds', 'sdc'].indexOf(a) - ['lia', 'mdm', 'sds', 'sdc'].indexOf(b))
  );
  expect(stepsOf('mdm').map((p) => p.mdmRole)).toEqual([
    'tiebreaker',
    'tiebreaker',
    'slave',
    'slave',
    'slave',
    'master',
  ]);
  expect(stepsOf('mdm')[4]).toMatchObject({ action: 'switch-ownership', hostname: stepsOf('mdm')[2]!.hostname });
  expect([hostsOf('lia').length, hostsOf('sds').length, hostsOf('sdc').length]).toEqual([5, 6, 6]);
  expect(dry.plan.filter((p) => p.action === 'skip')).toEqual([]);
  // Read-only: only probes ran, nothing was installed, no SDS went into maintenance.
  expect(
    new Set(
      stack.world.mesos
        .taskLog()
        .slice(tasksBefore)
        .map((t) => t.name)
    )
  ).toEqual(new Set(['probe-node']));
  expect(stack.world.registry.installLog.list()).toHaveLength(installsBefore);
  expect(rec.events).toEqual([]);
}, 120_000);

test('A→B: LIA, MDM (ownership moved before the old master), SDS; a corrupt package on the third SDS stops it there, back in service at A', async () => {
  const sds = hostsOf('sds');
  const third = sds[2]!;
  const file = (h: string) => packageFileName(osOf(stack.world, h), 'sds', B);
  expect(sds.slice(0, 2).map(file)).not.toContain(file(third)); // only the third SDS gets the corrupt file
  await stack.world.fault('corrupt-package', { file: file(third) });

  const handle = await start({});
  const failure = await failureOf(handle.result());
  expect(failure.type).toBe('UpgradeFailed');
  expect(failure.message).toContain(`sds/${third}`);
  const report = failure.details?.[0] as UpgradeFailureReport;
  expect(report).toMatchObject({ node: third, phase: 'sds', step: third, stage: 'upgrade', role: 'sds' });
  expect(report.rollback).toContain(`rolled back to ${A}`);
  expect(report.maintenance).toContain('out of maintenance mode');
  expect(report.upgraded).toEqual([
    ...hostsOf('lia').map((h) => `lia/${h}`),
    ...stepsOf('mdm').map((p) => `mdm/${p.step}`),
    `sds/${sds[0]}`,
    `sds/${sds[1]}`,
  ]);

  // The failed node is back in service at A; the nodes before it run B.
  expect(versionOn(third, 'sds')).toBe(A);
  expect(sdsOf(third)).toMatchObject({
    maintenanceState: 'NoMaintenance',
    mdmConnectionState: 'Connected',
    softwareVersionInfo: REPORTED_A,
  });
  for (const h of sds.slice(0, 2))
    expect([h, versionOn(h, 'sds'), sdsOf(h)?.softwareVersionInfo]).toEqual([h, B, REPORTED_B]);
  for (const h of hostsOf('lia')) expect([h, versionOn(h, 'lia')]).toEqual([h, B]);
  const mdm = stack.world.cluster.snapshot().mdmCluster!;
  expect(mdm.clusterState).toBe('ClusteredNormal');
  expect([mdm.master!, ...mdm.slaves, ...mdm.tieBreakers].map((m) => m.versionInfo)).toEqual(Array(5).fill(REPORTED_B));
  const heir = stepsOf('mdm')[4]!.hostname;
  expect(mdm.master!.ips).toEqual([ipOf(heir)]);

  // The task log: every LIA before any MDM before any SDS; MDMs in the planned order; the old master's package
  // replaced only after ownership moved.
  const installs = installsOf(handle);
  const rank = installs.map((t) => ['lia', 'mdm', 'sds'].indexOf(t.role));
  expect(rank).toEqual([...rank].sort((a, b) => a - b));
  expect(installs.filter((t) => t.role === 'mdm').map((t) => t.host)).toEqual(
    stepsOf('mdm')
      .filter((p) => p.action !== 'switch-ownership')
      .map((p) => p.hostname)
  );
  const oldMaster = stepsOf('mdm')[5]!.hostname;
  expect(rec.ownership).toHaveLength(1);
  expect(installs.find((t) => t.role === 'mdm' && t.host === oldMaster)!.time).toBeGreaterThan(rec.ownership[0]!.time);

  const progress = await handle.query(progressQuery);
  expect(progress.lastError).toContain(`sds/${third}`);
  expectOneSdsAtATimeWithDataMotionWaitedFor();
}, 240_000);

test('a re-run skips what is done; paused after its canary it launches nothing; resume continues; abort stops after the node in flight', async () => {
  await stack.world.fault('packages-clear');
  const handle = await start({ pauseAfterCanary: true, canaryCount: 1 });
  const paused = await waitFor(
    'the upgrade to pause after its canary',
    () => handle.query(progressQuery),
    (p) =>
      p.phases.some((ph) =>
        ph.steps.some((s) => s.status === 'WAITING' && (s.reason ?? '').includes('paused after the canary'))
      ),
    180_000
  );
  // The first three as in run 1 (no MDM, then tie-breakers); the new master's node now comes last.
  sdsOrderAfterSwitch = sdsOrderOf(paused);
  expect(sdsOrderAfterSwitch.slice(0, 3)).toEqual(hostsOf('sds').slice(0, 3));
  expect(sdsOrderAfterSwitch.at(-1)).toBe(stepsOf('mdm')[4]!.hostname);
  const [first, second, canary, fourth, fifth, sixth] = sdsOrderAfterSwitch as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  expect(paused.current).toEqual([`sds/${fourth}`]);
  expect(versionOn(canary, 'sds')).toBe(B);
  // Nothing run 1 did was done again: the only install is the canary's.
  expect(installsOf(handle).map((t) => `${t.host} ${t.role}`)).toEqual([`${canary} sds`]);

  await handle.signal(pauseSignal, { reason: 'look at the canary first' });
  const marks = () => [
    stack.world.mesos.taskLog().length,
    stack.world.registry.installLog.list().length,
    rec.events.length,
  ];
  const before = marks();
  await new Promise((r) => setTimeout(r, 3000));
  expect(marks()).toEqual(before);
  expect((await handle.query(progressQuery)).status).toBe('WAITING');

  await handle.signal(resumeSignal, {});
  await waitFor(
    `${fourth} to enter maintenance`,
    async () => rec.events.slice(before[2]),
    (evs) => evs.some((e) => e.kind === 'enter'),
    60_000
  );
  expect(rec.events.slice(before[2])[0]).toMatchObject({ kind: 'enter', sdsIp: ipOf(fourth) });
  await handle.signal(abortSignal, { reason: 'stop after this node' });

  const report: UpgradeReport = await handle.result();
  expect(report.outcome).toBe('aborted');
  expect(report.upgraded).toEqual([`sds/${canary}`, `sds/${fourth}`]);
  expect(report.remaining).toEqual([`sds/${fifth}`, `sds/${sixth}`, ...hostsOf('sdc').map((h) => `sdc/${h}`)]);
  expect(report.skipped).toEqual(
    expect.arrayContaining([`lia/${hostsOf('lia')[0]}`, `mdm/${oldMasterOf()}`, `sds/${first}`, `sds/${second}`])
  );
  expect(report.operatorActions.map((a) => a.signal)).toEqual(['pause', 'resume', 'abort']);
  expect([versionOn(fourth, 'sds'), sdsOf(fourth)?.maintenanceState]).toEqual([B, 'NoMaintenance']);
  expect([versionOn(fifth, 'sds'), versionOn(sixth, 'sds')]).toEqual([A, A]);
  expect(installsOf(handle).map((t) => t.host)).toEqual([canary, fourth]);
  expectOneSdsAtATimeWithDataMotionWaitedFor();
}, 240_000);

const oldMasterOf = () => stepsOf('mdm')[5]!.hostname;

test('a last run finishes the rest, SDS then SDC in batches, and every component runs B', async () => {
  const [, , , , fifth, sixth] = sdsOrderAfterSwitch;
  const handle = await start({ batchSize: 2 });
  const report: UpgradeReport = await handle.result();
  expect(report.outcome).toBe('completed');
  expect(report.upgraded.slice(0, 2)).toEqual([`sds/${fifth}`, `sds/${sixth}`]);
  // SDCs two at a time, each batch done before the next starts (within a batch, in the order they finished).
  expect(report.plan.filter((p) => p.phase === 'sdc').map((p) => p.batch)).toEqual([1, 1, 2, 2, 3, 3]);
  const batches = [1, 2, 3].map((b) => report.plan.filter((p) => p.batch === b).map((p) => `sdc/${p.hostname}`));
  expect([2, 4, 6].map((i) => report.upgraded.slice(i, i + 2).sort())).toEqual(batches);
  const installs = installsOf(handle);
  expect(installs.map((t) => t.role)).toEqual(['sds', 'sds', 'sdc', 'sdc', 'sdc', 'sdc', 'sdc', 'sdc']);

  // Every component of every node at B, as the packages say and as the MDM reports it.
  for (const n of stack.world.registry.list())
    for (const p of Object.values(n.packages).filter((x) => ['mdm', 'sds', 'sdc', 'lia'].includes(x.role)))
      expect([n.hostname, p.role, p.version]).toEqual([n.hostname, p.role, B]);
  const s = stack.world.cluster.snapshot();
  const reported = [
    ...[s.mdmCluster!.master!, ...s.mdmCluster!.slaves, ...s.mdmCluster!.tieBreakers].map((m) => m.versionInfo),
    ...s.sds.map((x) => x.softwareVersionInfo),
    ...s.sdcs.map((x) => x.softwareVersionInfo),
  ];
  expect(reported).toEqual(Array(17).fill(REPORTED_B));
  expect(s.sds.map((x) => x.maintenanceState)).toEqual(Array(6).fill('NoMaintenance'));
  // Over the three runs each role of each node was upgraded to B exactly once.
  const toB = stack.world.registry.installLog.list().filter((e) => e.version === B);
  const once = new Map<string, number>();
  for (const e of toB) once.set(`${e.hostname} ${e.package}`, (once.get(`${e.hostname} ${e.package}`) ?? 0) + 1);
  expect([...once.values()].every((n) => n === 1)).toBe(true);
  expect(toB.every((e) => e.action === 'upgrade' && e.previousVersion === A)).toBe(true);

  const progress = await handle.query(progressQuery);
  expect(progress.status).toBe('COMPLETE');
  expect(progress.etaSeconds).toBe(0);
  expectOneSdsAtATimeWithDataMotionWaitedFor();
}, 240_000);
