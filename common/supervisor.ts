// Types of the long-lived clusterSupervisor workflow: its input (also its continue-as-new state) and members.
import type { AgentInfo } from './agents';

export interface SupervisorPolicy {
  /** Start an onboardAgent child for each new eligible node. */
  autoOnboard: boolean;
  /** Only agents carrying these attributes with these values are members. */
  requireAttributes: Record<string, string>;
}

export type MemberStatus = 'present' | 'gone';

export interface Member {
  hostname: string;
  agentId: string;
  status: MemberStatus;
  attributes: Record<string, string>;
  os?: AgentInfo['os'];
  /** How many times this node was (re)discovered: a reboot or a new agent id counts again. */
  discoveries: number;
  lastReason?: string;
}

export interface SupervisorInput {
  cluster: string;
  policy?: Partial<SupervisorPolicy>;
  /** Carried across continue-as-new; absent on the first run. */
  members?: Member[];
  /** History length at which the workflow continues as new (default: when the server suggests it). */
  continueAsNewAfterEvents?: number;
}
