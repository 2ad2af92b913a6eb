// Model objects as the REST gateway emits them, with `links` carrying the real `rel` values
// (clients such as goscaleio navigate by rel).
import { type ScaleioCluster } from '../scaleio';
import { mdmClusterView } from '../scaleio/mdm-view';

type Json = Record<string, unknown>;
interface Link {
  rel: string;
  href: string;
}

const CHILDREN: Record<string, string[]> = {
  System: ['Statistics', 'ProtectionDomain', 'Sdc', 'User'],
  ProtectionDomain: ['Statistics', 'StoragePool', 'Sds', 'FaultSet'],
  StoragePool: ['Statistics', 'SpSds', 'Volume', 'Device', 'VTree'],
  Sds: ['Statistics', 'Device', 'RfcacheDevice'],
  Device: ['Statistics'],
  Sdc: ['Statistics', 'Volume'],
  Volume: ['Statistics'],
};

export function links(type: string, id: string, parents: [field: string, type: string, id: string][] = []): Link[] {
  const self = `/api/instances/${type}::${id}`;
  return [
    { rel: 'self', href: self },
    ...(CHILDREN[type] ?? []).map((c) => ({
      rel: `/api/${type}/relationship/${c}`,
      href: `${self}/relationships/${c}`,
    })),
    ...parents.map(([field, t, pid]) => ({
      rel: `/api/parent/relationship/${field}`,
      href: `/api/instances/${t}::${pid}`,
    })),
  ];
}

export function renderSystem(c: ScaleioCluster): Json | null {
  const { system, mdm } = c.ctx.state;
  if (!system || !mdm) return null;
  const view = mdmClusterView(mdm);
  const ipsOf = (ids: string[]) => ids.flatMap((id) => mdm.nodes[id]?.ips ?? []);
  return {
    id: system.id,
    name: system.name,
    systemVersionName: c.systemVersionName(),
    mdmCluster: view,
    mdmManagementPort: 6611,
    mdmMode: mdm.clusterMode === 'OneNode' ? 'Single' : 'Cluster',
    mdmClusterState: view.clusterState,
    primaryMdmActorIpList: ipsOf([mdm.masterId]),
    secondaryMdmActorIpList: ipsOf(mdm.slaveIds),
    tiebreakerMdmIpList: ipsOf(mdm.tieBreakerIds),
    installId: system.id.slice(0, 8) + mdm.id.slice(-8),
    swid: '',
    daysInstalled: Math.floor(c.nowMs / 86_400_000),
    maxCapacityInGb: 'Unlimited',
    capacityTimeLeftInDays: 'Unlimited',
    capacityAlertHighThresholdPercent: system.capacityAlertHighThresholdPercent,
    capacityAlertCriticalThresholdPercent: system.capacityAlertCriticalThresholdPercent,
    enterpriseFeaturesEnabled: true,
    isInitialLicense: true,
    restrictedSdcModeEnabled: system.restrictedSdcModeEnabled,
    restrictedSdcMode: 'None',
    perfProfile: 'Default',
    upgradeState: system.upgradeState,
    links: links('System', system.id),
  };
}

export function renderProtectionDomain(c: ScaleioCluster, id: string): Json {
  const pd = c.ctx.state.protectionDomains[id]!;
  const systemId = c.ctx.state.system?.id ?? '';
  return {
    id: pd.id,
    name: pd.name,
    systemId,
    protectionDomainState: pd.protectionDomainState,
    rebuildNetworkThrottlingInKbps: null,
    rebalanceNetworkThrottlingInKbps: null,
    overallIoNetworkThrottlingInKbps: null,
    rebuildNetworkThrottlingEnabled: false,
    rebalanceNetworkThrottlingEnabled: false,
    overallIoNetworkThrottlingEnabled: false,
    rfcacheEnabled: true,
    rfcacheOpertionalMode: 'WriteMiss', // sic: the gateway misspells this key
    rfcachePageSizeKb: 64,
    rfcacheMaxIoSizeKb: 128,
    links: links('ProtectionDomain', pd.id, [['systemId', 'System', systemId]]),
  };
}

