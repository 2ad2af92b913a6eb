// The health monitor's vocabulary: what one reading of the cluster holds, the alerts it can raise, the thresholds
// that decide them and what the evaluation remembers between polls. Plain data, shared by the readHealth activity,
// the pure evaluation (common/health.ts) and the healthMonitor workflow.
import type { GrowthView } from './growth';

/** One storage pool: capacity and data-protection figures (KB), and its own capacity alert thresholds. */
export interface PoolHealth {
  id: string;
  /** protection-domain/pool, as an operator names it. */
  name: string;
  maxKb: number;
  inUseKb: number;
  spareKb: number;
  highPercent?: number;
  criticalPercent?: number;
  /** Data with one copy left (degradedHealthy + degradedFailed). */
  degradedKb: number;
  /** Data with no copy left. */
  failedKb: number;
  /** Rebuild work left (pending + active, forward, backward and normal). */
  rebuildKb: number;
  rebalanceKb: number;
  inMaintenanceKb: number;
}

export interface SdsHealth {
  id: string;
  name: string;
  protectionDomainId: string;
  ips: string[];
  /** mdmConnectionState: 'Connected' when healthy. */
  connection?: string;
  membership?: string;
  /** maintenanceState: 'NoMaintenance' when in service. */
  maintenance?: string;
  state?: string;
}

export interface MdmMemberHealth {
  name: string;
  role: 'master' | 'slave' | 'tiebreaker';
  ips: string[];
  /** 'Normal' when healthy (the master reports none: it answers, so it counts as Normal). */
  status: string;
}

export interface MdmHealth {
  clusterState: string;
  clusterMode: string;
  goodNodes: number;
  members: MdmMemberHealth[];
}

/** Client I/O of the whole system per second; latency (microseconds) only when the gateway reports it. */
export interface PerformanceSample {
  iops: number;
  bandwidthKbPerSec: number;
  latencyUs: number | null;
}

export interface HealthReading {
  /** System-wide capacity thresholds (percent), for pools without their own. */
  highPercent?: number;
  criticalPercent?: number;
  pools: PoolHealth[];
  sds: SdsHealth[];
  /** Null when the gateway does not describe the MDM cluster. */
  mdm: MdmHealth | null;
  performance: PerformanceSample;
}

export const ALERT_SEVERITY = {
  'capacity-high': 'warning',
  'capacity-critical': 'critical',
  'degraded-capacity': 'warning',
  'failed-capacity': 'critical',
  'rebuild-stalled': 'critical',
  'sds-disconnected': 'critical',
  'mdm-disconnected': 'warning',
  'mdm-cluster-degraded': 'critical',
  'iops-drop': 'warning',
  'bandwidth-drop': 'warning',
  'latency-rise': 'warning',
  'gateway-unreachable': 'critical',
} as const;
export type AlertKind = keyof typeof ALERT_SEVERITY;
export type Severity = 'warning' | 'critical';

export interface Alert {
  /** kind:subject, stable while the condition lasts. */
  id: string;
  kind: AlertKind;
  severity: Severity;
  /** What it is about: a pool (pd/sp), an SDS or MDM name, 'system' or 'gateway'. */
  subject: string;
  message: string;
  raisedAt: string;
}

export interface AlertChange {
  /** Numbers every change of one monitor, across continue-as-new. */
  seq: number;
  change: 'raised' | 'cleared';
  at: string;
  alert: Alert;
  /** For a clear: what the value is now. */
  reason?: string;
}

/** Resolved thresholds (defaults applied); see DEFAULT_THRESHOLDS for what each means. */
export interface HealthThresholds {
  /** Override of every pool's own thresholds (percent in use); null: the pool's, else the system's, else 80/90. */
  capacityHighPercent: number | null;
  capacityCriticalPercent: number | null;
  /** A capacity alert clears only below its threshold minus this many points. */
  capacityClearMarginPercent: number;
  /** Polls with rebuild work left and none done before 'rebuild-stalled'. */
  rebuildStallPolls: number;
  /** IOPS or bandwidth this many percent below the rolling baseline raises a drop alert. */
  performanceDropPercent: number;
  /** Latency this many percent above the baseline raises 'latency-rise'. */
  latencyRisePercent: number;
  /** Performance alerts clear this many points inside their threshold. */
  performanceClearMarginPercent: number;
  /** Samples the rolling baseline averages over, and how many it needs before it is trusted. */
  baselinePolls: number;
  baselineWarmupPolls: number;
  /** Baselines under these floors never alert: an idle cluster has no performance to lose. */
  minBaselineIops: number;
  minBaselineBandwidthKbPerSec: number;
  /** Failed readings in a row before 'gateway-unreachable'. */
  gatewayFailurePolls: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  capacityHighPercent: null,
  capacityCriticalPercent: null,
  capacityClearMarginPercent: 5,
  rebuildStallPolls: 5,
  performanceDropPercent: 50,
  latencyRisePercent: 100,
  performanceClearMarginPercent: 10,
  baselinePolls: 20,
  baselineWarmupPolls: 5,
  minBaselineIops: 50,
  minBaselineBandwidthKbPerSec: 1024,
  gatewayFailurePolls: 2,
};

export type PerfMetric = 'iops' | 'bandwidth' | 'latency';

/** What the evaluation remembers between polls (carried across continue-as-new). */
export interface MonitorMemory {
  active: Alert[];
  seq: number;
  failedReads: number;
  /** Per pool id: rebuild work left at the last poll, and polls since it last went down. */
  rebuild: Record<string, { remainingKb: number; stalledPolls: number }>;
  baselines: Partial<Record<PerfMetric, { value: number; samples: number }>>;
}

export function emptyMemory(): MonitorMemory {
  return { active: [], seq: 0, failedReads: 0, rebuild: {}, baselines: {} };
}

/** The healthMonitor's answer to the `alerts` query. */
export interface AlertsView {
  cluster: string;
  status: 'ok' | Severity;
  /** Raised now, oldest first. */
  active: Alert[];
  /** The latest changes, newest last (a bounded window). */
  recent: AlertChange[];
  /** Polls since the monitor started (across continue-as-new), and runs (1 + continue-as-new count). */
  polls: number;
  runs: number;
  lastPollAt?: string;
  /** Why the last reading failed, while it fails. */
  lastError?: string;
  thresholds: HealthThresholds;
  /** Only with a webhook URL: changes waiting to be posted, posted, and given up after every retry. */
  webhook?: { pending: number; delivered: number; failed: number };
  /** Only once a growth policy was set: the policy, the last decision and the latest actions (common/growth.ts). */
  growth?: GrowthView;
}
