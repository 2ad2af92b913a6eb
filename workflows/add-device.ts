// addDevice: gives one more disk of a data node to its SDS, then waits until ScaleIO has rebalanced onto it.
// Pre-flight before any change: the node is a Mesos agent with an SDS in the cluster, and the disk exists, is not
// the system disk, holds no filesystem or partitions, is not mounted and is not used by ScaleIO already. A disk
// already in the SDS's pool is a no-op that says so. Workflow id: scaleio/<cluster>/device/<hostname>/<path>.
// With `context` the caller (supervisor, bootstrap) coordinates; without it the context is read from the
// supervisor and the procedure registers there, so it never overlaps a decommission of the same node.
import { ActivityFailure, ApplicationFailure, isCancellation, upsertSearchAttributes } from '@temporalio/workflow';
import type { NodeFacts } from '../activities/install';
import type { NodeInCluster } from '../activities/scaleio/removal';
import type { AgentInfo } from '../common/agents';
import type { ClusterContext } from '../common/cluster';
import { ErrorType } from '../common/errors';
import { MesosErrorType } from '../common/mesos-activities';
import { ScaleioCluster, ScaleioNode, ScaleioProcedure } from '../common/search-attributes';
import { SCALEIO_OBJECT_NAME } from '../common/spec/patterns';
import { Checker, isPlainObject } from '../common/validate';
import { checkClusterContext } from './lib/context';
import { surfaceNonRetryable, refuseBadInput } from './lib/failures';
import { mesos, mesosAgentMayLeave } from './lib/mesos';
import { Plan } from './lib/plan';
import { probeFacts } from './lib/probe';
import { asProcedure, contextOf } from './lib/procedure';
import { dataMotion, gateway, planner } from './lib/scaleio';
import { requireInstallable, skippedDevices } from './onboard-agent';

export interface AddDeviceInput {
  cluster: string;
  hostname: string;
  /** The block device on the node, e.g. /dev/sdd. */
  path: string;
  /** Default: the cluster spec's storage pool (in the spec's protection domain). */
  storagePool?: string;
  /** The device's media; must match the pool's (a pool holds one media type, its devices inherit it). */
  mediaType?: 'HDD' | 'SSD';
  /** Optional, since adding a device erases it: when given it must read `add-device <hostname> <path>`. */
  confirm?: string;
  context?: ClusterContext;
}

export interface AddDeviceReport {
  hostname: string;
  ip: string;
  path: string;
  storagePool: string;
  sdsId: string;
  deviceId: string;
  /** False when the device was in the pool already (nothing changed). */
  added: boolean;
  detail: string;
  /** The rebalance watched after the add; null when nothing was added. */
  rebalance: { polls: number; firstMovingKb: number } | null;
  poolCapacityKb: { before: number; after: number };
}

/** Under /dev, no `..`, no shell characters: the path reaches the gateway and the MDM as it is. */
export const DEVICE_PATH = {
  pattern: /^\/dev\/(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/,
  patternText: 'a block device path under /dev (letters, digits, dots, dashes, underscores, slashes; no ..)',
};
const POLL_MS = 2000;
/** How long a probe waits for an offer from a node the bridge has not seen lately. */
const UNSEEN_WAIT_S = 15;

const PHASES = [
  { name: 'pre-flight', steps: ['find-node', 'probe-node', 'check-device'] },
  { name: 'add', steps: ['add-device'] },
  { name: 'rebalance', steps: ['wait-for-rebalance'] },
];

export const gb = (kb: number): string => `${(kb / 1024 / 1024).toFixed(1)} GB`;

export async function addDevice(raw: AddDeviceInput): Promise<AddDeviceReport> {
  const input = checkAddDeviceInput(raw);
  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioNode, value: input.hostname },
    { key: ScaleioProcedure, value: 'add-device' },
  ]);
  const plan = new Plan('add-device', `${input.cluster}/${input.hostname}:${input.path}`, PHASES);
  try {
    if (input.context) return await addOne(input, input.context, plan);
    const context = await contextOf(input.cluster, undefined);
    return await asProcedure(input.cluster, { procedure: 'add-device', hostname: input.hostname }, () =>
      addOne(input, context, plan)
    );
  } catch (err) {
    plan.finish(isCancellation(err) ? 'cancelled' : 'failed');
    return surfaceNonRetryable(err);
  }
}