export function renderStoragePool(c: ScaleioCluster, id: string): Json {
  const sp = c.ctx.state.storagePools[id]!;
  return {
    id: sp.id,
    name: sp.name,
    protectionDomainId: sp.protectionDomainId,
    sparePercentage: sp.sparePercentage,
    rebuildEnabled: sp.rebuildEnabled,
    rebalanceEnabled: sp.rebalanceEnabled,
    zeroPaddingEnabled: sp.zeroPaddingEnabled,
    useRmcache: false,
    useRfcache: false,
    rmcacheWriteHandlingMode: 'Cached',
    checksumEnabled: false,
    numOfParallelRebuildRebalanceJobsPerDevice: 2,
    capacityAlertHighThreshold: sp.capacityAlertHighThreshold,
    capacityAlertCriticalThreshold: sp.capacityAlertCriticalThreshold,
    backgroundScannerMode: 'Disabled',
    mediaType: sp.mediaType,
    links: links('StoragePool', sp.id, [['protectionDomainId', 'ProtectionDomain', sp.protectionDomainId]]),
  };
}

export function renderSds(c: ScaleioCluster, id: string): Json {
  const s = c.ctx.state.sds[id]!;
  return {
    id: s.id,
    name: s.name,
    protectionDomainId: s.protectionDomainId,
    ipList: s.ipList.map((x) => ({ ip: x.ip, role: x.role })),
    port: s.port,
    faultSetId: null,
    sdsState: s.sdsState,
    membershipState: s.membershipState,
    mdmConnectionState: s.mdmConnectionState,
    maintenanceState: s.maintenanceState,
    drlMode: 'Volatile',
    rmcacheEnabled: true,
    rmcacheSizeInKb: 131072,
    rmcacheFrozen: false,
    onVmWare: false,
    perfProfile: 'Default',
    softwareVersionInfo: s.softwareVersionInfo,
    authenticationError: 'None',
    links: links('Sds', s.id, [['protectionDomainId', 'ProtectionDomain', s.protectionDomainId]]),
  };
}

export function renderDevice(c: ScaleioCluster, id: string): Json {
  const d = c.ctx.state.devices[id]!;
  const failed = d.deviceState === 'Error';
  return {
    id: d.id,
    name: d.name,
    sdsId: d.sdsId,
    storagePoolId: d.storagePoolId,
    deviceCurrentPathName: d.deviceCurrentPathName,
    deviceOriginalPathName: d.deviceOriginalPathName,
    deviceState: d.deviceState,
    errorState: d.errorState,
    aggregatedState: failed ? 'Failed' : 'NeverFailed',
    temperatureState: 'NeverFailed',
    ssdEndOfLifeState: 'NeverFailed',
    capacityLimitInKb: d.capacityLimitInKb,
    maxCapacityInKb: d.maxCapacityInKb,
    mediaType: d.mediaType,
    ledSetting: 'Off',
    links: links('Device', d.id, [
      ['sdsId', 'Sds', d.sdsId],
      ['storagePoolId', 'StoragePool', d.storagePoolId],
    ]),
  };
}

export function renderSdc(c: ScaleioCluster, id: string): Json {
  const s = c.ctx.state.sdcs[id]!;
  const systemId = c.ctx.state.system?.id ?? '';
  return {
    id: s.id,
    name: s.name,
    sdcIp: s.sdcIp,
    sdcIps: [s.sdcIp],
    sdcGuid: s.sdcGuid,
    sdcApproved: s.sdcApproved,
    sdcApprovedIps: null,
    mdmConnectionState: s.mdmConnectionState,
    osType: 'Linux',
    onVmWare: false,
    perfProfile: 'Default',
    softwareVersionInfo: s.softwareVersionInfo,
    installedSoftwareVersionInfo: s.softwareVersionInfo,
    kernelVersion: '4.4.0',
    systemId,
    links: links('Sdc', s.id, [['systemId', 'System', systemId]]),
  };
}

export function renderVolume(c: ScaleioCluster, id: string): Json {
  const v = c.ctx.state.volumes[id]!;
  return {
    id: v.id,
    name: v.name,
    sizeInKb: v.sizeInKb,
    storagePoolId: v.storagePoolId,
    vtreeId: v.vtreeId,
    volumeType: v.volumeType,
    ancestorVolumeId: null,
    mappedSdcInfo: v.mappedSdcIds.map((sdcId) => ({
      sdcId,
      sdcIp: c.ctx.state.sdcs[sdcId]?.sdcIp ?? null,
      limitIops: 0,
      limitBwInMbps: 0,
    })),
    mappingToAllSdcsEnabled: false,
    useRmcache: false,
    creationTime: v.creationTime,
    links: links('Volume', v.id, [
      ['vtreeId', 'VTree', v.vtreeId],
      ['storagePoolId', 'StoragePool', v.storagePoolId],
    ]),
  };
}
