// Signals and queries, defined once: workflows install handlers for them, clients and the bridge send them by the
// same typed handles (as temporalio samples do with a shared definitions module).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentGone, AgentInfo } from './agents';
import type { ClusterContext } from './cluster';
import type { GrowthPolicy } from './growth';
import type { AlertsView, HealthThresholds } from './health';
import type { ProcedureClaim } from './procedures';
import type { RebootGrant, RebootRelease, RebootRequest, RebootsView } from './reboots';
import type { Progress } from './progress';
import type { ClusterReady, Member, SupervisorPolicy } from './supervisor';

export const agentOfferedSignal = defineSignal<[AgentInfo]>('agentOffered');
export const agentGoneSignal = defineSignal<[AgentGone]>('agentGone');
export const setPolicySignal = defineSignal<[Partial<SupervisorPolicy>]>('setPolicy');

export const membersQuery = defineQuery<Member[]>('members');

/** Every procedure answers it with the same plan -> phases -> steps tree. */
export const progressQuery = defineQuery<Progress>('progress');

/** bootstrapCluster (or adoption) tells the supervisor the cluster exists, and which nodes it on-boarded itself. */
export const clusterReadySignal = defineSignal<[ClusterReady]>('clusterReady');
/** The cluster's context (spec, MDMs, gateway), or null before bootstrap: node procedures started alone read it. */
export const clusterContextQuery = defineQuery<ClusterContext | null>('clusterContext');
/** Operator: (re-)onboard one node now, e.g. after fixing what made its on-boarding fail. */
export const onboardNodeSignal = defineSignal<[{ hostname: string }]>('onboardNode');
/** A procedure registers before it acts; refused (validator) when it would overlap one it must not. */
export const beginProcedureUpdate = defineUpdate<{ running: ProcedureClaim[] }, [ProcedureClaim]>('beginProcedure');
export const endProcedureSignal = defineSignal<[{ workflowId: string }]>('endProcedure');

/** healthMonitor: the alerts raised now and the latest changes. */
export const alertsQuery = defineQuery<AlertsView>('alerts');
/** healthMonitor: change thresholds (fields left out keep their value; null capacity fields: the pool's own). */
export const setThresholdsSignal = defineSignal<[Partial<HealthThresholds>]>('setThresholds');
/** healthMonitor: change the capacity growth policy (fields left out keep their value; a bad one is ignored). */
export const setGrowthPolicySignal = defineSignal<[Partial<GrowthPolicy>]>('setGrowthPolicy');
/** nodeMaintenance: the hardware work is done; leave maintenance now. */
export const exitMaintenanceSignal = defineSignal('exitMaintenance');

/** rollingUpgrade: a step of its plan, as `progress` names it, e.g. {"phase":"sds","step":"node-3"}. */
export interface PlanStepRef {
  phase: string;
  step: string;
  /** Why, for the audit trail (shown in the report and the workflow's log). */
  reason?: string;
}
/** rollingUpgrade: stop before the next node (the node in flight finishes) until `resume`. */
export const pauseSignal = defineSignal<[{ reason?: string }?]>('pause');
export const resumeSignal = defineSignal<[{ reason?: string }?]>('resume');
/** rollingUpgrade: finish the node in flight safely, then stop (the report says what was left). */
export const abortSignal = defineSignal<[{ reason?: string }?]>('abort');
/** rollingUpgrade: mark a pending or waiting step done without running it (the operator did it by hand). */
export const forceCompleteSignal = defineSignal<[PlanStepRef]>('forceComplete');
/** rollingUpgrade: run a step again (a completed one is re-run before the next node). */
export const forceRestartSignal = defineSignal<[PlanStepRef]>('forceRestart');

/** rebootCoordinator (scaleio/<cluster>/reboots): a procedure asks for its node's turn (sent with signalWithStart). */
export const requestRebootSignal = defineSignal<[RebootRequest]>('requestReboot');
/** rebootCoordinator: the holder is done (node back and verified, or failed), or a waiter gives up. */
export const releaseRebootSignal = defineSignal<[RebootRelease]>('releaseReboot');
/** To the requesting procedure: its node may go down now. */
export const rebootGrantedSignal = defineSignal<[RebootGrant]>('rebootGranted');
/** rebootCoordinator: the holder, the waiting queue and the latest turns. */
export const rebootsQuery = defineQuery<RebootsView>('reboots');