async function addOne(input: AddDeviceInput, context: ClusterContext, plan: Plan): Promise<AddDeviceReport> {
  const { hostname, path } = input;
  const { protectionDomain } = context.spec;
  const storagePool = input.storagePool ?? context.spec.storagePool;
  const facts = await findAndProbe(plan, 'pre-flight', hostname, describeDisks);
  const { ip } = requireInstallable(hostname, facts);
  const { node, present, before } = await plan.run(
    'pre-flight',
    'check-device',
    async () => {
      const node = await gateway.queryNodeInCluster({ ip, protectionDomain, storagePool });
      const present = deviceVerdict(input, facts, node);
      const before = await gateway.queryPoolCapacity({ protectionDomain, storagePool });
      return { node, present, before };
    },
    (r) => (r.present ? `${path} is already a device of ${r.node.sds?.name} in ${storagePool}` : `${path} is free`)
  );
  const sds = node.sds!;
  const report = { hostname, ip, path, storagePool, sdsId: sds.id };

  if (present) {
    const detail = `unchanged: ${path} of ${hostname} is already device ${present.id} of SDS ${sds.name} in ${storagePool}`;
    plan.set('add', 'add-device', 'COMPLETE', detail);
    plan.set('rebalance', 'wait-for-rebalance', 'COMPLETE', 'skipped: nothing was added');
    plan.finish('done');
    const cap = { before: before.maxKb, after: before.maxKb };
    return { ...report, deviceId: present.id, added: false, detail, rebalance: null, poolCapacityKb: cap };
  }

  const added = await plan.run(
    'add',
    'add-device',
    () =>
      gateway.addDevice({
        sdsIp: ip,
        protectionDomain,
        storagePool,
        path,
        ...(input.mediaType ? { mediaType: input.mediaType } : {}),
      }),
    (r) => `${r.created ? 'added' : 'already there'}: ${path} as device ${r.id} of SDS ${sds.name} in ${storagePool}`
  );
  const { motion, after } = await plan.run(
    'rebalance',
    'wait-for-rebalance',
    async () => {
      plan.set('rebalance', 'wait-for-rebalance', 'WAITING', 'waiting until ScaleIO has spread data onto the device');
      const motion = await dataMotion.waitForDataMotion({ pollMs: POLL_MS });
      return { motion, after: await gateway.queryPoolCapacity({ protectionDomain, storagePool }) };
    },
    (r) =>
      `${r.motion.firstMovingKb > 0 ? `rebalanced (${gb(r.motion.firstMovingKb)} to move at first)` : 'nothing to move'}; ` +
      `pool capacity ${gb(before.maxKb)} -> ${gb(r.after.maxKb)}`
  );
  plan.finish('done');
  return {
    ...report,
    deviceId: added.id,
    added: added.created,
    detail: `${path} added to SDS ${sds.name} in ${storagePool}`,
    rebalance: motion,
    poolCapacityKb: { before: before.maxKb, after: after.maxKb },
  };
}

/**
 * Finds the node and probes it (steps find-node and probe-node of `phase`). The bridge knows agents from their
 * offers, and an agent that restarted (after an isolator install or a reboot) is not offered again until someone
 * asks for it; so a node the bridge has not seen lately is probed with a bounded wait for its offer, and only a node
 * that sends none is NodeNotFound.
 */
export async function findAndProbe(
  plan: Plan,
  phase: string,
  hostname: string,
  describe: (f: NodeFacts) => string
): Promise<NodeFacts> {
  const agents = await plan.run(
    phase,
    'find-node',
    () => mesos.listAgents(),
    (all) => {
      const agent = all.find((a) => a.hostname === hostname);
      return agent
        ? `Mesos agent ${agent.agentId}`
        : `not offered lately: waiting up to ${UNSEEN_WAIT_S} s for an offer`;
    }
  );
  const seen = agents.some((a) => a.hostname === hostname);
  return plan.run(phase, 'probe-node', () => (seen ? probeFacts(hostname) : probeUnseen(hostname, agents)), describe);
}

