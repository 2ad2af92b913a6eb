// Node steps end to end: the planNodeSteps activity (in-process scaleio worker) plans, the procedures' runner
// (workflows/lib/node-step.ts, in a fixture workflow) runs each step through the real bridge process on the
// simulated nodes. A repeat changes nothing; a broken package fails after three attempts with nothing
// half-installed; a lost task is relaunched and installs once; bad input runs nothing.
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type Payload, TemporalFailure } from '@temporalio/common';
import { prerequisitePackages } from '../../activities/install';
import type { RunOnAgentInput } from '../../common/mesos-activities';
import type { NodeStepRequest, PlanNodeStepsInput } from '../../common/node-steps';
import { packageFileName, validateClusterSpec, type ClusterSpec } from '../../common/spec';
import type { StepOutcome } from '../../workflows/lib/node-step';
import { startWorld, type World } from '../../sim/world';
import { goodSpec } from '../fixtures/specs';
import { startBridgeProcess, waitFor, type BridgeProcess } from '../support/bridge-process';
import { startFixtureWorker, type FixtureWorker } from '../support/fixture-worker';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

const V = '2.0-10000.2072';
const PASSWORD = 'Sim-Admin-Pw-7f3a';
const cluster = uniqueName('steps');
let world: World;
let env: Running;
let bridge: BridgeProcess;
let fixtures: FixtureWorker;
let spec: ClusterSpec;

beforeAll(async () => {
  world = await startWorld({ agents: 3, mesos: { allocationIntervalMs: 100 } });
  env = await runScaleioWorker();
  bridge = await startBridgeProcess({
    masterUrl: world.masterUrl,
    cluster,
    env: { SCALEIO_ADMIN_PASSWORD: PASSWORD },
  });
  fixtures = await startFixtureWorker();
  await waitFor(
    'the bridge to subscribe',
    () => bridge.health(),
    (h) => h.ok
  );
  const r = validateClusterSpec({
    ...goodSpec(cluster),
    passwordRef: 'env:SCALEIO_ADMIN_PASSWORD',
    packages: { repository: world.packages.dirs.scaleio, version: V },
    volumeDriver: {
      repository: world.packages.dirs.rexray,
      isolatorUrl: `${world.packages.dirs.isolator}libmesos_dvdi_isolator-1.0.1.so`,
    },
  });
  if (!r.ok) throw new Error(`spec rejected: ${JSON.stringify(r.problems)}`);
  spec = r.spec;
});

afterAll(async () => {
  await bridge?.stop();
  await fixtures?.stop();
  await env?.stop();
  await world?.close();
});

function start(
  name: string,
  hostname: string,
  os: PlanNodeStepsInput['os'],
  steps: NodeStepRequest[],
  times = 1
): Promise<WorkflowHandle<(i: PlanNodeStepsInput, t: number) => Promise<StepOutcome[][]>>> {
  return env.client.workflow.start<(i: PlanNodeStepsInput, t: number) => Promise<StepOutcome[][]>>('runPlannedSteps', {
    taskQueue: fixtures.taskQueue,
    workflowId: uniqueName(name),
    args: [{ hostname, os, spec, steps }, times],
  });
}

async function failureOf(handle: WorkflowHandle): Promise<WorkflowFailedError> {
  const err = await handle.result().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  return err as WorkflowFailedError;
}

/** Every string in the workflow's history, payloads decoded: to check what history holds in clear. */
async function historyText(handle: WorkflowHandle): Promise<string> {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
      const { payloads } = v as { payloads?: unknown };
      if (Array.isArray(payloads))
        for (const p of payloads) out.push(JSON.stringify(defaultPayloadConverter.fromPayload(p as Payload)));
      Object.values(v).forEach(walk);
    }
  };
  walk(await handle.fetchHistory());
  return out.join('\n');
}

/** The runOnAgent calls the workflow scheduled, in order. */
async function runOnAgentInputs(handle: WorkflowHandle): Promise<RunOnAgentInput[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType?.name === 'runOnAgent')
    .map((a) => defaultPayloadConverter.fromPayload<RunOnAgentInput>(a!.input!.payloads![0]!));
}

/** The first ApplicationFailure of this type along the cause chain. */
function findFailure(err: unknown, type: string): ApplicationFailure | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && e.type === type) return e;
    if (!(e instanceof TemporalFailure) && !(e instanceof WorkflowFailedError)) return undefined;
  }
  return undefined;
}

/**
 * Loses the workflow's named task on the node once it runs and `ready()` holds, polling every millisecond (a step
 * takes a few hundred: each shim is a node process). Resolves to the fault's answer: true when a live task was lost.
 */
