// MDM cluster membership: create, standbys, cluster mode, ownership, node status and failover.
import { mdmError } from './errors';
import { type Ctx } from './options';
import { type ClusterMode, type MdmClusterState, type MdmNode, type MdmRole, type MdmStatus } from './types';

export const MODE_SHAPE: Record<ClusterMode, { slaves: number; tieBreakers: number }> = {
  OneNode: { slaves: 0, tieBreakers: 0 },
  ThreeNodes: { slaves: 1, tieBreakers: 1 },
  FiveNodes: { slaves: 2, tieBreakers: 2 },
};

/** The MDM cluster, or VOTER_NOT_CONFIG when nobody created it yet. */
export function requireMdm(ctx: Ctx): MdmClusterState {
  if (!ctx.state.mdm) throw mdmError('VOTER_NOT_CONFIG');
  return ctx.state.mdm;
}

/** Like requireMdm, and the master must be reachable for a configuration change. */
export function requireMaster(ctx: Ctx): MdmClusterState {
  const mdm = requireMdm(ctx);
  if (mdm.nodes[mdm.masterId]?.status !== 'Normal') throw mdmError('NO_MASTER');
  return mdm;
}

function assertDaemon(ctx: Ctx, ip: string, kind: 'mdm' | 'sds'): void {
  if (!ctx.opts.strictNodes) return;
  if (!(ctx.state.nodeDaemons[ip] ?? []).some((d) => d.kind === kind)) throw mdmError('COMMUNICATION_ERROR');
}

function daemonVersion(ctx: Ctx, ip: string, kind: 'mdm' | 'sds'): string {
  return (ctx.state.nodeDaemons[ip] ?? []).find((d) => d.kind === kind)?.version ?? ctx.opts.softwareVersion;
}

export function createMdmCluster(ctx: Ctx, masterIp: string, name: string, managementIps?: string[]): string {
  if (ctx.state.mdm) throw mdmError('PRIMARY_MDM_ALREADY_CONFIG');
  assertDaemon(ctx, masterIp, 'mdm');
  const master: MdmNode = {
    id: ctx.ids.hexId(),
    name,
    ips: [masterIp],
    managementIPs: managementIps ?? [masterIp],
    port: 9011,
    role: 'Manager',
    status: 'Normal',
    versionInfo: daemonVersion(ctx, masterIp, 'mdm'),
  };
  ctx.state.mdm = {
    id: ctx.ids.decimalId(),
    clusterMode: 'OneNode',
    masterId: master.id,
    slaveIds: [],
    tieBreakerIds: [],
    standbyIds: [],
    nodes: { [master.id]: master },
    masterChanges: 0,
  };
  ctx.state.system = {
    id: ctx.ids.hexId(),
    name: null,
    capacityAlertHighThresholdPercent: 80,
    capacityAlertCriticalThresholdPercent: 90,
    upgradeState: 'NoUpgrade',
    restrictedSdcModeEnabled: false,
  };
  return master.id;
}

export interface StandbySpec {
  ips: string[];
  role: MdmRole;
  name?: string;
  managementIps?: string[];
  port?: number;
}

export function addStandbyMdm(ctx: Ctx, spec: StandbySpec): string {
  const mdm = requireMaster(ctx);
  const nodes = Object.values(mdm.nodes);
  if (nodes.some((n) => n.ips.some((ip) => spec.ips.includes(ip)))) throw mdmError('MDM_IP_ALREADY_EXISTS');
  if (spec.name && nodes.some((n) => n.name === spec.name)) throw mdmError('MDM_NAME_ALREADY_EXISTS');
  const ip = spec.ips[0] ?? '';
  assertDaemon(ctx, ip, 'mdm');
  const id = ctx.ids.hexId();
  mdm.nodes[id] = {
    id,
    name: spec.name ?? `${spec.role === 'Manager' ? 'Manager' : 'Tie-Breaker'}${nodes.length + 1}`,
    ips: [...spec.ips],
    managementIPs: spec.managementIps ?? (spec.role === 'Manager' ? [...spec.ips] : []),
    port: spec.port ?? 9011,
    role: spec.role,
    status: 'Normal',
    versionInfo: daemonVersion(ctx, ip, 'mdm'),
  };
  mdm.standbyIds.push(id);
  return id;
}

/** Finds an MDM by id, then by name, then by IP (scli uses names, REST uses ids). */
export function findMdm(mdm: MdmClusterState, ref: string): MdmNode {
  const nodes = Object.values(mdm.nodes);
  const node = mdm.nodes[ref] ?? nodes.find((n) => n.name === ref) ?? nodes.find((n) => n.ips.includes(ref));
  if (!node) throw mdmError('MDM_DOES_NOT_EXIST');
  return node;
}

