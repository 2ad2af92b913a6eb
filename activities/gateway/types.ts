// Objects as the ScaleIO REST gateway (API < 4.0) emits them. Field names are case-exact (TS is not Go):
// output `deviceCurrentPathName`, `sdcIp`, `managementIPs`, `rfcacheOpertionalMode` (sic).
// Fields that older releases lack, or that may be null, are optional; ids are hex strings, never numbers.

export interface Link {
  rel: string;
  href: string;
}

export interface MdmNode {
  id: string;
  name?: string | null;
  ips: string[];
  managementIPs?: string[];
  port?: number;
  role?: 'Manager' | 'TieBreaker' | string;
  /** Absent on the master in 2.x output; 'Normal' when healthy. */
  status?: string;
  versionInfo?: string;
  opensslVersion?: string;
  virtualInterfaces?: string[];
}

export type ClusterMode = 'OneNode' | 'ThreeNodes' | 'FiveNodes';

export interface MdmCluster {
  /** Decimal string, not hex; keep it a string. */
  id: string;
  clusterMode: ClusterMode | string;
  /** 'ClusteredNormal' is healthy; anything else is not. */
  clusterState: string;
  goodNodesNum: number;
  goodReplicasNum: number;
  virtualIps?: string[];
  master?: MdmNode | null;
  slaves?: MdmNode[];
  tieBreakers?: MdmNode[];
  /** Present only when standby MDMs exist. */
  standbyMDMs?: MdmNode[];
}

export interface System {
  id: string;
  name?: string | null;
  systemVersionName?: string;
  /** 2.x/3.x embed the MDM cluster; older releases carry the flat fields below instead. */
  mdmCluster?: MdmCluster;
  mdmMode?: string;
  mdmClusterState?: string;
  primaryMdmActorIpList?: string[];
  secondaryMdmActorIpList?: string[];
  tiebreakerMdmIpList?: string[];
  mdmManagementPort?: number;
  installId?: string;
  capacityAlertHighThresholdPercent?: number;
  capacityAlertCriticalThresholdPercent?: number;
  restrictedSdcModeEnabled?: boolean;
  perfProfile?: string;
  /** 'NoUpgrade' when idle. */
  upgradeState?: string;
  links?: Link[];
}

export interface ProtectionDomain {
  id: string;
  name: string | null;
  systemId?: string;
  /** 'Active' is healthy. */
  protectionDomainState?: string;
  rfcacheOpertionalMode?: string;
  links?: Link[];
}

export type MediaType = 'HDD' | 'SSD';

export interface StoragePool {
  id: string;
  name: string | null;
  protectionDomainId: string;
  sparePercentage?: number;
  rebuildEnabled?: boolean;
  rebalanceEnabled?: boolean;
  zeroPaddingEnabled?: boolean;
  useRmcache?: boolean;
  useRfcache?: boolean;
  mediaType?: MediaType | string | null;
  capacityAlertHighThreshold?: number;
  capacityAlertCriticalThreshold?: number;
  links?: Link[];
}

export type SdsIpRole = 'all' | 'sdsOnly' | 'sdcOnly';

export interface SdsIp {
  ip: string;
  role: SdsIpRole | string;
}

export interface Sds {
  id: string;
  name: string | null;
  protectionDomainId: string;
  ipList: SdsIp[];
  port?: number;
  faultSetId?: string | null;
  /** 'Normal' healthy; 'RemovePending' while its data moves out. */
  sdsState?: string;
  membershipState?: string;
  mdmConnectionState?: string;
  /** Absent on old releases; 'NoMaintenance' | 'SetMaintenanceInProgress' | 'InMaintenance' | 'ExitMaintenanceInProgress'. */
  maintenanceState?: string;
  softwareVersionInfo?: string;
  links?: Link[];
}

export interface Device {
  id: string;
  name: string | null;
  sdsId: string;
  storagePoolId: string;
  /** Output spelling (capital N); the create body spells it deviceCurrentPathname. */
  deviceCurrentPathName: string;
  deviceOriginalPathName?: string;
  deviceState?: string;
  errorState?: string;
  capacityLimitInKb?: number;
  maxCapacityInKb?: number;
  mediaType?: MediaType | string | null;
  links?: Link[];
}

export interface Sdc {
  id: string;
  name?: string | null;
  sdcIp: string;
  sdcIps?: string[] | null;
  sdcGuid: string;
  sdcApproved?: boolean;
  mdmConnectionState?: string;
  softwareVersionInfo?: string;
  systemId?: string;
  links?: Link[];
}

export type VolumeType = 'ThinProvisioned' | 'ThickProvisioned';

export interface MappedSdcInfo {
  sdcId: string;
  sdcIp?: string | null;
  limitIops?: number;
  limitBwInMbps?: number;
}

export interface Volume {
  id: string;
  name: string | null;
  sizeInKb: number;
  storagePoolId: string;
  vtreeId?: string;
  volumeType?: VolumeType | 'Snapshot' | string;
  ancestorVolumeId?: string | null;
  mappedSdcInfo?: MappedSdcInfo[] | null;
  mappingToAllSdcsEnabled?: boolean;
  creationTime?: number;
  links?: Link[];
}

/** Result of every ensure* helper: the object's id, and whether this call created it. */
export interface EnsureResult {
  id: string;
  created: boolean;
}