async function loseTaskWhen(
  workflowId: string,
  hostname: string,
  name: string,
  ready: () => boolean
): Promise<unknown> {
  for (let i = 0; i < 60_000; i++) {
    const entry = world.mesos
      .taskLog()
      .find((t) => t.hostname === hostname && t.name === name && t.taskId.includes(workflowId));
    const live = entry && world.mesos.agent(hostname).task(entry.frameworkId, entry.taskId);
    if (entry && live?.state === 'TASK_RUNNING' && ready()) return world.fault('lose-task', { taskId: entry.taskId });
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`${name} never got to the point to lose it on ${hostname}`);
}

/** The Mesos tasks a workflow launched whose name matches. */
const launches = (workflowId: string, name: RegExp) =>
  world.mesos.taskLog().filter((t) => t.taskId.includes(workflowId) && name.test(t.name));
const ipOf = (hostname: string) => world.registry.get(hostname).ip;

test('prereqs, SDS, SDC and LIA on RHEL 7 and Ubuntu 16.04: installed once, a second round changes nothing', async () => {
  const steps = (): NodeStepRequest[] => [
    { kind: 'prereqs' },
    { kind: 'package', role: 'sds' },
    { kind: 'package', role: 'sdc', mdmIps: [ipOf('node-3'), ipOf('node-2')] },
    { kind: 'package', role: 'lia' },
  ];
  const nodes = [
    { hostname: 'node-3', os: 'rhel7', pkg: (r: string) => `EMC-ScaleIO-${r}` },
    { hostname: 'node-2', os: 'ubuntu16', pkg: (r: string) => `emc-scaleio-${r}` },
  ] as const;
  const handles = await Promise.all(nodes.map((n) => start(`twice-${n.hostname}`, n.hostname, n.os, steps(), 2)));
  const results = await Promise.all(handles.map((h) => h.result()));

  nodes.forEach((n, i) => {
    const [first, second] = results[i] ?? [];
    const names = ['install-prereqs', 'install-sds', 'install-sdc', 'install-lia'];
    expect(first?.map((o) => o.step)).toEqual(names);
    expect(second?.map((o) => o.step)).toEqual(names.map((s) => `${s}-round2`));
    for (const o of first ?? []) expect(o).toMatchObject({ hostname: n.hostname, changed: true, status: 'installed' });
    for (const o of first?.slice(1) ?? []) expect(o.version).toBe(V);
    for (const o of second ?? []) expect(o).toMatchObject({ changed: false, status: 'unchanged', attempts: 1 });

    const node = world.registry.get(n.hostname);
    for (const role of ['sds', 'sdc', 'lia']) expect(node.packages[n.pkg(role)]?.version).toBe(V);
    expect(node.packages[n.pkg('mdm')]).toBeUndefined();
    expect(node.sdc.mdmIps).toEqual([ipOf('node-3'), ipOf('node-2')]);
    // One install per package, prerequisites included, and nothing else; eight tasks, one per step and round.
    const log = world.registry.installLog.list({ hostname: n.hostname });
    const perPackage: Record<string, string[]> = {};
    for (const e of log) (perPackage[e.package] ??= []).push(e.action);
    const expected = [...prerequisitePackages({ os: n.os }), ...['sds', 'sdc', 'lia'].map(n.pkg)];
    expect(perPackage).toEqual(Object.fromEntries(expected.map((p) => [p, ['install']])));
    expect(launches(handles[i]!.workflowId, /./)).toHaveLength(8);
  });

  // The LIA got its token from the bridge's environment; history holds only the reference.
  const history = await historyText(handles[0]!);
  expect(history).toContain('env:SCALEIO_ADMIN_PASSWORD');
  expect(history).not.toContain(PASSWORD);
});

test('a corrupt SDS package fails the step after three attempts, naming node, step and exit code', async () => {
  const file = packageFileName('rhel7', 'sds', V);
  await world.fault('corrupt-package', { file, mode: 'checksum' });
  try {
    const handle = await start('corrupt', 'node-1', 'centos7', [{ kind: 'package', role: 'sds' }]);
    const err = await failureOf(handle);
    const cause = err.cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    const f = cause as ApplicationFailure;
    expect(f.type).toBe('StepFailed');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toMatch(/^step install-sds on node-1 exited 1 \(TASK_FAILED\) after 3 attempts: /);
    expect(f.message).toContain('digest: SHA256 digest: BAD');
    expect(f.details).toEqual([expect.objectContaining({ hostname: 'node-1', step: 'install-sds', exitCode: 1 })]);

    // Every attempt is its own Mesos task, each visible in history.
    const inputs = await runOnAgentInputs(handle);
    expect(inputs.map((i) => i.taskName)).toEqual(['install-sds', 'install-sds-retry1', 'install-sds-retry2']);
    const tasks = launches(handle.workflowId, /^install-sds/);
    expect(tasks.map((t) => [t.name, t.exitCode])).toEqual([
      ['install-sds', 1],
      ['install-sds-retry1', 1],
      ['install-sds-retry2', 1],
    ]);
    // Nothing half-installed.
    const node = world.registry.get('node-1');
    expect(node.packages['EMC-ScaleIO-sds']).toBeUndefined();
    expect(node.services.sds).toBeUndefined();
    expect(world.registry.installLog.list({ hostname: 'node-1' })).toEqual([]);
  } finally {
    await world.fault('packages-clear');
  }
});

