// nodeMaintenance: puts one node's SDS in maintenance mode for hardware work, waits for the operator's
// `exitMaintenance` signal (or `timeoutMinutes`), takes it out again and waits until ScaleIO has caught up (no
// rebuild or rebalance left). Pre-flight, before any change: the confirmation echoes the node, the node is a Mesos
// agent with an SDS, and the rest of the cluster keeps a second copy of everything while the node is out
// (RedundancyWouldBreak or QuorumWouldBreak otherwise). Registered with the supervisor, so it never overlaps an
// upgrade, a decommission or another maintenance. Cancelling it leaves maintenance at once, safely.
// Workflow id: scaleio/<cluster>/node/<hostname>/maintenance.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { ErrorType } from '../common/errors';
import { exitMaintenanceSignal } from '../common/messages';
import { CLUSTER_NAME, HOSTNAME } from '../common/spec/patterns';
import { ScaleioCluster, ScaleioNode, ScaleioProcedure } from '../common/search-attributes';
import { Checker } from '../common/validate';
import { surfaceNonRetryable, refuseBadInput } from './lib/failures';
import { judgeMaintenance } from './lib/health-maintenance';
import { locateNode } from './lib/health-node';
import { Plan } from './lib/plan';
import { asProcedure } from './lib/procedure';
import { dataMotion, gateway } from './lib/scaleio';

export interface NodeMaintenanceInput {
  cluster: string;
  hostname: string;
  /** Must read `maintenance <hostname>`. */
  confirm: string;
  /** Maintenance ends by itself after this long (default 240; fractions allowed). */
  timeoutMinutes?: number;
}

export interface MaintenanceReport {
  hostname: string;
  ip: string;
  sds: { id: string; name: string };
  /** False when the SDS was in maintenance already and this procedure took it over. */
  entered: boolean;
  /** What ended the maintenance. */
  exit: 'signal' | 'timeout';
  inMaintenanceSeconds: number;
  /** Data ScaleIO moved after the exit (rebuild of what changed meanwhile, rebalance). */
  movedKb: number;
}

const DEFAULT_TIMEOUT_MINUTES = 240;
const POLL_MS = 1000;
const PHASES = [
  { name: 'pre-flight', steps: ['locate-node', 'redundancy'] },
  { name: 'maintenance', steps: ['enter-maintenance', 'hardware-work', 'exit-maintenance'] },
  { name: 'recovery', steps: ['wait-for-rebuild'] },
];

export async function nodeMaintenance(raw: NodeMaintenanceInput): Promise<MaintenanceReport> {
  const input = checkMaintenanceInput(raw);
  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioNode, value: input.hostname },
    { key: ScaleioProcedure, value: 'maintenance' },
  ]);
  const plan = new Plan('maintenance', `${input.cluster}/${input.hostname}`, PHASES);
  let exitRequested = false;
  setHandler(exitMaintenanceSignal, () => {
    exitRequested = true;
  });
  try {
    const report = await asProcedure(input.cluster, { procedure: 'maintenance', hostname: input.hostname }, () =>
      maintain(input, plan, () => exitRequested)
    );
    plan.finish('done');
    return report;
  } catch (err) {
    plan.finish(isCancellation(err) ? 'cancelled' : 'failed');
    return surfaceNonRetryable(err);
  }
}

async function maintain(
  input: NodeMaintenanceInput,
  plan: Plan,
  exitRequested: () => boolean
): Promise<MaintenanceReport> {
  const { hostname } = input;
  const { ip } = await plan.run(
    'pre-flight',
    'locate-node',
    () => locateNode(hostname),
    (n) => `IP ${n.ip}${n.listed ? '' : ' (not listed by the bridge: found by its offer)'}`
  );
  const verdict = await plan.run(
    'pre-flight',
    'redundancy',
    async () => {
      const judged = judgeMaintenance(hostname, ip, await gateway.readHealth());
      if ('refused' in judged) throw ApplicationFailure.nonRetryable(judged.refused.message, judged.refused.type);
      return judged.ok;
    },
    (v) => v.detail
  );
  const sds = verdict.sds;
  const leave = () => gateway.setSdsMaintenance({ sdsIp: ip, enter: false });

  let enteredAt = Date.now();
  let exit: MaintenanceReport['exit'];
  try {
    await plan.run(
      'maintenance',
      'enter-maintenance',
      () => gateway.setSdsMaintenance({ sdsIp: ip, enter: true }),
      (r) => (r.changed ? `SDS ${sds.name} is in maintenance` : `SDS ${sds.name} was in maintenance already`)
    );
    enteredAt = Date.now();
    const timeoutMs = Math.round((input.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES) * 60_000);
    const until = new Date(enteredAt + timeoutMs).toISOString();
    plan.enter('maintenance');
    plan.set(
      'maintenance',
      'hardware-work',
      'WAITING',
      `SDS ${sds.name} is in maintenance: do the hardware work on ${hostname}, then signal exitMaintenance ` +
        `(it leaves maintenance by itself at ${until})`
    );
    exit = (await condition(exitRequested, timeoutMs)) ? 'signal' : 'timeout';
  } catch (err) {
    // Failed or cancelled half-way: the node must not stay in maintenance (a no-op when it never got there).
    await CancellationScope.nonCancellable(leave).catch(() => undefined);
    throw err;
  }
  const seconds = Math.round((Date.now() - enteredAt) / 1000);
  plan.set(
    'maintenance',
    'hardware-work',
    'COMPLETE',
    exit === 'signal' ? `operator signalled the exit after ${seconds} s` : `timed out after ${seconds} s`
  );
  // From here on the exit and the catch-up finish even when cancelled: a half-exited node is worse.
  return CancellationScope.nonCancellable(async () => {
    await plan.run('maintenance', 'exit-maintenance', leave, () => `SDS ${sds.name} is back in service`);
    const moved = await plan.run(
      'recovery',
      'wait-for-rebuild',
      () => dataMotion.waitForDataMotion({ pollMs: POLL_MS }),
      (m) => (m.firstMovingKb > 0 ? `${(m.firstMovingKb / 1048576).toFixed(1)} GB moved` : 'nothing to move')
    );
    return {
      hostname,
      ip,
      sds: { id: sds.id, name: sds.name },
      entered: !verdict.adopted,
      exit,
      inMaintenanceSeconds: seconds,
      movedKb: moved.firstMovingKb,
    };
  });
}

function checkMaintenanceInput(raw: NodeMaintenanceInput): NodeMaintenanceInput {
  const problems = [] as { field: string; problem: string }[];
  const c = Checker.of(raw, 'input', problems);
  if (c) {
    c.noUnknownKeys(['cluster', 'hostname', 'confirm', 'timeoutMinutes']);
    c.string('cluster', { required: true, ...CLUSTER_NAME });
    c.string('hostname', { required: true, ...HOSTNAME });
    c.string('confirm', { maxLength: 300 });
    const t = c.number('timeoutMinutes', { max: 7 * 24 * 60 });
    if (t !== undefined && t <= 0) c.fail('timeoutMinutes', `must be above 0, got ${t}`);
  }
  refuseBadInput('nodeMaintenance input', problems);
  const expected = `maintenance ${raw.hostname}`;
  if (raw.confirm !== expected)
    throw ApplicationFailure.nonRetryable(
      `confirm: must read ${JSON.stringify(expected)} to put ${raw.hostname} in maintenance, got ` +
        `${raw.confirm === undefined ? 'nothing' : JSON.stringify(raw.confirm.slice(0, 80))}`,
      ErrorType.ConfirmationMismatch
    );
  return raw;
}
