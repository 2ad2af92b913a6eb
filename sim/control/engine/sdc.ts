// The SDC driver connects to its MDMs in the background: at install, on drv_cfg --add_mdm and
// whenever the cluster changes (the driver keeps retrying, so a later cluster is picked up).
import { type NodeState } from '../../nodes';
import { type ScaleioCluster } from '../../scaleio';
import { type ControlDeps } from '../types';
import { scaleioVersionInfo } from './versions';

function sdcVersion(node: NodeState): string | undefined {
  const pkg = Object.values(node.packages).find((p) => p.role === 'sdc');
  return pkg ? scaleioVersionInfo(pkg.version) : undefined;
}

/** Registers the node's SDC if it can reach an MDM; returns whether it is registered now. */
export function tryConnectSdc(node: NodeState, cluster: ScaleioCluster): boolean {
  if (!node.kernelModules.includes('scini') || !node.sdc.guid || node.sdc.mdmIps.length === 0) return false;
  try {
    // Registering an already known GUID reconnects that SDC.
    node.sdc.sdcId = cluster.registerSdc(node.sdc.guid, node.ip, node.sdc.mdmIps, sdcVersion(node));
    return true;
  } catch {
    return false;
  }
}

export function connectPendingSdcs(deps: ControlDeps): void {
  for (const node of deps.registry.list()) {
    if (!node.rebooting && node.kernelModules.includes('scini') && node.sdc.mdmIps.length > 0 && !node.sdc.sdcId) {
      tryConnectSdc(node, deps.cluster);
    }
  }
}

export function disconnectSdc(node: NodeState, cluster: ScaleioCluster): void {
  if (!node.sdc.sdcId) return;
  try {
    cluster.setSdcConnected(node.sdc.sdcId, false);
  } catch {
    // the SDC was removed from the cluster already
  }
}

export function parseIpList(value: string): string[] | string {
  const ips = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ips.length === 0) return 'no IP address given';
  const bad = ips.find((ip) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || ip.split('.').some((o) => Number(o) > 255));
  return bad === undefined ? ips : `invalid IP address '${bad}'`;
}
