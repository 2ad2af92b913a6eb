// A plain JSON copy of the whole simulated cluster, for tests and GET /sim/state.
import { type MdmClusterView, mdmClusterView } from './mdm-view';
import { type Ctx } from './options';
import {
  type DataJob,
  type DeviceState,
  type IoLoad,
  type NodeDaemon,
  type ProtectionDomainState,
  type SdcState,
  type SdsState,
  type StoragePoolState,
  type SystemState,
  type VolumeState,
} from './types';
import { statisticsOf } from './stats';

export function systemVersionName(ctx: Ctx): string {
  const mdm = ctx.state.mdm;
  const version = (mdm && mdm.nodes[mdm.masterId]?.versionInfo) ?? ctx.opts.softwareVersion;
  return `${ctx.opts.versionNamePrefix}${version}`;
}

export interface ClusterSnapshot {
  nowMs: number;
  system: (SystemState & { systemVersionName: string }) | null;
  /** The MdmCluster object as the gateway shows it. */
  mdmCluster: MdmClusterView | null;
  protectionDomains: ProtectionDomainState[];
  storagePools: StoragePoolState[];
  sds: SdsState[];
  devices: DeviceState[];
  sdcs: SdcState[];
  volumes: VolumeState[];
  jobs: DataJob[];
  failedKb: Record<string, number>;
  ioLoad: Record<string, IoLoad>;
  nodeDaemons: Record<string, NodeDaemon[]>;
  nodeDisks: Record<string, Record<string, number>>;
  systemStatistics: Record<string, unknown> | null;
}

export function snapshot(ctx: Ctx): ClusterSnapshot {
  const s = ctx.state;
  const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  return copy({
    nowMs: s.nowMs,
    system: s.system ? { ...s.system, systemVersionName: systemVersionName(ctx) } : null,
    mdmCluster: s.mdm ? mdmClusterView(s.mdm) : null,
    protectionDomains: Object.values(s.protectionDomains),
    storagePools: Object.values(s.storagePools),
    sds: Object.values(s.sds),
    devices: Object.values(s.devices),
    sdcs: Object.values(s.sdcs),
    volumes: Object.values(s.volumes),
    jobs: s.jobs,
    failedKb: s.failedKb,
    ioLoad: s.ioLoad,
    nodeDaemons: s.nodeDaemons,
    nodeDisks: s.nodeDisks,
    systemStatistics: s.mdm ? statisticsOf(ctx, 'System') : null,
  });
}
