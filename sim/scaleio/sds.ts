// SDS lifecycle: add (with devices), remove (asynchronous drain), maintenance mode, connectivity.
import { addDevice, type DeviceSpec } from './devices';
import { addJob, finishRemoval, planRebalance, targetFreeKb } from './datamotion';
import { badRequest, mdmError } from './errors';
import { findSdsByIp, getSds } from './lookup';
import { requireMaster } from './mdm';
import { type Ctx } from './options';
import { checkName, getPd } from './topology';
import { type SdsIpRole, type SdsState } from './types';

export interface SdsSpec {
  protectionDomainId: string;
  ipList: { ip: string; role: SdsIpRole }[];
  name?: string;
  port?: number;
  devices?: Omit<DeviceSpec, 'sdsId'>[];
}

export function createSds(ctx: Ctx, spec: SdsSpec): string {
  requireMaster(ctx);
  getPd(ctx, spec.protectionDomainId);
  if (spec.ipList.length === 0) throw badRequest('sdsIpList', 'must hold at least one IP');
  const dataIps = spec.ipList.filter((x) => x.role === 'all' || x.role === 'sdsOnly');
  if (dataIps.length !== 1 || (spec.ipList.length === 1 && spec.ipList[0]?.role !== 'all')) {
    throw mdmError('TGT_MUST_HAVE_TGT_IP_ROLE');
  }
  for (const { ip } of spec.ipList) {
    const holder = findSdsByIp(ctx, ip);
    if (holder)
      throw mdmError(
        holder.sdsState === 'RemovePending' ? 'TGT_ALREADY_EXISTS_AND_BEING_REMOVED' : 'TGT_IP_ALREADY_EXISTS'
      );
  }
  const dataIp = dataIps[0]!.ip;
  const name = spec.name === undefined ? `SDS_[${dataIp}]` : checkName('name', spec.name);
  const sameName = Object.values(ctx.state.sds).find((s) => s.name === name);
  if (sameName)
    throw mdmError(sameName.sdsState === 'RemovePending' ? 'TGT_ALREADY_EXISTS_AND_BEING_REMOVED' : 'TGT_NAME_IN_USE');
  const daemon = (ctx.state.nodeDaemons[dataIp] ?? []).find((d) => d.kind === 'sds');
  if (ctx.opts.strictNodes && !daemon) throw mdmError('COMMUNICATION_ERROR');
  const id = ctx.ids.hexId();
  ctx.state.sds[id] = {
    id,
    name,
    protectionDomainId: spec.protectionDomainId,
    ipList: spec.ipList.map((x) => ({ ...x })),
    port: spec.port ?? 7072,
    sdsState: 'Normal',
    membershipState: 'Joined',
    mdmConnectionState: 'Connected',
    maintenanceState: 'NoMaintenance',
    softwareVersionInfo: daemon?.version ?? ctx.opts.softwareVersion,
    maintenanceTransitionLeftMs: 0,
  };
  try {
    for (const d of spec.devices ?? []) addDevice(ctx, { ...d, sdsId: id });
  } catch (e) {
    // The MDM adds an SDS with its devices as one command: a bad device leaves nothing behind.
    for (const d of Object.values(ctx.state.devices)) if (d.sdsId === id) delete ctx.state.devices[d.id];
    delete ctx.state.sds[id];
    throw e;
  }
  return id;
}

export function renameSds(ctx: Ctx, id: string, name: string): void {
  requireMaster(ctx);
  const sds = getSds(ctx, id);
  checkName('name', name);
  if (Object.values(ctx.state.sds).some((s) => s.name === name && s.id !== id)) throw mdmError('TGT_NAME_IN_USE');
  sds.name = name;
}

/** Starts the asynchronous removal: data drains to other SDSs, then the SDS disappears in tick(). */
export function removeSds(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  const sds = getSds(ctx, id);
  if (sds.sdsState === 'RemovePending') throw mdmError('TGT_BEING_REMOVED');
  const devices = Object.values(ctx.state.devices).filter((d) => d.sdsId === id);
  const needByPool = new Map<string, number>();
  for (const d of devices) {
    if (d.deviceState === 'Normal') needByPool.set(d.storagePoolId, (needByPool.get(d.storagePoolId) ?? 0) + d.usedKb);
  }
  for (const [poolId, need] of needByPool) {
    if (need > 0 && targetFreeKb(ctx, poolId, id) < need)
      throw mdmError('NOT_ENOUGH_DEVICES_IN_STORAGE_POOL_FOR_REMOVAL');
  }
  sds.sdsState = 'RemovePending';
  for (const d of devices) {
    if (d.deviceState === 'Error' || d.usedKb === 0) {
      finishRemoval(ctx, d.id);
      continue;
    }
    d.deviceState = 'RemovePending';
    addJob(ctx, { kind: 'moving', storagePoolId: d.storagePoolId, sourceDeviceId: d.id, remainingKb: d.usedKb });
  }
  if (devices.length === 0) delete ctx.state.sds[id];
}

function isHealthy(ctx: Ctx, s: SdsState): boolean {
  return (
    s.sdsState === 'Normal' &&
    s.membershipState === 'Joined' &&
    s.mdmConnectionState === 'Connected' &&
    s.maintenanceState === 'NoMaintenance'
  );
}

