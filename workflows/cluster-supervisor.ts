// clusterSupervisor: the long-lived entity workflow of one cluster (id scaleio/<cluster>/supervisor).
// The bridge signals it (signalWithStart) when an agent appears, changes or returns, and when one is lost. Once
// bootstrap tells it the cluster exists (clusterReady), it on-boards every new eligible node with one
// onboardAgent child, keeps the procedures that must not overlap apart, and continues as new before its
// history grows large (only between on-boardings, so no child is orphaned).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { AgentGone, AgentInfo } from '../common/agents';
import type { ClusterContext } from '../common/cluster';
import {
  agentGoneSignal,
  agentOfferedSignal,
  beginProcedureUpdate,
  clusterContextQuery,
  clusterReadySignal,
  endProcedureSignal,
  membersQuery,
  onboardNodeSignal,
  progressQuery,
  setPolicySignal,
} from '../common/messages';
import { workflowIds } from '../common/names';
import { conflictOf, type ProcedureClaim } from '../common/procedures';
import { ScaleioCluster, ScaleioProcedure } from '../common/search-attributes';
import { dataNodeRefusal } from '../common/selection';
import type { ClusterReady, Member, SupervisorInput, SupervisorPolicy } from '../common/supervisor';
import { isPlainObject } from '../common/validate';
import { messageOf } from './lib/plan';
import {
  claimProblem,
  onboardNodeTarget,
  policyChangeProblems,
  supervisorInputProblems,
} from './lib/supervisor-checks';
import { supervisorProgress } from './lib/supervisor-progress';
import { healthMonitor } from './health-monitor';
import { monitorSettingsProblems } from './lib/health-input';
import { onboardAgent } from './onboard-agent';
import { refuseBadInput } from './lib/failures';

const DEFAULT_POLICY: SupervisorPolicy = { autoOnboard: true, requireAttributes: {}, maxParallelOnboardings: 4 };

function policyRefusal(policy: SupervisorPolicy, agent: AgentInfo): string | undefined {
  for (const [k, v] of Object.entries(policy.requireAttributes))
    if (agent.attributes[k] !== v) return `policy requires attribute ${k}=${v}`;
  return undefined;
}

/** patched() id of checking the health monitor's settings when the supervisor starts. */
export const MONITOR_SETTINGS_PATCH = 'supervisor-checks-monitor-settings';

