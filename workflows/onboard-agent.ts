// onboardAgent: makes one node a full data node of the cluster: SDS with its free devices in the PD/SP, SDC
// connected to the MDMs, REX-Ray and the DVDI isolator, then proves volume access with a test volume.
// Idempotent by probing: what is already there at the right version is kept (the steps report "unchanged").
// Workflow id: scaleio/<cluster>/node/<hostname>/onboard; started by the supervisor (or bootstrap).
import { ActivityFailure, ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { NodeFacts } from '../activities/install';
import { managerIps, verifyVolumeName, type ClusterContext } from '../common/cluster';
import { ErrorType, type FieldProblem } from '../common/errors';
import { nodeLayout, type NodeLayout } from '../common/placement';
import type { NodeStepRequest } from '../common/node-steps';
import { ScaleioCluster, ScaleioNode, ScaleioProcedure } from '../common/search-attributes';
import { checkAttributes, checkClusterContext } from './lib/context';
import { Checker } from '../common/validate';
import { asProcedure, contextOf, supervisorCalls } from './lib/procedure';
import { surfaceNonRetryable, refuseBadInput } from './lib/failures';
import { describeOutcome, runNodeStep, type StepOutcome } from './lib/node-step';
import { probeFacts } from './lib/probe';
import { Plan } from './lib/plan';
import { nodeDown, type RebootTarget } from './lib/reboot-node';
import { RebootTurns } from './lib/reboot-turns';
import { gateway, planner, verification } from './lib/scaleio';

export interface OnboardAgentInput {
  cluster: string;
  hostname: string;
  /** Given by the supervisor; absent when an operator starts it: read from the supervisor, and registered there. */
  context?: ClusterContext;
  /** Skip the test-volume check (default false). */
  skipVerify?: boolean;
  /** The agent's Mesos attributes (placement: scaleio-sds-*, scaleio-sdc-*); read from the supervisor when absent. */
  attributes?: Record<string, string>;
}

export interface OnboardReport {
  hostname: string;
  ip: string;
  os: string;
  /** Devices handed to the SDS, and disks left alone with the reason. */
  devices: string[];
  skippedDevices: { path: string; reason: string }[];
  /** Absent on a client-only node (scaleio-sdc-* attributes without scaleio-sds-*). */
  sds?: { id: string; created: boolean; protectionDomain: string };
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
  const turns = new RebootTurns(input.cluster);
  try {
    const skip = input.skipVerify === true;
    if (input.context) return await onboard(input.hostname, input.context, input.attributes ?? {}, plan, skip, turns);
    const context = await contextOf(input.cluster, undefined);
    const attributes = input.attributes ?? (await attributesOf(input.cluster, input.hostname));
    return await asProcedure(input.cluster, { procedure: 'onboard', hostname: input.hostname }, () =>
      onboard(input.hostname, context, attributes, plan, skip, turns)
    );
  } catch (err) {
    plan.finish('failed');
    return surfaceNonRetryable(err);
  }
}

async function onboard(
  hostname: string,
  context: ClusterContext,
  attributes: Record<string, string>,
  plan: Plan,
  skipVerify: boolean,
  turns: RebootTurns
): Promise<OnboardReport> {
  const { spec } = context;
  const input = { hostname, context, skipVerify };
  const steps: StepOutcome[] = [];
  const layout = layoutOf(hostname, attributes, spec);
  const facts = await plan.run('probe', 'probe-node', () => probeFacts(input.hostname), describeFacts);
  const { os, ip } = requireInstallable(input.hostname, facts);
  // Reboots and agent restarts take the cluster's turn, then wait for the node and check its services.
  const target = (phase: string): RebootTarget => ({ plan, phase, prefix: '', hostname, os, spec, turns });
  const devices = layout.imperative ? declaredDevices(hostname, layout, facts) : facts.freeDevices;
  // With the probe's facts the planner marks what is already done (a node adopted from the old framework runs
  // no install task); a re-run after a reboot is planned without them, since the node changed since the probe.
  const planSteps = (requests: NodeStepRequest[], suffix?: string) =>
    planner.planNodeSteps({
      hostname: input.hostname,
      os,
      spec,
      steps: requests,
      ...(suffix ? { suffix } : { facts }),
    });
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
    const why = 'the prerequisites installed a kernel it does not run yet';
    await nodeDown(target('prerequisites'), 'reboot', why, { after: pre, uncoordinated: true });
    rebooted = true;
    const [again] = await planSteps([{ kind: 'prereqs' }], 'after-reboot');
    const check = await step('prerequisites', 'prereqs-after-reboot', again!);
    if (check.rebootRequired)
      throw ApplicationFailure.nonRetryable(
        `${input.hostname} still runs another kernel than the prerequisites installed, after a reboot`,
        ErrorType.StepFailed
      );
  }

  const sdsLayout = layout.sds;
  const [sdc, sds] = await planSteps([
    { kind: 'package', role: 'sdc', mdmIps: managerIps(input.context) },
    ...(sdsLayout ? [{ kind: 'package' as const, role: 'sds' as const }] : []),
  ]);
  if (sds) await step('packages', 'install-sds', sds);
  else plan.set('packages', 'install-sds', 'COMPLETE', 'skipped: client-only node (scaleio-sdc-* attributes)');
  const sdcOutcome = await step('packages', 'install-sdc', sdc!);
  if (sdcOutcome.rebootRequired) {
    const why = 'the SDC kernel module (scini) loads only after a reboot';
    const opts = { after: sdcOutcome, suffix: 'sdc', uncoordinated: false };
    if (await nodeDown(target('packages'), 'reboot', why, opts)) rebooted = true;
  }

  let added: OnboardReport['sds'];
  if (sdsLayout) {
    const pd = sdsLayout.protectionDomain;
    const custom = pd !== spec.protectionDomain || sdsLayout.pools.some((p) => p.storagePool !== spec.storagePool);
    added = await plan.run(
      'register',
      'add-sds',
      async () => {
        // Pools named by the node's attributes are created on first use, as the old framework did.
        if (custom) {
          await gateway.ensureProtectionDomain({ name: pd });
          for (const p of sdsLayout.pools)
            await gateway.ensureStoragePool({ protectionDomain: pd, name: p.storagePool });
        }
        const r = await gateway.addSds(
          layout.imperative
            ? { protectionDomain: pd, storagePool: spec.storagePool, ip, devices: [], pools: sdsLayout.pools }
            : { protectionDomain: pd, storagePool: sdsLayout.pools[0]!.storagePool, ip, devices }
        );
        return { id: r.id, created: r.created, protectionDomain: pd };
      },
      (r) => `${r.created ? 'added' : 'already there'}: SDS ${r.id} in ${pd} with ${devices.length} device(s)`
    );
  } else plan.set('register', 'add-sds', 'COMPLETE', 'skipped: client-only node');

  const [rexray, isolator] = await planSteps([
    { kind: 'rexray', gatewayEndpoint: input.context.gatewayEndpoint, ...layout.volumes },
    { kind: 'isolator' },
  ]);
  await step('volume-driver', 'install-rexray', rexray!);
  const iso = await step('volume-driver', 'install-isolator', isolator!);
  let agentRestarted = false;
  if (iso.agentRestartRequired) {
    // A changed isolator configuration needs the agent restarted, not the node rebooted.
    const why = 'the DVDI isolator configuration changed';
    await nodeDown(target('volume-driver'), 'restart-agent', why, { after: iso, uncoordinated: true });
    agentRestarted = true;
  }

  let verified = false;
  if (!input.skipVerify) {
    try {
      await plan.run(
        'verify',
        'verify-volume',
        () =>
          verification.verifyVolumeAccess({
            ...layout.volumes,
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
    ...(added ? { sds: added } : {}),
    steps: steps.map((s) => ({ step: s.step, status: s.status, changed: s.changed })),
    rebooted,
    agentRestarted,
    verified,
  };
}

function checkOnboardInput(raw: OnboardAgentInput): OnboardAgentInput {
  const problems = checkClusterContext(raw, ['skipVerify', 'attributes']);
  const more: FieldProblem[] = [];
  const checker = Checker.of(raw, 'input', more);
  if (checker) {
    checker.boolean('skipVerify');
    checkAttributes(checker, 'attributes');
    problems.push(...more);
  }
  // Placement attributes are read before anything runs, not after the supervisor was asked.
  if (problems.length === 0 && raw.attributes)
    problems.push(...nodeLayout(raw.attributes, { protectionDomain: 'x', storagePool: 'x' }).problems);
  refuseBadInput('onboardAgent input', problems);
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

/** The node's placement from its attributes; attributes that do not parse are bad input, named. */
function layoutOf(hostname: string, attributes: Record<string, string>, spec: ClusterContext['spec']): NodeLayout {
  const layout = nodeLayout(attributes, spec);
  refuseBadInput(`agent ${hostname}`, layout.problems);
  return layout;
}

/** An imperative node's declared devices; each must be a disk ScaleIO may take on the node. */
function declaredDevices(hostname: string, layout: NodeLayout, facts: NodeFacts): string[] {
  const declared = (layout.sds?.pools ?? []).flatMap((p) => p.devices);
  const refused = skippedDevices(facts).filter((d) => declared.includes(d.path));
  const missing = declared.filter((d) => !facts.disks.some((x) => x.path === d));
  const problems = [...missing.map((path) => `${path}: no such disk`), ...refused.map((d) => `${d.path}: ${d.reason}`)];
  if (problems.length > 0)
    throw ApplicationFailure.nonRetryable(
      `${hostname} declares devices ScaleIO cannot take (scaleio-sds-<pool> attributes): ${problems.join('; ')}`,
      ErrorType.DeviceInUse
    );
  return declared;
}

/** The agent's attributes as the supervisor last saw them (empty when it does not know the node). */
async function attributesOf(cluster: string, hostname: string): Promise<Record<string, string>> {
  const members = await supervisorCalls.loadMembers({ cluster });
  return members.find((m) => m.hostname === hostname)?.attributes ?? {};
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