function poolsOf(ctx: Ctx, sdsId: string): Set<string> {
  return new Set(
    Object.values(ctx.state.devices)
      .filter((d) => d.sdsId === sdsId)
      .map((d) => d.storagePoolId)
  );
}

export function enterMaintenanceMode(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  const sds = getSds(ctx, id);
  if (sds.maintenanceState === 'InMaintenance' || sds.maintenanceState === 'SetMaintenanceInProgress') {
    throw mdmError('TGT_ALREADY_IN_MM');
  }
  if (sds.maintenanceState === 'ExitMaintenanceInProgress') throw mdmError('TGT_EXIT_MAINTENANCE_IN_PROGRESS');
  if (sds.sdsState === 'RemovePending') throw mdmError('TGT_BEING_REMOVED');
  const pools = poolsOf(ctx, id);
  const others = Object.values(ctx.state.sds).filter((s) => s.id !== id);
  const sharing = others.filter((s) => [...poolsOf(ctx, s.id)].some((p) => pools.has(p)));
  if (sharing.some((s) => s.maintenanceState !== 'NoMaintenance')) throw mdmError('TGT_MM_CONFILICT');
  const healthyPeers = others.filter((s) => s.protectionDomainId === sds.protectionDomainId && isHealthy(ctx, s));
  if (healthyPeers.length < 2) throw mdmError('NOT_ENOUGH_HEALTHY_TGTS_FOR_MM');
  if ([...pools].some((p) => ctx.state.storagePools[p]?.rebuildEnabled === false)) {
    throw mdmError('MM_FAILED_REBUILD_DISABLED_ON_SP');
  }
  sds.maintenanceTransitionLeftMs = ctx.opts.maintenanceTransitionMs;
  sds.maintenanceState = sds.maintenanceTransitionLeftMs > 0 ? 'SetMaintenanceInProgress' : 'InMaintenance';
}

export function exitMaintenanceMode(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  const sds = getSds(ctx, id);
  if (sds.maintenanceState === 'NoMaintenance') throw mdmError('TGT_NOT_IN_MM');
  if (sds.maintenanceState === 'ExitMaintenanceInProgress') throw mdmError('TGT_EXIT_MAINTENANCE_IN_PROGRESS');
  sds.maintenanceTransitionLeftMs = ctx.opts.maintenanceTransitionMs;
  sds.maintenanceState = sds.maintenanceTransitionLeftMs > 0 ? 'ExitMaintenanceInProgress' : 'NoMaintenance';
  if (sds.maintenanceState === 'NoMaintenance') for (const p of poolsOf(ctx, id)) planRebalance(ctx, p);
}

/** Moves maintenance transitions along in simulated time. */
export function advanceMaintenance(ctx: Ctx, ms: number): void {
  for (const sds of Object.values(ctx.state.sds)) {
    if (sds.maintenanceTransitionLeftMs <= 0) continue;
    sds.maintenanceTransitionLeftMs = Math.max(0, sds.maintenanceTransitionLeftMs - ms);
    if (sds.maintenanceTransitionLeftMs > 0) continue;
    if (sds.maintenanceState === 'SetMaintenanceInProgress') sds.maintenanceState = 'InMaintenance';
    if (sds.maintenanceState === 'ExitMaintenanceInProgress') {
      sds.maintenanceState = 'NoMaintenance';
      // Back in service after a timed exit: what changed meanwhile is resynchronised, as on an immediate exit.
      for (const p of poolsOf(ctx, sds.id)) planRebalance(ctx, p);
    }
  }
}

/**
 * The SDS process or its node dies (false) or returns (true). Losing it leaves one copy of its data:
 * a rebuild starts. On return, data not rebuilt yet is still on its disks, so those rebuilds are cancelled.
 */
export function setSdsConnected(ctx: Ctx, ip: string, connected: boolean): boolean {
  const sds = findSdsByIp(ctx, ip);
  if (!sds) return false;
  const wasConnected = sds.mdmConnectionState === 'Connected';
  if (wasConnected === connected) return true;
  sds.mdmConnectionState = connected ? 'Connected' : 'Disconnected';
  const devices = Object.values(ctx.state.devices).filter((d) => d.sdsId === sds.id);
  if (!connected) {
    if (sds.maintenanceState !== 'NoMaintenance') return true; // in maintenance its data is expected to be away
    for (const d of devices) {
      if (d.deviceState !== 'Normal' || d.usedKb === 0) continue;
      addJob(ctx, {
        kind: 'rebuild',
        cause: 'sdsDisconnected',
        storagePoolId: d.storagePoolId,
        sourceDeviceId: d.id,
        remainingKb: d.usedKb,
      });
      d.usedKb = 0;
    }
    return true;
  }
  for (const d of devices) {
    for (const j of ctx.state.jobs) {
      if (j.kind === 'rebuild' && j.cause === 'sdsDisconnected' && j.sourceDeviceId === d.id) {
        d.usedKb += j.remainingKb;
        j.remainingKb = 0;
      }
    }
  }
  ctx.state.jobs = ctx.state.jobs.filter((j) => j.remainingKb > 0);
  for (const p of poolsOf(ctx, sds.id)) planRebalance(ctx, p);
  return true;
}
