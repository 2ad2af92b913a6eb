// What the bridge tells the cluster's supervisor about a Mesos agent. Identity is the hostname; the agent id is
// only its current address (it changes when an agent re-registers, e.g. after a reboot).

export interface AgentInfo {
  hostname: string;
  agentId: string;
  /** Agent attributes as text (scalars and sets rendered as Mesos prints them). */
  attributes: Record<string, string>;
  /** Free resources in the offer that revealed the agent. */
  resources: { cpus: number; memMb: number; diskMb: number };
  /** From the `os` and `os_version` attributes when the agent has them. */
  os?: { family: string; version: string };
}

export interface AgentGone {
  hostname: string;
  agentId: string;
  reason: string;
}
