// Workflow versioning (#8 part 2): a running upgrade survives a deploy of worker code that changed the workflow.
//
// The change under test is real: rollingUpgrade asks the MDM for the version each upgraded component reports
// (workflows/lib/upgrade-verify.ts), behind patched(). "The old worker" runs the same workflow bundle built with the
// module as it was before that check (test/fixtures/upgrade-v1/upgrade-verify.ts) swapped in, and nothing else.
// An upgrade starts on the old worker and pauses after its canary; the old worker stops; a worker with the current
// bundle takes over and the operator resumes. The new worker replays the old history (no version checks in it,
// patched() answers false there) and checks the nodes it upgrades from then on (patched() answers true, a marker
// is recorded). The reverse: the same change without patched() (test/fixtures/upgrade-unpatched) cannot replay the
// old history: a DeterminismViolationError.
//
// The same in-memory cluster also drives two tests of the workflow's own rules that need no simulator: the
// operator's step overrides behind a blocked health gate, and pre-checks that refuse before any change.
//
// Activities are an in-memory cluster (the workflow code is what is tested). Its runOnAgent listens on the shared
// `mesos-bridge` task queue, so run this file alone or in band (as `npm test` does), not next to a bridge.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { forceCompleteSignal, forceRestartSignal, progressQuery, resumeSignal } from '../../common/messages';
import { TASK_QUEUE_MESOS_BRIDGE, workflowIds } from '../../common/names';
import type { UpgradeReport } from '../../workflows/rolling-upgrade';
import { FakeCluster } from '../fixtures/upgrade-versioning/fake-cluster';
import { waitFor } from '../support/bridge-process';
import { connectClient, testServer, uniqueName } from '../support/temporal';

const A = '2.0-10000.2072';
const B = '2.0-12000.122';
const silent = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

interface Compiler {
  hooks: { normalModuleFactory: { tap(name: string, fn: (nmf: ModuleFactory) => void): void } };
}
interface ModuleFactory {
  hooks: { beforeResolve: { tap(name: string, fn: (data: { request: string }) => void): void } };
}

/** The workflows bundle with workflows/lib/upgrade-verify replaced by `replacement`: the code of another release. */
async function bundleWith(replacement: string): Promise<string> {
  const plugin = {
    apply(compiler: Compiler) {
      compiler.hooks.normalModuleFactory.tap('upgrade-release', (nmf) =>
        nmf.hooks.beforeResolve.tap('upgrade-release', (data) => {
          if (/(^|\/)upgrade-verify$/.test(data.request)) data.request = replacement;
        })
      );
    },
  };
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: silent,
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), plugin] }),
  });
  return code;
}

let connection: NativeConnection;
let client: Client;
let closeClient: () => Promise<void>;
let v1Code: string;
let unpatchedCode: string;

beforeAll(async () => {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // installed already in this process
  }
  v1Code = await bundleWith(require.resolve('../fixtures/upgrade-v1/upgrade-verify'));
  unpatchedCode = await bundleWith(require.resolve('../fixtures/upgrade-unpatched/upgrade-verify'));
  connection = await NativeConnection.connect({ address: testServer.address });
  ({ client, close: closeClient } = await connectClient());
}, 180_000);

afterAll(async () => {
  await closeClient?.();
  await connection?.close();
});

test('an upgrade started by the old worker finishes on a worker with the patched change, with no determinism error', async () => {
  const fake = new FakeCluster(uniqueName('vers'), A);
  const [n1, n2, n3] = fake.nodes.map((n) => n.hostname) as [string, string, string];
  const taskQueue = `upgrade-versioning-${randomUUID()}`;
  const mesos = await Worker.create({
    connection,
    taskQueue: TASK_QUEUE_MESOS_BRIDGE,
    activities: fake.mesosActivities(),
  });
  const mesosRunning = mesos.run();
  // No cache: every workflow task replays the whole history with the old code, as a fresh old worker would.
  const old = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { code: v1Code },
    activities: fake.scaleioActivities(),
    maxCachedWorkflows: 0,
  });
  const oldRunning = old.run();
  try {
    const handle = await client.workflow.start('rollingUpgrade', {
      taskQueue,
      workflowId: workflowIds.upgrade(fake.cluster, B),
      args: [{ cluster: fake.cluster, targetVersion: B, pauseAfterCanary: true, healthGate: { pollSeconds: 0.1 } }],
    });
    const paused = await waitFor(
      'the old worker to pause the upgrade after its canary',
      () => handle.query(progressQuery),
      (p) => p.phases.some((ph) => ph.steps.some((s) => (s.reason ?? '').includes('paused after the canary')))
    );
    // The canary is the tie-breaker's node; LIA and MDM are done, all by the old code: no version was asked.
    expect(paused.current).toEqual([`sds/${n2}`]);
    expect(fake.nodes.map((n) => [n.hostname, n.versions.sds])).toEqual([
      [n1, A],
      [n2, A],
      [n3, B],
    ]);
    expect(fake.verifications).toEqual([]);

    const history = await handle.fetchHistory();
    // The workflow id is part of what replays (the upgrade checks it), so the replays get the real one.
    const replay = (bundle: { code: string } | { codePath: string }) =>
      Worker.runReplayHistory({ workflowBundle: bundle }, history, handle.workflowId);
    await expect(replay({ codePath: testServer.bundlePath })).resolves.toBeUndefined();
    // Unpatched, the new code asks for versions where the old history went on to the health gate.
    const unpatched = await replay({ code: unpatchedCode }).then(
      () => undefined,
      (e: unknown) => e
    );
    expect(unpatched).toBeInstanceOf(DeterminismViolationError);
    expect((unpatched as Error).message).toMatch(/'checkUpgradeHealth' does not match .* 'readComponentVersions'/);

    // The deploy: the old worker stops, the current code takes over, the operator resumes.
    old.shutdown();
    await oldRunning;
    const current = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: { codePath: testServer.bundlePath },
      activities: fake.scaleioActivities(),
    });
    const report: UpgradeReport = await current.runUntil(async () => {
      await handle.signal(resumeSignal, { reason: 'deployed' });
      return handle.result();
    });
    expect(report.outcome).toBe('completed');
    expect(fake.nodes.every((n) => Object.values(n.versions).every((v) => v === B))).toBe(true);
    // The new code path ran for the nodes upgraded after the deploy, and only for them.
    expect(fake.verifications).toEqual([`sds ${n2}`, `sds ${n1}`, `sdc ${n1}`, `sdc ${n2}`, `sdc ${n3}`]);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    expect(events.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
  } finally {
    if (old.getState() === 'RUNNING') old.shutdown();
    await oldRunning.catch(() => undefined);
    mesos.shutdown();
    await mesosRunning;
  }
}, 120_000);

