// scli --query_cluster and --query_all output.
import { createHash } from 'node:crypto';
import { type MdmNodeView, type ScaleioCluster } from '../../scaleio';

const MODE: Record<string, string> = { OneNode: '1_node', ThreeNodes: '3_node', FiveNodes: '5_node' };

function nodeLines(n: MdmNodeView, withStatus: boolean): string {
  const mgmt = n.managementIPs?.length ? `, Management IPs: ${n.managementIPs.join(', ')}` : '';
  const status = withStatus
    ? `\t\tStatus: ${n.status ?? 'Normal'}, Version: ${n.versionInfo}\n`
    : `\t\tVersion: ${n.versionInfo}\n`;
  return `\tName: ${n.name}, ID: 0x${n.id}\n\t\tIPs: ${n.ips.join(', ')}${mgmt}, Port: ${n.port}, Virtual IP interfaces: N/A\n${status}`;
}

export function queryCluster(cluster: ScaleioCluster): string {
  const v = cluster.queryMdmCluster();
  const members = 1 + v.slaves.length + v.tieBreakers.length;
  const good = v.goodNodesNum;
  let out = `Cluster:\n\tName: ${cluster.snapshot().system?.name ?? 'N/A'}, ID: ${v.id}, Mode: ${MODE[v.clusterMode] ?? v.clusterMode}, State: ${v.clusterState === 'ClusteredNormal' ? 'Normal' : v.clusterState}, Active: ${good}/${members}, Replicas: ${v.goodReplicasNum}/${v.slaves.length + 1}\n\tVirtual IPs: N/A\n`;
  if (v.master) out += `Master MDM:\n${nodeLines(v.master, false)}`;
  if (v.slaves.length) out += `Slave MDMs:\n${v.slaves.map((n) => nodeLines(n, true)).join('')}`;
  if (v.tieBreakers.length) out += `Tie-Breakers:\n${v.tieBreakers.map((n) => nodeLines(n, true)).join('')}`;
  if (v.standbyMDMs?.length) out += `Standby MDMs:\n${v.standbyMDMs.map((n) => nodeLines(n, true)).join('')}`;
  return out;
}

export function installationId(systemId: string): string {
  return createHash('sha256').update(systemId).digest('hex').slice(0, 16);
}

export function queryAll(cluster: ScaleioCluster): string {
  const s = cluster.snapshot();
  const sys = s.system!;
  let out = `System Info:\n\tProduct:  ${sys.systemVersionName}\n\tID:      ${sys.id}\n\tName:    ${sys.name ?? 'N/A'}\n\tInstallation ID: ${installationId(sys.id)}\n\n`;
  out += `Protection Domains (${s.protectionDomains.length}):\n`;
  for (const pd of s.protectionDomains) {
    out += `Protection Domain ${pd.id} (Name: ${pd.name})\n`;
    for (const sp of s.storagePools.filter((p) => p.protectionDomainId === pd.id))
      out += `\tStorage Pool ${sp.id} (Name: ${sp.name})\n`;
    const sdss = s.sds.filter((x) => x.protectionDomainId === pd.id);
    out += `\t${sdss.length} SDS nodes\n`;
  }
  out += `\nSDC: ${s.sdcs.length} SDC nodes have been defined\nVolumes: ${s.volumes.length} volumes have been defined\n`;
  return out;
}