/** Runs [prereqs, package role] on node-1, losing the package task when `ready`; checks one install, one relaunch. */
async function lostMidStep(
  role: 'sds' | 'sdc',
  ready: () => boolean
): Promise<{ outcome: StepOutcome; installedByRelaunch: boolean }> {
  const request: NodeStepRequest =
    role === 'sdc' ? { kind: 'package', role, mdmIps: [ipOf('node-3')] } : { kind: 'package', role };
  const handle = await start(`lost-${role}`, 'node-1', 'centos7', [{ kind: 'prereqs' }, request]);
  expect(await loseTaskWhen(handle.workflowId, 'node-1', `install-${role}`, ready)).toBe(true);
  const [outcomes] = await handle.result();
  const outcome = outcomes?.[1];
  // The runner saw one successful run: the relaunch happened inside runOnAgent's retry, not as a new step.
  expect(outcome).toMatchObject({ step: `install-${role}`, hostname: 'node-1', attempts: 1, reattached: false });
  expect(outcome?.version).toBe(V);

  // The bridge registers partition-aware, so a lost executor is reported as TASK_GONE; the relaunch finished.
  const tasks = launches(handle.workflowId, new RegExp(`^install-${role}$`));
  expect(tasks.map((t) => t.finalState)).toEqual(['TASK_GONE', 'TASK_FINISHED']);
  const pkg = `EMC-ScaleIO-${role}`;
  const installs = world.registry.installLog.list({ hostname: 'node-1', package: pkg });
  expect(installs.map((e) => e.action)).toEqual(['install']);
  expect(world.registry.get('node-1').packages[pkg]?.version).toBe(V);

  // The retry and its cause are in history.
  const history = await handle.fetchHistory();
  const retried = (history.events ?? [])
    .map((e) => e.activityTaskStartedEventAttributes)
    .filter((a) => (a?.attempt ?? 0) > 1);
  expect(retried).toHaveLength(1);
  expect(retried[0]?.lastFailure?.applicationFailureInfo?.type).toBe('TaskLost');
  expect(retried[0]?.lastFailure?.message).toContain('was lost (TASK_GONE)');
  return { outcome: outcome!, installedByRelaunch: installs[0]!.atMs >= tasks[1]!.time };
}

test('a task lost as soon as it runs is relaunched by runOnAgent; the step completes, one install', async () => {
  const { outcome, installedByRelaunch } = await lostMidStep('sds', () => true);
  // Whichever attempt installed, the outcome says so.
  expect(outcome).toMatchObject(
    installedByRelaunch ? { changed: true, status: 'installed' } : { changed: false, status: 'unchanged' }
  );
});

test('a task lost after its package went in: the relaunch finds it and reports unchanged, no second install', async () => {
  const installed = () => world.registry.installLog.list({ hostname: 'node-1', package: 'EMC-ScaleIO-sdc' }).length > 0;
  const { outcome, installedByRelaunch } = await lostMidStep('sdc', installed);
  expect(installedByRelaunch).toBe(false);
  expect(outcome).toMatchObject({ changed: false, status: 'unchanged' });
  expect(world.registry.get('node-1').sdc.mdmIps).toEqual([ipOf('node-3')]);
});

test('bad input runs nothing: a hostname with shell characters, an unsupported OS', async () => {
  const before = world.mesos.taskLog().length;
  const badHost = await failureOf(
    await start('bad-host', 'node-1; reboot', 'rhel7', [{ kind: 'package', role: 'sds' }])
  );
  const hostFailure = findFailure(badHost, 'InvalidInput');
  expect(hostFailure?.nonRetryable).toBe(true);
  expect(hostFailure?.message).toContain('hostname: must be a hostname or IPv4 address');

  const coreos = await failureOf(
    await start('bad-os', 'node-1', 'coreos' as PlanNodeStepsInput['os'], [{ kind: 'package', role: 'sds' }])
  );
  const osFailure = findFailure(coreos, 'UnsupportedOs');
  expect(osFailure?.nonRetryable).toBe(true);
  expect(osFailure?.message).toContain('os: unsupported OS "coreos"');

  expect(world.mesos.taskLog()).toHaveLength(before);
});