export function removeStandbyMdm(ctx: Ctx, ref: string): void {
  const mdm = requireMaster(ctx);
  const node = findMdm(mdm, ref);
  if (!mdm.standbyIds.includes(node.id)) throw mdmError('MDM_IN_CLUSTER');
  mdm.standbyIds = mdm.standbyIds.filter((x) => x !== node.id);
  delete mdm.nodes[node.id];
}

export interface ModeChange {
  addSlaves?: string[];
  addTieBreakers?: string[];
  removeSlaves?: string[];
  removeTieBreakers?: string[];
}

export function switchClusterMode(ctx: Ctx, mode: ClusterMode, change: ModeChange = {}): void {
  const mdm = requireMaster(ctx);
  const pick = (refs: string[] | undefined) => (refs ?? []).map((r) => findMdm(mdm, r));
  const addS = pick(change.addSlaves);
  const addT = pick(change.addTieBreakers);
  const remS = pick(change.removeSlaves);
  const remT = pick(change.removeTieBreakers);
  if (mode === mdm.clusterMode && addS.length + addT.length + remS.length + remT.length === 0) {
    throw mdmError('ALREADY_IN_THIS_CLUSTER_MODE');
  }
  for (const n of [...addS, ...addT]) {
    if (!mdm.standbyIds.includes(n.id)) throw mdmError('MDM_IN_CLUSTER');
    if (n.status !== 'Normal') throw mdmError('MDM_NOT_CONNECTED');
  }
  for (const n of addS) if (n.role !== 'Manager') throw mdmError('MDM_IS_TB');
  for (const n of addT) if (n.role !== 'TieBreaker') throw mdmError('WRONG_MDM_ROLE');
  for (const n of remS) if (!mdm.slaveIds.includes(n.id)) throw mdmError('CMD_ERROR_ID_NOT_IN_CLUSTER');
  for (const n of remT) if (!mdm.tieBreakerIds.includes(n.id)) throw mdmError('CMD_ERROR_ID_NOT_IN_CLUSTER');
  const without = (ids: string[], gone: MdmNode[]) => ids.filter((id) => !gone.some((g) => g.id === id));
  const slaves = [...without(mdm.slaveIds, remS), ...addS.map((n) => n.id)];
  const tbs = [...without(mdm.tieBreakerIds, remT), ...addT.map((n) => n.id)];
  const shape = MODE_SHAPE[mode];
  if (slaves.length !== shape.slaves || tbs.length !== shape.tieBreakers) throw mdmError('WRONG_NUMBER_OF_MDMS');
  mdm.clusterMode = mode;
  mdm.slaveIds = slaves;
  mdm.tieBreakerIds = tbs;
  mdm.standbyIds = [...without(mdm.standbyIds, [...addS, ...addT]), ...remS.map((n) => n.id), ...remT.map((n) => n.id)];
}

/** Makes a slave the master; the old master becomes a slave. */
export function changeOwnership(ctx: Ctx, ref: string): void {
  const mdm = requireMaster(ctx);
  const node = findMdm(mdm, ref);
  if (node.id === mdm.masterId) throw mdmError('ALREADY_MASTER');
  if (mdm.tieBreakerIds.includes(node.id)) throw mdmError('MDM_IS_TB');
  if (!mdm.slaveIds.includes(node.id)) throw mdmError('CMD_ERROR_ID_NOT_IN_CLUSTER');
  if (node.status !== 'Normal') throw mdmError('MDM_NOT_CONNECTED');
  promote(mdm, node.id);
}

/** Master changes so far (sim/gateway/tokens.ts drops sessions when it moves); 0 before the MDM cluster exists. */
export function ownershipEpoch(ctx: Ctx): number {
  return ctx.state.mdm?.masterChanges ?? 0;
}

function promote(mdm: MdmClusterState, slaveId: string): void {
  mdm.slaveIds = [...mdm.slaveIds.filter((x) => x !== slaveId), mdm.masterId];
  mdm.masterId = slaveId;
  mdm.masterChanges += 1;
}

export function renameMdm(ctx: Ctx, ref: string, newName: string): void {
  const mdm = requireMaster(ctx);
  const node = findMdm(mdm, ref);
  if (Object.values(mdm.nodes).some((n) => n.name === newName && n.id !== node.id)) {
    throw mdmError('MDM_NAME_ALREADY_EXISTS');
  }
  node.name = newName;
}

/** A node dies or comes back. Losing the master fails over to a healthy slave when a majority remains. */
export function setMdmStatus(ctx: Ctx, ip: string, status: MdmStatus): void {
  const mdm = requireMdm(ctx);
  const node = findMdm(mdm, ip);
  node.status = status;
  if (node.id !== mdm.masterId || status === 'Normal') return;
  const members = [mdm.masterId, ...mdm.slaveIds, ...mdm.tieBreakerIds];
  const healthy = members.filter((id) => mdm.nodes[id]?.status === 'Normal').length;
  const heir = mdm.slaveIds.find((id) => mdm.nodes[id]?.status === 'Normal');
  if (heir && healthy * 2 > members.length) promote(mdm, heir);
}
