// Which agents the cluster may use, and which of them hold the MDM roles. Pure and deterministic: bootstrap runs
// it in workflow code, and the supervisor applies the same data-node rules to agents that appear later.
import type { AgentInfo } from './agents';
import type { MdmNode } from './cluster';
import { personaOf } from './placement';
import type { ClusterSpec, MdmMode, NodeSelection } from './spec/types';

/** Mesos `os` attribute values of systems we cannot install on (the probe has the last word on the rest). */
const UNSUPPORTED_OS = new Set(['coreos']);

function missingAttributes(sel: NodeSelection, agent: AgentInfo): string | undefined {
  for (const [k, v] of Object.entries(sel.requireAttributes)) {
    if (agent.attributes[k] !== v) return `lacks attribute ${k}=${v}`;
  }
  return undefined;
}

/** Why the agent cannot be a data node (SDS + SDC), or undefined when it can. */
export function dataNodeRefusal(sel: NodeSelection, agent: AgentInfo): string | undefined {
  if (sel.excludeHostnames.includes(agent.hostname)) return 'excluded by nodeSelection.excludeHostnames';
  const attr = missingAttributes(sel, agent);
  if (attr) return attr;
  if (agent.os && UNSUPPORTED_OS.has(agent.os.family)) return `runs ${agent.os.family}, not supported yet`;
  return undefined;
}

/** Why the agent cannot hold an MDM role, or undefined when it can (its offer shows enough free resources). */
export function mdmNodeRefusal(sel: NodeSelection, agent: AgentInfo): string | undefined {
  const data = dataNodeRefusal(sel, agent);
  if (data) return data;
  if (agent.resources.cpus < sel.mdmMinCpus)
    return `needs ${sel.mdmMinCpus} cpus for an MDM, best offer ${agent.resources.cpus}`;
  if (agent.resources.memMb < sel.mdmMinMemMb)
    return `needs ${sel.mdmMinMemMb} MB memory for an MDM, best offer ${agent.resources.memMb} MB`;
  return undefined;
}

export function mdmRoles(mode: MdmMode): MdmNode['role'][] {
  return mode === 5
    ? ['primary', 'secondary', 'secondary', 'tiebreaker', 'tiebreaker']
    : ['primary', 'secondary', 'tiebreaker'];
}

export type MdmPick =
  { ok: true; nodes: { hostname: string; role: MdmNode['role'] }[] } | { ok: false; reason: string };

/**
 * Picks one node per MDM role, never two roles on one node, spread over the values of the spread attribute
 * (racks) round-robin so losing one rack loses as few MDMs as possible. Ties break by hostname.
 */
export function pickMdmNodes(
  spec: Pick<ClusterSpec, 'mdmMode' | 'nodeSelection'>,
  agents: readonly AgentInfo[]
): MdmPick {
  const roles = mdmRoles(spec.mdmMode);
  const sel = spec.nodeSelection;
  const eligible = [...agents]
    .filter((a) => mdmNodeRefusal(sel, a) === undefined)
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
  if (eligible.length < roles.length) {
    const refused = agents
      .filter((a) => mdmNodeRefusal(sel, a) !== undefined)
      .slice(0, 5)
      .map((a) => `${a.hostname}: ${mdmNodeRefusal(sel, a)}`);
    return {
      ok: false,
      reason:
        `${spec.mdmMode}-node MDM needs ${roles.length} eligible nodes, ${eligible.length} found` +
        (eligible.length ? ` (${eligible.map((a) => a.hostname).join(', ')})` : '') +
        (refused.length ? `; not eligible: ${refused.join('; ')}` : ''),
    };
  }
  const groups = new Map<string, AgentInfo[]>();
  for (const a of eligible) {
    const key = a.attributes[sel.spreadAttribute] ?? '';
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  // Agents pinned with scaleio-persona take their role first (the old framework's manual placement).
  const slots: (AgentInfo | undefined)[] = roles.map(() => undefined);
  for (const a of eligible) {
    const persona = personaOf(a.attributes);
    const free = roles.findIndex((r, i) => r === persona && slots[i] === undefined);
    if (persona && free >= 0) slots[free] = a;
  }
  const pinned = new Set(slots.filter((a) => a !== undefined).map((a) => a.hostname));
  const queues = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, list]) => list.filter((a) => !pinned.has(a.hostname) && personaOf(a.attributes) === undefined));
  const rest: AgentInfo[] = [];
  const open = slots.filter((s) => s === undefined).length;
  while (rest.length < open && queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next && rest.length < open) rest.push(next);
    }
  }
  if (rest.length < open)
    return {
      ok: false,
      reason: `${spec.mdmMode}-node MDM: ${open} role(s) left after the scaleio-persona pins, ${rest.length} unpinned eligible node(s)`,
    };
  const nodes = slots.map((a) => a ?? rest.shift()!);
  return { ok: true, nodes: nodes.map((a, i) => ({ hostname: a.hostname, role: roles[i]! })) };
}
