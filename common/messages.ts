// Signals and queries, defined once: workflows install handlers for them, clients and the bridge send them by the
// same typed handles (as temporalio samples do with a shared definitions module).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentGone, AgentInfo } from './agents';
import type { ClusterContext } from './cluster';
import type { ProcedureClaim } from './procedures';
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
