// clusterSupervisor: the long-lived entity workflow of one cluster (id scaleio/<cluster>/supervisor).
// The bridge signals it (signalWithStart) when an agent appears, changes or returns, and when one is lost;
// it keeps the membership and continues as new before its history grows large.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentGone, AgentInfo } from '../common/agents';
import { agentGoneSignal, agentOfferedSignal, membersQuery, setPolicySignal } from '../common/messages';
import { ScaleioCluster, ScaleioProcedure } from '../common/search-attributes';
import type { Member, SupervisorInput, SupervisorPolicy } from '../common/supervisor';

const DEFAULT_POLICY: SupervisorPolicy = { autoOnboard: true, requireAttributes: {} };

function isStringMap(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
  );
}

function eligible(policy: SupervisorPolicy, agent: AgentInfo): boolean {
  return Object.entries(policy.requireAttributes).every(([k, v]) => agent.attributes[k] === v);
}

export async function clusterSupervisor(input: SupervisorInput): Promise<void> {
  const policy: SupervisorPolicy = { ...DEFAULT_POLICY, ...input.policy };
  const members = new Map<string, Member>((input.members ?? []).map((m) => [m.hostname, m]));
  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioProcedure, value: 'supervisor' },
  ]);

  setHandler(agentOfferedSignal, (agent: AgentInfo) => {
    if (!eligible(policy, agent)) return;
    const known = members.get(agent.hostname);
    members.set(agent.hostname, {
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
    if (change.autoOnboard !== undefined && typeof change.autoOnboard !== 'boolean')
      return log.warn('setPolicy: autoOnboard must be true or false', { change });
    if (change.requireAttributes !== undefined && !isStringMap(change.requireAttributes))
      return log.warn('setPolicy: requireAttributes must map names to strings', { change });
    if (change.autoOnboard !== undefined) policy.autoOnboard = change.autoOnboard;
    if (change.requireAttributes !== undefined) policy.requireAttributes = change.requireAttributes;
  });
  setHandler(membersQuery, () => [...members.values()].sort((a, b) => a.hostname.localeCompare(b.hostname)));

  const limit = input.continueAsNewAfterEvents;
  await condition(() =>
    limit !== undefined ? workflowInfo().historyLength >= limit : workflowInfo().continueAsNewSuggested
  );
  await condition(allHandlersFinished);
  await continueAsNew<typeof clusterSupervisor>({ ...input, policy, members: [...members.values()] });
}
