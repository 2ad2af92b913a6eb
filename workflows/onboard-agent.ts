// onboardAgent: makes one node a full data node of the cluster: SDS with its free devices in the PD/SP, SDC
// connected to the MDMs, REX-Ray and the DVDI isolator, then proves volume access with a test volume.
// Idempotent by probing: what is already there at the right version is kept (the steps report "unchanged").
// Workflow id: scaleio/<cluster>/node/<hostname>/onboard; started by the supervisor (or bootstrap).
import { ActivityFailure, ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { NodeFacts } from '../activities/install';
import { managerIps, verifyVolumeName, type ClusterContext } from '../common/cluster';
import { describeProblems, ErrorType } from '../common/errors';
import type { NodeStepRequest } from '../common/node-steps';
import { ScaleioCluster, ScaleioNode, ScaleioProcedure } from '../common/search-attributes';
import { checkClusterContext } from './lib/context';
import { asProcedure, contextOf } from './lib/procedure';
import { surfaceNonRetryable } from './lib/failures';
import { describeOutcome, runDisruptiveStep, runNodeStep, type StepOutcome } from './lib/node-step';
import { probeFacts } from './lib/probe';
import { Plan } from './lib/plan';
import { gateway, planner } from './lib/scaleio';

export interface OnboardAgentInput {
  cluster: string;
  hostname: string;
  /** Given by the supervisor; absent when an operator starts it: read from the supervisor, and registered there. */
  context?: ClusterContext;
  /** Skip the test-volume check (default false). */
  skipVerify?: boolean;
}

export interface OnboardReport {
  hostname: string;
  ip: string;
  os: string;
  /** Devices handed to the SDS, and disks left alone with the reason. */
  devices: string[];
  skippedDevices: { path: string; reason: string }[];
  sds: { id: string; created: boolean };
  steps: { step: string; status: string; changed: boolean }[];
  rebooted: boolean;
  agentRestarted: boolean;
  verified: boolean;
}

const PHASES = [
  { name: 'probe', steps: ['probe-node'] },
  { name: 'prerequisites', steps: ['prereqs'] },
  { name: 'packages', steps: ['install-sds', 'install-sdc'] },
  { name: 'register', steps: ['add-sds'] },
  { name: 'volume-driver', steps: ['install-rexray', 'install-isolator'] },
  { name: 'verify', steps: ['verify-volume'] },
];

export async function onboardAgent(raw: OnboardAgentInput): Promise<OnboardReport> {
  const input = checkOnboardInput(raw);
  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioNode, value: input.hostname },
    { key: ScaleioProcedure, value: 'onboard' },
  ]);
  const plan = new Plan('onboard', `${input.cluster}/${input.hostname}`, PHASES);
  try {
    if (input.context) return await onboard(input.hostname, input.context, plan, input.skipVerify === true);
    const context = await contextOf(input.cluster, undefined);
    return await asProcedure(input.cluster, { procedure: 'onboard', hostname: input.hostname }, () =>
      onboard(input.hostname, context, plan, input.skipVerify === true)
    );
  } catch (err) {
    plan.finish('failed');
    return surfaceNonRetryable(err);
  }
}

