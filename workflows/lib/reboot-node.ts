// Reboot (or Mesos agent restart) as a first-class step of a procedure: in the cluster's turn, the node goes
// down, the procedure waits for its agent to come back (after a reboot: a new agent registration), then checks
// its services (the Mesos agent, scini and rexray where installed), waiting a while for slow starters, and only
// then releases the turn and goes on. A spec with noReboot stops before the reboot with RebootRequired.
import { ActivityFailure, ApplicationFailure, patched, sleep } from '@temporalio/workflow';
import { ErrorType } from '../../common/errors';
import { MesosErrorType, type RunOnAgentInput } from '../../common/mesos-activities';
import { servicesIn, type NodeStepRequest } from '../../common/node-steps';
import type { RebootKind } from '../../common/reboots';
import type { ClusterSpec, OsFamily } from '../../common/spec/types';
import { runDisruptiveStep, runNodeStep, type StepOutcome } from './node-step';
import type { Plan } from './plan';
import { mesosAfterReboot } from './reboot-calls';
import type { RebootTurns } from './reboot-turns';
import { planner } from './scaleio';

/** patched() id of coordinated reboots: runs that began before them replay their old, uncoordinated path. */
export const REBOOT_PATCH = 'reboot-coordinator';
/**
 * patched() id of planning the down and verify steps before asking for the turn: reboots are one at a time, so
 * every round trip inside a turn lengthens the cluster's whole chain of reboots. Older runs replay planning inside.
 */
export const PLAN_BEFORE_TURN_PATCH = 'reboot-plan-before-turn';

export interface RebootTarget {
  plan: Plan;
  phase: string;
  /** Put before every progress step name (bootstrap names its MDM node steps `<hostname>/...`). */
  prefix: string;
  hostname: string;
  os: OsFamily | 'centos7';
  spec: ClusterSpec;
  turns: RebootTurns;
}

/** How long a node may take to come back (a real reboot takes 2 to 5 minutes). */
const BACK_TIMEOUT_MS = 15 * 60_000;
/** After a reboot scheduled a minute out, the old agent may still answer; it is asked again this often. */
const OLD_AGENT_RECHECK_MS = 15_000;
const OLD_AGENT_RECHECKS = 12;
/** Services are checked this often, the wait doubling from 2 s (about 30 s in all) before ServiceDown. */
const SERVICE_CHECKS = 5;
const FIRST_RECHECK_MS = 2_000;

const names = (kind: RebootKind) =>
  kind === 'reboot'
    ? { down: 'reboot-node', back: 'node-back', what: 'reboot' }
    : { down: 'restart-mesos-agent', back: 'agent-back', what: 'Mesos agent restart' };

/** The failure of a node that needs a reboot the spec forbids: nothing more is done on it. */
export function rebootRequired(hostname: string, why: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `${hostname} needs a reboot (${why}) and the cluster spec says noReboot (the old framework's -debug): ` +
      `nothing further was changed on ${hostname}. Reboot it yourself, then run this procedure again.`,
    ErrorType.RebootRequired,
    { hostname, why }
  );
}

async function planOne(t: RebootTarget, req: NodeStepRequest, suffix?: string): Promise<RunOnAgentInput> {
  const [run] = await planner.planNodeSteps({
    hostname: t.hostname,
    os: t.os,
    spec: t.spec,
    steps: [req],
    ...(suffix ? { suffix } : {}),
  });
  return run!;
}

/**
 * A step asked for a reboot or agent restart (`after`): take the node down in its turn. Runs that began before
 * coordinated reboots replay what they did then: the bare step when `uncoordinated` (it existed), else nothing.
 * Returns whether the node went down.
 */
export async function nodeDown(
  t: RebootTarget,
  kind: RebootKind,
  why: string,
  opts: { after: StepOutcome; suffix?: string; uncoordinated: boolean }
): Promise<boolean> {
  if (patched(REBOOT_PATCH)) {
    const agentBefore = opts.after.agentId ? { agentBefore: opts.after.agentId } : {};
    await takeNodeDown(t, kind, why, { ...agentBefore, ...(opts.suffix ? { suffix: opts.suffix } : {}) });
    return true;
  }
  if (!opts.uncoordinated) return false;
  const run = await planOne(t, { kind });
  await t.plan.run(t.phase, `${t.prefix}${names(kind).down}`, () => runDisruptiveStep(run));
  return true;
}

/**
 * Takes the node down in its turn (`kind`), waits for it to come back and verifies its services. `agentBefore`:
 * the agent a step ran on just before (after a reboot the node must answer from another one). `suffix` tells
 * a second reboot of the node in one run from the first (task and step names).
 */
