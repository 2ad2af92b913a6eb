// Signals and queries, defined once: workflows install handlers for them, clients and the bridge send them by the
// same typed handles (as temporalio samples do with a shared definitions module).
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AgentGone, AgentInfo } from './agents';
import type { Member, SupervisorPolicy } from './supervisor';

export const agentOfferedSignal = defineSignal<[AgentInfo]>('agentOffered');
export const agentGoneSignal = defineSignal<[AgentGone]>('agentGone');
export const setPolicySignal = defineSignal<[Partial<SupervisorPolicy>]>('setPolicy');

export const membersQuery = defineQuery<Member[]>('members');
