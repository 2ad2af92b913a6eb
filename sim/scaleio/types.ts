// In-memory state of the simulated ScaleIO cluster. Plain data only (no methods), so that
// snapshot() can hand it out as JSON and the operation modules stay small and testable.

export type MdmRole = 'Manager' | 'TieBreaker';
export type MdmStatus = 'Normal' | 'Disconnected';
export type ClusterMode = 'OneNode' | 'ThreeNodes' | 'FiveNodes';
export type SdsIpRole = 'all' | 'sdsOnly' | 'sdcOnly';
export type MaintenanceState =
  'NoMaintenance' | 'SetMaintenanceInProgress' | 'InMaintenance' | 'ExitMaintenanceInProgress';
export type VolumeType = 'ThinProvisioned' | 'ThickProvisioned';

export interface MdmNode {
  id: string;
  name: string;
  ips: string[];
  managementIPs: string[];
  port: number;
  role: MdmRole;
  status: MdmStatus;
  versionInfo: string;
}

export interface MdmClusterState {
  id: string; // decimal string, as the real gateway emits it
  clusterMode: ClusterMode;
  masterId: string;
  slaveIds: string[];
  tieBreakerIds: string[];
  standbyIds: string[];
  nodes: Record<string, MdmNode>;
  /**
   * How many times the master changed (ownership switches and failovers). A real gateway's sessions are bound to
   * its connection to the master, so every gateway in front of the cluster drops its tokens when this moves.
   */
  masterChanges: number;
}

export interface SystemState {
  id: string;
  name: string | null;
  capacityAlertHighThresholdPercent: number;
  capacityAlertCriticalThresholdPercent: number;
  upgradeState: string;
  restrictedSdcModeEnabled: boolean;
}

export interface ProtectionDomainState {
  id: string;
  name: string;
  protectionDomainState: 'Active' | 'Inactive';
}

export interface StoragePoolState {
  id: string;
  name: string;
  protectionDomainId: string;
  sparePercentage: number;
  capacityAlertHighThreshold: number;
  capacityAlertCriticalThreshold: number;
  rebuildEnabled: boolean;
  rebalanceEnabled: boolean;
  zeroPaddingEnabled: boolean;
  mediaType: 'HDD' | 'SSD';
}

export interface SdsState {
  id: string;
  name: string;
  protectionDomainId: string;
  ipList: { ip: string; role: SdsIpRole }[];
  port: number;
  sdsState: 'Normal' | 'RemovePending';
  membershipState: 'Joined' | 'Decoupled';
  mdmConnectionState: 'Connected' | 'Disconnected';
  maintenanceState: MaintenanceState;
  softwareVersionInfo: string;
  /** Simulated ms left until a maintenance transition completes. */
  maintenanceTransitionLeftMs: number;
}

export interface DeviceState {
  id: string;
  name: string;
  sdsId: string;
  storagePoolId: string;
  deviceCurrentPathName: string;
  deviceOriginalPathName: string;
  deviceState: 'Normal' | 'Error' | 'RemovePending';
  errorState: 'None' | 'Error';
  capacityLimitInKb: number;
  maxCapacityInKb: number;
  mediaType: 'HDD' | 'SSD';
  /** Raw KB of data (both mirror copies count) held on this device. */
  usedKb: number;
}

export interface SdcState {
  id: string;
  name: string | null;
  sdcGuid: string;
  sdcIp: string;
  mdmIps: string[];
  mdmConnectionState: 'Connected' | 'Disconnected';
  softwareVersionInfo: string;
  sdcApproved: boolean;
}

export interface VolumeState {
  id: string;
  name: string;
  sizeInKb: number;
  storagePoolId: string;
  vtreeId: string;
  volumeType: VolumeType;
  mappedSdcIds: string[];
  creationTime: number;
  /** Raw KB this volume placed on devices at creation (thick: 2 copies of its size). */
  allocatedKb: number;
}

/** Why data is being moved: re-protection after a loss, evening out, or draining a removed device. */
export type DataJobKind = 'rebuild' | 'rebalance' | 'moving';

export interface DataJob {
  id: number;
  kind: DataJobKind;
  storagePoolId: string;
  /** For 'rebuild': what made the copies unavailable; drives degradedHealthy vs degradedFailed. */
  cause?: 'deviceFailed' | 'sdsDisconnected';
  /** Device the data came from (failed, disconnected, removed or over-full). */
  sourceDeviceId?: string;
  remainingKb: number;
}

export interface IoLoad {
  iops: number;
  bwKbPerSec: number;
  latencyUs: number;
  readFraction: number;
}

/** Daemons installed on simulated nodes (by IP), used when strict checks are on. */
export interface NodeDaemon {
  kind: 'mdm' | 'sds';
  version: string;
}

export interface ClusterState {
  mdm: MdmClusterState | null;
  system: SystemState | null;
  user: string;
  password: string;
  protectionDomains: Record<string, ProtectionDomainState>;
  storagePools: Record<string, StoragePoolState>;
  sds: Record<string, SdsState>;
  devices: Record<string, DeviceState>;
  sdcs: Record<string, SdcState>;
  volumes: Record<string, VolumeState>;
  jobs: DataJob[];
  /** Raw KB lost for good (both copies gone), per pool. */
  failedKb: Record<string, number>;
  nextJobId: number;
  /** Per storage pool client I/O load; absent means idle. */
  ioLoad: Record<string, IoLoad>;
  /** KB moved during the last tick, per pool and kind, for the *Bwc bandwidth counters. */
  lastMovedKbPerSec: Record<string, { rebuild: number; rebalance: number }>;
  nodeDaemons: Record<string, NodeDaemon[]>;
  nodeDisks: Record<string, Record<string, number>>; // ip -> path -> size KB
  nowMs: number;
}