async function onboard(
  hostname: string,
  context: ClusterContext,
  plan: Plan,
  skipVerify: boolean
): Promise<OnboardReport> {
  const { spec } = context;
  const input = { hostname, context, skipVerify };
  const steps: StepOutcome[] = [];
  const facts = await plan.run('probe', 'probe-node', () => probeFacts(input.hostname), describeFacts);
  const { os, ip } = requireInstallable(input.hostname, facts);
  const planSteps = (requests: NodeStepRequest[], suffix?: string) =>
    planner.planNodeSteps({ hostname: input.hostname, os, spec, steps: requests, ...(suffix ? { suffix } : {}) });
  const step = async (phase: string, name: string, run: Parameters<typeof runNodeStep>[0]) => {
    const o = await plan.run(phase, name, () => runNodeStep(run), describeOutcome);
    steps.push(o);
    return o;
  };

  // Prerequisites, and the reboot a new kernel needs (Ubuntu 14.04), checked again after the node is back.
  const [prereqs] = await planSteps([{ kind: 'prereqs' }]);
  const pre = await step('prerequisites', 'prereqs', prereqs!);
  let rebooted = false;
  if (pre.rebootRequired) {
    const [reboot] = await planSteps([{ kind: 'reboot' }]);
    await plan.run('prerequisites', 'reboot-node', () => runDisruptiveStep(reboot!));
    rebooted = true;
    const [again] = await planSteps([{ kind: 'prereqs' }], 'after-reboot');
    const check = await step('prerequisites', 'prereqs-after-reboot', again!);
    if (check.rebootRequired)
      throw ApplicationFailure.nonRetryable(
        `${input.hostname} still runs another kernel than the prerequisites installed, after a reboot`,
        ErrorType.StepFailed
      );
  }

  const [sds, sdc] = await planSteps([
    { kind: 'package', role: 'sds' },
    { kind: 'package', role: 'sdc', mdmIps: managerIps(input.context) },
  ]);
  await step('packages', 'install-sds', sds!);
  await step('packages', 'install-sdc', sdc!);

  const devices = facts.freeDevices;
  const added = await plan.run(
    'register',
    'add-sds',
    () => gateway.addSds({ protectionDomain: spec.protectionDomain, storagePool: spec.storagePool, ip, devices }),
    (r) => `${r.created ? 'added' : 'already there'}: SDS ${r.id} with ${devices.length} device(s)`
  );

  const [rexray, isolator] = await planSteps([
    { kind: 'rexray', gatewayEndpoint: input.context.gatewayEndpoint },
    { kind: 'isolator' },
  ]);
  await step('volume-driver', 'install-rexray', rexray!);
  const iso = await step('volume-driver', 'install-isolator', isolator!);
  let agentRestarted = false;
  if (iso.agentRestartRequired) {
    const [restart] = await planSteps([{ kind: 'restart-agent' }]);
    await plan.run('volume-driver', 'restart-mesos-agent', () => runDisruptiveStep(restart!));
    agentRestarted = true;
  }

  let verified = false;
  if (!input.skipVerify) {
    try {
      await plan.run(
        'verify',
        'verify-volume',
        () =>
          gateway.verifyVolumeAccess({
            protectionDomain: spec.protectionDomain,
            storagePool: spec.storagePool,
            sdcIp: ip,
            volumeName: verifyVolumeName(input.hostname),
          }),
        (r) => `volume ${r.volumeId} created, mapped to SDC ${r.sdcId}, unmapped and removed`
      );
      verified = true;
    } catch (err) {
      // A pool that never reached three SDSs cannot hold a volume: the node is on-boarded, unverified, and says why.
      if (!(
        err instanceof ActivityFailure &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === 'PoolTooSmall'
      ))
        throw err;
      plan.set('verify', 'verify-volume', 'COMPLETE', `skipped: ${err.cause.message}`);
    }
  } else plan.set('verify', 'verify-volume', 'COMPLETE', 'skipped (skipVerify)');

  plan.finish('done');
  return {
    hostname: input.hostname,
    ip,
    os,
    devices,
    skippedDevices: skippedDevices(facts),
    sds: { id: added.id, created: added.created },
    steps: steps.map((s) => ({ step: s.step, status: s.status, changed: s.changed })),
    rebooted,
    agentRestarted,
    verified,
  };
}

function checkOnboardInput(raw: OnboardAgentInput): OnboardAgentInput {
  const problems = checkClusterContext(raw, ['skipVerify']);
  if (problems.length > 0)
    throw ApplicationFailure.nonRetryable(describeProblems('onboardAgent input', problems), ErrorType.InvalidInput);
  return raw;
}

/** The OS family and IP the installs need; a node that has neither cannot be on-boarded (no retry helps). */
export function requireInstallable(
  hostname: string,
  facts: NodeFacts
): { os: 'ubuntu14' | 'ubuntu16' | 'rhel7'; ip: string } {
  const family = facts.os.family;
  if (family !== 'ubuntu14' && family !== 'ubuntu16' && family !== 'rhel7')
    throw ApplicationFailure.nonRetryable(
      `${hostname} runs ${facts.os.prettyName ?? family}: supported are Ubuntu 14.04/16.04 and RHEL/CentOS 7` +
        (family === 'coreos' ? ' (CoreOS needs a container-based install: on the roadmap)' : ''),
      ErrorType.UnsupportedOs
    );
  const ip = facts.ips[0];
  if (!ip)
    throw ApplicationFailure.nonRetryable(`${hostname} reports no IPv4 address (hostname -I)`, ErrorType.NodeNotFound);
  return { os: family, ip };
}

function describeFacts(f: NodeFacts): string {
  return `${f.os.prettyName ?? f.os.family}, ${f.ips[0] ?? 'no IPv4'}, free devices: ${f.freeDevices.join(', ') || 'none'}`;
}

/** Disks not given to ScaleIO, each with the reason an operator would want to know. */
export function skippedDevices(f: NodeFacts): { path: string; reason: string }[] {
  return f.disks
    .filter((d) => !f.freeDevices.includes(d.path))
    .map((d) => ({
      path: d.path,
      reason:
        d.path === f.systemDisk
          ? 'system disk'
          : d.fstype
            ? `holds a ${d.fstype} filesystem`
            : d.mountpoint
              ? `mounted at ${d.mountpoint}`
              : d.partitions.length > 0
                ? 'has partitions'
                : 'in use by ScaleIO or not a plain disk',
    }));
}