export async function clusterSupervisor(input: SupervisorInput): Promise<void> {
  const problems = supervisorInputProblems(input);
  // Runs from before these checks may carry settings they would refuse now: they replay without them.
  if (isPlainObject(input) && patched(MONITOR_SETTINGS_PATCH))
    problems.push(...monitorSettingsProblems(input.healthMonitor));
  refuseBadInput('clusterSupervisor input', problems);
  const policy: SupervisorPolicy = { ...DEFAULT_POLICY, ...input.policy };
  const members = new Map<string, Member>((input.members ?? []).map((m) => [m.hostname, m]));
  let context: ClusterContext | undefined = input.context;
  // Nodes bootstrap on-boarded; one whose first offer arrives only after clusterReady is not on-boarded again.
  const onboarded = new Set<string>(input.onboarded ?? []);
  const procedures: ProcedureClaim[] = [...(input.procedures ?? [])];
  let inFlight = 0;
  let monitorStarted = input.monitorStarted === true || input.healthMonitor === false;
  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioProcedure, value: 'supervisor' },
  ]);

  setHandler(agentOfferedSignal, (agent: AgentInfo) => {
    if (policyRefusal(policy, agent)) return;
    const known = members.get(agent.hostname);
    members.set(agent.hostname, {
      onboarding: onboarded.has(agent.hostname) ? 'done' : 'pending',
      ...known,
      hostname: agent.hostname,
      agentId: agent.agentId,
      status: 'present',
      attributes: agent.attributes,
      os: agent.os,
      discoveries: (known?.discoveries ?? 0) + 1,
    });
  });
  setHandler(agentGoneSignal, (gone: AgentGone) => {
    const known = members.get(gone.hostname);
    // A late "gone" for an agent id the node no longer has (it came back under a new one) changes nothing.
    if (known && known.agentId === gone.agentId)
      members.set(gone.hostname, { ...known, status: 'gone', lastReason: gone.reason });
  });
  setHandler(setPolicySignal, (change: Partial<SupervisorPolicy>) => {
    // A signal cannot be refused, so a malformed change is logged and ignored rather than half-applied.
    const bad = policyChangeProblems(change);
    if (bad.length > 0) return log.warn('setPolicy ignored', { problems: bad });
    if (change.autoOnboard !== undefined) policy.autoOnboard = change.autoOnboard;
    if (change.requireAttributes !== undefined) policy.requireAttributes = change.requireAttributes;
    if (change.maxParallelOnboardings !== undefined) policy.maxParallelOnboardings = change.maxParallelOnboardings;
  });
  setHandler(clusterReadySignal, (ready: ClusterReady) => {
    context = ready.context;
    for (const hostname of ready.onboarded) {
      onboarded.add(hostname);
      const m = members.get(hostname);
      if (m) members.set(hostname, { ...m, onboarding: 'done' });
    }
  });
  setHandler(onboardNodeSignal, (raw: { hostname: string }) => {
    const target = onboardNodeTarget(raw);
    if ('problem' in target) return log.warn('onboardNode ignored', { problem: target.problem });
    const m = members.get(target.hostname);
    if (!m) return log.warn('onboardNode: no such member', { hostname: target.hostname });
    if (m.onboarding !== 'running') members.set(target.hostname, { ...m, onboarding: 'pending', manual: true });
  });
  setHandler(
    beginProcedureUpdate,
    (claim: ProcedureClaim) => {
      // A retried registration (the activity ran twice) replaces its first copy.
      const i = procedures.findIndex((p) => p.workflowId === claim.workflowId);
      if (i >= 0) procedures[i] = claim;
      else procedures.push(claim);
      return { running: [...procedures] };
    },
    {
      validator: (claim: ProcedureClaim) => {
        const problem = claimProblem(claim);
        if (problem) throw new Error(`beginProcedure: ${problem}`);
        for (const running of [...procedures, ...onboardingClaims()]) {
          const why = conflictOf(claim, running);
          if (why) throw new Error(why);
        }
      },
    }
  );
  setHandler(endProcedureSignal, ({ workflowId }: { workflowId: string }) => {
    const i = procedures.findIndex((p) => p.workflowId === workflowId);
    if (i < 0) return;
    const [ended] = procedures.splice(i, 1);
    // An on-boarding someone else ran has ended: look again (a re-run is idempotent and ends done).
    const m = ended?.hostname ? members.get(ended.hostname) : undefined;
    if (m && ended?.procedure === 'onboard' && m.onboarding === 'running-elsewhere')
      setOnboarding(m.hostname, 'pending');
  });
  setHandler(membersQuery, () => sortedMembers());
  setHandler(clusterContextQuery, () => context ?? null);
  setHandler(progressQuery, () =>
    supervisorProgress(input.cluster, context !== undefined, sortedMembers(), procedures)
  );

  function sortedMembers(): Member[] {
    return [...members.values()].sort((a, b) => a.hostname.localeCompare(b.hostname));
  }

  function onboardingClaims(): ProcedureClaim[] {
    return [...members.values()]
      .filter((m) => m.onboarding === 'running')
      .map((m) => ({
        procedure: 'onboard' as const,
        hostname: m.hostname,
        workflowId: workflowIds.onboard(input.cluster, m.hostname),
      }));
  }

  /** Members to on-board now: present, pending, eligible, and not being decommissioned. */
  function due(): Member[] {
    if (!context || inFlight >= policy.maxParallelOnboardings) return [];
    const busy = new Set(procedures.map((p) => p.hostname));
    return sortedMembers()
      .filter((m) => m.status === 'present' && m.onboarding === 'pending' && !busy.has(m.hostname))
      .filter((m) => policy.autoOnboard || m.manual === true)
      .slice(0, policy.maxParallelOnboardings - inFlight);
  }

  async function onboard(m: Member, ctx: ClusterContext): Promise<void> {
    const refusal = dataNodeRefusal(ctx.spec.nodeSelection, { ...m, resources: { cpus: 0, memMb: 0, diskMb: 0 } });
    if (refusal) {
      members.set(m.hostname, { ...m, onboarding: 'skipped', lastReason: refusal });
      return;
    }
    members.set(m.hostname, { ...m, onboarding: 'running', manual: false });
    inFlight += 1;
    try {
      const child = await startChild(onboardAgent, {
        workflowId: workflowIds.onboard(input.cluster, m.hostname),
        args: [{ cluster: input.cluster, hostname: m.hostname, context: ctx, attributes: m.attributes }],
        // The supervisor continues as new only between on-boardings; a terminated supervisor leaves them to finish.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      await child.result();
      setOnboarding(m.hostname, 'done');
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError)
        setOnboarding(m.hostname, 'running-elsewhere', 'an onboardAgent for this node is already running');
      else setOnboarding(m.hostname, 'failed', messageOf(err));
    } finally {
      inFlight -= 1;
    }
  }

  function setOnboarding(hostname: string, onboarding: Member['onboarding'], reason?: string): void {
    const m = members.get(hostname);
    if (!m) return;
    const next: Member = { ...m, onboarding };
    if (reason === undefined) delete next.lastReason;
    else next.lastReason = reason;
    members.set(hostname, next);
  }

  const limit = input.continueAsNewAfterEvents;
  const historyFull = () =>
    limit !== undefined ? workflowInfo().historyLength >= limit : workflowInfo().continueAsNewSuggested;
  async function startHealthMonitor(): Promise<void> {
    monitorStarted = true;
    const settings = input.healthMonitor || {};
    try {
      await startChild(healthMonitor, {
        workflowId: workflowIds.health(input.cluster),
        args: [{ cluster: input.cluster, ...settings }],
        // One monitor per cluster, for the cluster's life: it outlives each supervisor run.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError))
        log.warn('health monitor not started', { error: err });
    }
  }

  for (;;) {
    await condition(
      () => due().length > 0 || (context !== undefined && !monitorStarted) || (historyFull() && inFlight === 0)
    );
    if (context !== undefined && !monitorStarted) await startHealthMonitor();
    if (historyFull() && inFlight === 0) break;
    const ctx = context;
    if (ctx) for (const m of due()) void onboard(m, ctx);
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof clusterSupervisor>({
    ...input,
    policy,
    members: sortedMembers(),
    ...(context ? { context } : {}),
    onboarded: [...onboarded],
    procedures,
    monitorStarted,
  });
}
