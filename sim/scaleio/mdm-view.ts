// The MdmCluster object exactly as the gateway shows it (System.mdmCluster and queryMdmCluster).
import { type MdmClusterState, type MdmNode } from './types';

export interface MdmNodeView {
  id: string;
  name: string;
  port: number;
  ips: string[];
  managementIPs: string[];
  role: string;
  versionInfo: string;
  opensslVersion: string;
  virtualInterfaces: string[];
  status?: string;
}

export interface MdmClusterView {
  id: string;
  clusterMode: string;
  clusterState: string;
  goodNodesNum: number;
  goodReplicasNum: number;
  virtualIps: string[];
  master: MdmNodeView | null;
  slaves: MdmNodeView[];
  tieBreakers: MdmNodeView[];
  standbyMDMs?: MdmNodeView[];
}

export function clusterState(mdm: MdmClusterState): string {
  const master = mdm.nodes[mdm.masterId];
  const members = [mdm.masterId, ...mdm.slaveIds, ...mdm.tieBreakerIds];
  const healthy = members.filter((id) => mdm.nodes[id]?.status === 'Normal').length;
  if (mdm.clusterMode === 'OneNode') return 'NotClustered';
  if (master?.status !== 'Normal' || healthy * 2 <= members.length) return 'NotClustered';
  const slaveDown = mdm.slaveIds.some((id) => mdm.nodes[id]?.status !== 'Normal');
  const tbDown = mdm.tieBreakerIds.some((id) => mdm.nodes[id]?.status !== 'Normal');
  if (slaveDown && tbDown) return 'ClusteredDegradedTiebreakerDown';
  if (slaveDown) return 'ClusteredDegraded';
  if (tbDown) return 'ClusteredTiebreakerDown';
  return 'ClusteredNormal';
}

function nodeView(n: MdmNode, withStatus: boolean): MdmNodeView {
  const v: MdmNodeView = {
    id: n.id,
    name: n.name,
    port: n.port,
    ips: [...n.ips],
    managementIPs: [...n.managementIPs],
    role: n.role,
    versionInfo: n.versionInfo,
    opensslVersion: 'OpenSSL 1.0.2k-fips  26 Jan 2017',
    virtualInterfaces: [],
  };
  // The real 2.6 sample has no status on the master; slaves, tie-breakers and standbys carry one.
  if (withStatus) v.status = n.status;
  return v;
}

export function mdmClusterView(mdm: MdmClusterState): MdmClusterView {
  const pick = (ids: string[]) =>
    ids
      .map((id) => mdm.nodes[id])
      .filter((n): n is MdmNode => n !== undefined)
      .map((n) => nodeView(n, true));
  const members = [mdm.masterId, ...mdm.slaveIds, ...mdm.tieBreakerIds];
  const replicas = [mdm.masterId, ...mdm.slaveIds];
  const normal = (ids: string[]) => ids.filter((id) => mdm.nodes[id]?.status === 'Normal').length;
  const master = mdm.nodes[mdm.masterId];
  const view: MdmClusterView = {
    id: mdm.id,
    clusterMode: mdm.clusterMode,
    clusterState: clusterState(mdm),
    goodNodesNum: normal(members),
    goodReplicasNum: normal(replicas),
    virtualIps: [],
    master: master ? nodeView(master, false) : null,
    slaves: pick(mdm.slaveIds),
    tieBreakers: pick(mdm.tieBreakerIds),
  };
  if (mdm.standbyIds.length > 0) view.standbyMDMs = pick(mdm.standbyIds);
  return view;
}