export async function takeNodeDown(
  t: RebootTarget,
  kind: RebootKind,
  why: string,
  opts: { agentBefore?: string; suffix?: string } = {}
): Promise<StepOutcome> {
  const n = names(kind);
  const tail = opts.suffix ? `-${opts.suffix}` : '';
  const downStep = `${t.prefix}${n.down}${tail}`;
  if (kind === 'reboot' && t.spec.noReboot === true) {
    const refusal = rebootRequired(t.hostname, why);
    t.plan.set(t.phase, downStep, 'ERROR', refusal.message);
    throw refusal;
  }
  const verifySuffix = `after-${kind}${tail}`;
  // Both plans at once, outside the turn (pure planning: nothing about the node changes while it waits).
  const early = patched(PLAN_BEFORE_TURN_PATCH)
    ? await Promise.all([planOne(t, { kind }, opts.suffix), planOne(t, { kind: 'verify-services' }, verifySuffix)])
    : undefined;
  return t.turns.take(
    { hostname: t.hostname, kind, reason: why },
    () =>
      t.plan.set(
        t.phase,
        downStep,
        'WAITING',
        `waiting for the cluster's turn: never two reboots at once in ${t.spec.name}, agent restarts side by side, nodes hosting the worker or bridge alone and last (query reboots of the coordinator)`
      ),
    async () => {
      const run = early?.[0] ?? (await planOne(t, { kind }, opts.suffix));
      await t.plan.run(
        t.phase,
        downStep,
        () => runDisruptiveStep(run),
        (r) => (r === 'reported' ? `${n.what} started (${why})` : `agent went down (${why})`)
      );
      return waitBackAndVerify(t, kind, { agentBefore: opts.agentBefore, tail, verifySuffix, verify: early?.[1] });
    }
  );
}

async function waitBackAndVerify(
  t: RebootTarget,
  kind: RebootKind,
  how: { agentBefore: string | undefined; tail: string; verifySuffix: string; verify: RunOnAgentInput | undefined }
): Promise<StepOutcome> {
  const { agentBefore, tail } = how;
  const n = names(kind);
  const backStep = `${t.prefix}${n.back}${tail}`;
  const verifyStep = `${t.prefix}verify-services${tail}`;
  t.plan.set(
    t.phase,
    backStep,
    'WAITING',
    kind === 'reboot'
      ? `${t.hostname} is rebooting: waiting for its Mesos agent to register again (under a new agent id); a reboot takes minutes`
      : `waiting for the Mesos agent of ${t.hostname} to come back after its restart`
  );
  const planned = how.verify ?? (await planOne(t, { kind: 'verify-services' }, how.verifySuffix));
  const run = { ...planned, offerTimeoutMs: BACK_TIMEOUT_MS };
  let back = false;
  let oldAgentAnswers = 0;
  let checks = 0;
  for (let attempt = 1; ; attempt++) {
    const o = await verifyOnce(
      t,
      attempt === 1 ? run : { ...run, taskName: `${run.taskName}-${attempt}` },
      backStep,
      n.what
    );
    if (!back && kind === 'reboot' && agentBefore !== undefined && o.agentId === agentBefore) {
      // A reboot scheduled a minute out: the old agent still answers, the node has not gone down yet.
      if (++oldAgentAnswers > OLD_AGENT_RECHECKS)
        throw fail(
          t,
          backStep,
          `${t.hostname} never went down for its reboot: its agent ${agentBefore} still answers`,
          ErrorType.NodeNotBack
        );
      t.plan.set(
        t.phase,
        backStep,
        'WAITING',
        `${t.hostname} has not gone down yet (agent ${agentBefore} still answers)`
      );
      await sleep(OLD_AGENT_RECHECK_MS);
      continue;
    }
    if (!back) {
      back = true;
      t.plan.set(t.phase, backStep, 'COMPLETE', `back as agent ${o.agentId ?? '?'}`);
    }
    if (o.status === 'services-up') {
      t.plan.set(t.phase, verifyStep, 'COMPLETE', `active: ${servicesIn(o.detail, 'up').join(', ')}`);
      return o;
    }
    const down = servicesIn(o.detail, 'down');
    checks += 1;
    if (checks >= SERVICE_CHECKS)
      throw fail(
        t,
        verifyStep,
        `${down.join(', ') || 'a service'} stayed down on ${t.hostname} after its ${n.what} (checked ${checks} times): ` +
          `start it by hand and read its log, then run this procedure again`,
        ErrorType.ServiceDown,
        { services: down }
      );
    const delay = FIRST_RECHECK_MS * 2 ** (checks - 1);
    t.plan.set(
      t.phase,
      verifyStep,
      'WAITING',
      `${down.join(', ')} not active on ${t.hostname} yet (check ${checks} of ${SERVICE_CHECKS}); checking again in ${delay / 1000} s`
    );
    await sleep(delay);
  }
}

/** One verify-services run; no offer from the node in BACK_TIMEOUT_MS means it did not come back. */
async function verifyOnce(t: RebootTarget, run: RunOnAgentInput, backStep: string, what: string): Promise<StepOutcome> {
  try {
    return await runNodeStep(run, mesosAfterReboot);
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === MesosErrorType.OfferWaitTimeout)
      throw fail(
        t,
        backStep,
        `${t.hostname} did not come back within ${BACK_TIMEOUT_MS / 60_000} minutes after its ${what}: no offer from its Mesos agent (is the node up, and mesos-slave running?)`,
        ErrorType.NodeNotBack
      );
    throw err;
  }
}

function fail(
  t: RebootTarget,
  step: string,
  message: string,
  type: string,
  details: Record<string, unknown> = {}
): ApplicationFailure {
  t.plan.set(t.phase, step, 'ERROR', message);
  return ApplicationFailure.nonRetryable(message, type, { hostname: t.hostname, ...details });
}
