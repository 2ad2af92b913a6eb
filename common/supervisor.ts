// Types of the long-lived clusterSupervisor workflow: its input (also its continue-as-new state) and members.
import type { AgentInfo } from './agents';
import type { ClusterContext } from './cluster';
import type { GrowthPolicy } from './growth';
import type { HealthThresholds } from './health-types';
import type { ProcedureClaim } from './procedures';

export interface SupervisorPolicy {
  /** Start an onboardAgent child for each new eligible node. */
  autoOnboard: boolean;
  /** Only agents carrying these attributes with these values are members. */
  requireAttributes: Record<string, string>;
  /** How many onboardAgent children run at once. */
  maxParallelOnboardings: number;
}

/** Where a member is in joining the cluster. */
export type OnboardingState = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'running-elsewhere';

export type MemberStatus = 'present' | 'gone';

export interface Member {
  hostname: string;
  agentId: string;
  status: MemberStatus;
  attributes: Record<string, string>;
  os?: AgentInfo['os'];
  /** How many times this node was (re)discovered: a reboot or a new agent id counts again. */
  discoveries: number;
  onboarding: OnboardingState;
  /** An operator asked for this node (onboardNode), so it is on-boarded even with autoOnboard off. */
  manual?: boolean;
  /** Why it is gone, skipped or failed. */
  lastReason?: string;
}

/** What the healthMonitor is started with besides its cluster (workflows/lib/health-input.ts checks it). */
export interface HealthMonitorSettings {
  /** Seconds between readings (default 60); fractions allowed, above 0. */
  intervalSeconds?: number;
  /** Overrides of DEFAULT_THRESHOLDS (common/health-types.ts). */
  thresholds?: Partial<HealthThresholds>;
  /** Each alert change is POSTed here as JSON (retried). Kept in history: no credentials or query string. */
  webhookUrl?: string;
  /** History length at which the monitor continues as new (default 2000). */
  continueAsNewAfterEvents?: number;
  /** Automatic capacity growth (common/growth.ts); off unless `enabled`. Later changes: signal setGrowthPolicy. */
  growth?: Partial<GrowthPolicy>;
}

export interface SupervisorInput {
  cluster: string;
  policy?: Partial<SupervisorPolicy>;
  /** Carried across continue-as-new; absent on the first run. */
  members?: Member[];
  /** Set by clusterReady (bootstrap); carried across continue-as-new. */
  context?: ClusterContext;
  /** Nodes bootstrap on-boarded itself (from clusterReady), carried across continue-as-new. */
  onboarded?: string[];
  /** Registered procedures, carried across continue-as-new. */
  procedures?: ProcedureClaim[];
  /** The cluster's healthMonitor, started once the cluster is ready: its settings, or false for none. */
  healthMonitor?: false | HealthMonitorSettings;
  /** Set once the health monitor was started; carried across continue-as-new. */
  monitorStarted?: boolean;
  /** History length at which the workflow continues as new (default: when the server suggests it). */
  continueAsNewAfterEvents?: number;
}

export interface ClusterReady {
  context: ClusterContext;
  /** Nodes bootstrap on-boarded itself: the supervisor does not start them again. */
  onboarded: string[];
}