async function probeUnseen(hostname: string, agents: readonly AgentInfo[]): Promise<NodeFacts> {
  const step = await planner.planNodeProbe({ hostname });
  try {
    const run = await mesosAgentMayLeave.runOnAgent({ ...step, offerTimeoutMs: UNSEEN_WAIT_S * 1000 });
    if (run.exitCode !== 0)
      throw ApplicationFailure.nonRetryable(
        `the probe exited with ${run.exitCode} on ${hostname}: ${run.stderr.slice(-500)}`,
        ErrorType.StepFailed
      );
    return await planner.readNodeFacts({ stdout: run.stdout });
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (!(cause instanceof ApplicationFailure) || cause.type !== MesosErrorType.OfferWaitTimeout) throw err;
    const known = agents.map((a) => a.hostname).sort();
    const shown = known.length > 10 ? `${known.slice(0, 10).join(', ')}, …` : known.join(', ') || 'none';
    throw ApplicationFailure.nonRetryable(
      `${hostname} is not a Mesos agent of this framework: no offer from it within ${UNSEEN_WAIT_S} s (agents: ${shown})`,
      ErrorType.NodeNotFound
    );
  }
}

function inUse(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, ErrorType.DeviceInUse);
}

/**
 * Whether the device can be added: its device in the pool when it is there already (a no-op), undefined when it
 * is free; throws (NodeNotFound, DeviceInUse, InvalidInput) naming the reason otherwise.
 */
export function deviceVerdict(
  input: Pick<AddDeviceInput, 'hostname' | 'path' | 'mediaType'>,
  facts: NodeFacts,
  node: NodeInCluster
): { id: string } | undefined {
  const { hostname, path } = input;
  const sds = node.sds;
  if (!sds)
    throw ApplicationFailure.nonRetryable(
      `${hostname} (${node.ip}) has no SDS in the cluster: on-board it first (onboardAgent)`,
      ErrorType.NodeNotFound
    );
  if (sds.state === 'RemovePending') throw inUse(`cannot add ${path}: the SDS of ${hostname} is being removed`);
  const existing = sds.devices.find((d) => d.path === path);
  if (existing) {
    if (existing.state === 'RemovePending')
      throw inUse(`${path} of ${hostname} is being removed from SDS ${sds.name}; add it again once it is gone`);
    if (existing.storagePoolId !== node.pool?.id)
      throw inUse(`${path} of ${hostname} is already a device of SDS ${sds.name} in another storage pool`);
    return { id: existing.id };
  }
  const free = facts.freeDevices.filter((p) => !sds.devices.some((d) => d.path === p));
  const disk = facts.disks.find((d) => d.path === path);
  if (!disk) {
    const parent = facts.disks.find((d) => d.partitions.some((p) => p.path === path));
    throw inUse(
      parent
        ? `${path} is a partition of ${parent.path} on ${hostname}; ScaleIO takes whole raw disks`
        : `${path} does not exist on ${hostname} (its disks: ${facts.disks.map((d) => d.path).join(', ') || 'none'})`
    );
  }
  if (!free.includes(path)) {
    const reason = skippedDevices(facts).find((s) => s.path === path)?.reason ?? 'in use by ScaleIO';
    throw inUse(`${path} of ${hostname} is not free: ${reason} (free: ${free.join(', ') || 'none'})`);
  }
  const poolMedia = node.pool?.mediaType;
  if (input.mediaType && poolMedia && input.mediaType !== poolMedia)
    throw ApplicationFailure.nonRetryable(
      `addDevice input has 1 problem: mediaType: is ${input.mediaType}, but storage pool ${node.pool?.name} holds ${poolMedia} devices`,
      ErrorType.InvalidInput
    );
  return undefined;
}

function describeDisks(f: NodeFacts): string {
  return `${f.ips[0] ?? 'no IPv4'}; disks: ${f.disks.map((d) => d.path).join(', ')}; free: ${f.freeDevices.join(', ') || 'none'}`;
}

function checkAddDeviceInput(raw: AddDeviceInput): AddDeviceInput {
  const problems = checkClusterContext(raw, ['path', 'storagePool', 'mediaType', 'confirm']);
  if (isPlainObject(raw)) {
    const c = new Checker(raw, problems);
    c.string('path', { required: true, ...DEVICE_PATH });
    c.string('storagePool', SCALEIO_OBJECT_NAME);
    c.oneOf('mediaType', ['HDD', 'SSD'] as const);
    c.string('confirm', { maxLength: 300 });
  }
  refuseBadInput('addDevice input', problems);
  const expected = `add-device ${raw.hostname} ${raw.path}`;
  if (raw.confirm !== undefined && raw.confirm !== expected)
    throw ApplicationFailure.nonRetryable(
      `confirm: must read ${JSON.stringify(expected)}, got ${JSON.stringify(raw.confirm.slice(0, 80))}`,
      ErrorType.ConfirmationMismatch
    );
  return raw;
}