// The operator's overrides, on the same in-memory cluster and the current code: a blocked health gate shows its
// reason in `progress`; forceComplete skips the waiting step; forceRestart runs a done step again before the next
// node; a signal naming no step is recorded as ignored.
test('a blocked health gate shows why in progress; forceComplete skips the step, forceRestart re-runs a done one', async () => {
  const fake = new FakeCluster(uniqueName('vers'), A);
  const [n1, n2] = fake.nodes.map((n) => n.hostname) as [string, string, string];
  fake.blockSdsIp = fake.nodes[1]!.ip;
  const taskQueue = `upgrade-overrides-${randomUUID()}`;
  const mesos = await Worker.create({
    connection,
    taskQueue: TASK_QUEUE_MESOS_BRIDGE,
    activities: fake.mesosActivities(),
  });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: testServer.bundlePath },
    activities: fake.scaleioActivities(),
  });
  const report: UpgradeReport = await mesos.runUntil(
    worker.runUntil(async () => {
      const handle = await client.workflow.start('rollingUpgrade', {
        taskQueue,
        workflowId: workflowIds.upgrade(fake.cluster, B),
        args: [{ cluster: fake.cluster, targetVersion: B, canaryCount: 0, healthGate: { pollSeconds: 0.2 } }],
      });
      const blocked = await waitFor(
        `the health gate to block before ${n2}`,
        () => handle.query(progressQuery),
        (p) => p.phases.some((ph) => ph.name === 'sds' && ph.steps.some((s) => s.name === n2 && s.status === 'WAITING'))
      );
      const step = blocked.phases.find((ph) => ph.name === 'sds')!.steps.find((s) => s.name === n2)!;
      expect(step.reason).toBe(`health gate: SDS ${fake.nodes[1]!.ip} is held by the test`);
      expect(blocked.current).toEqual([`sds/${n2}`]);
      await handle.signal(forceCompleteSignal, { phase: 'sds', step: 'no-such-node' });
      await handle.signal(forceRestartSignal, { phase: 'lia', step: n1, reason: 'reinstall the LIA' });
      await handle.signal(forceCompleteSignal, { phase: 'sds', step: n2, reason: 'upgraded by hand' });
      return handle.result();
    })
  );
  expect(report.outcome).toBe('completed');
  expect(report.skipped).toEqual([`sds/${n2}`]);
  expect(report.upgraded.filter((k) => k === `lia/${n1}`)).toHaveLength(2);
  expect(report.operatorActions.map((a) => [a.signal, a.step, a.outcome.split(':')[0]])).toEqual([
    ['forceComplete', 'sds/no-such-node', 'ignored'],
    ['forceRestart', `lia/${n1}`, 'applied'],
    ['forceComplete', `sds/${n2}`, 'applied'],
  ]);
  // The forced step was not run: that SDS keeps A; the LIA of n1 was installed twice, the second time unchanged.
  expect(fake.nodes[1]!.versions.sds).toBe(A);
  expect(fake.installs.filter((i) => i.startsWith(`lia ${n1} `))).toEqual([`lia ${n1} ${B}`, `lia ${n1} ${B}`]);
  expect(fake.installs.indexOf(`lia ${n1} ${B}`, 1)).toBeGreaterThan(
    fake.installs.indexOf(`sds ${fake.nodes[2]!.hostname} ${B}`)
  );
}, 60_000);

// Pre-checks run before anything changes and report every failed check at once.
test('failed pre-checks stop the upgrade before any change, naming every failed check', async () => {
  const fake = new FakeCluster(uniqueName('vers'), A);
  fake.unhealthy = ['1.0 GB of degraded or failed capacity (at most 0 KB allowed)'];
  fake.packagesMissing = true;
  const taskQueue = `upgrade-prechecks-${randomUUID()}`;
  const mesos = await Worker.create({
    connection,
    taskQueue: TASK_QUEUE_MESOS_BRIDGE,
    activities: fake.mesosActivities(),
  });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: testServer.bundlePath },
    activities: fake.scaleioActivities(),
  });
  const failure = await mesos.runUntil(
    worker.runUntil(
      client.workflow
        .execute('rollingUpgrade', {
          taskQueue,
          workflowId: workflowIds.upgrade(fake.cluster, B),
          args: [{ cluster: fake.cluster, targetVersion: B }],
        })
        .then(
          () => undefined,
          (e: unknown) => (e instanceof WorkflowFailedError ? e.cause : e)
        )
    )
  );
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect((failure as ApplicationFailure).type).toBe('UpgradePreCheckFailed');
  expect((failure as ApplicationFailure).message).toMatch(
    /cluster-health: 1\.0 GB of degraded .*\| packages: missing from the repository: http/
  );
  expect(fake.installs).toEqual([]);
}, 60_000);
