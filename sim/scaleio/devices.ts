// Devices: add to an SDS and pool, remove (asynchronous drain), fail and recover.
import { addJob, finishRemoval, planRebalance, poolDevices, targetFreeKb } from './datamotion';
import { mdmError } from './errors';
import { getDevice, getSds, resolveDevice } from './lookup';
import { requireMaster } from './mdm';
import { type Ctx } from './options';
import { getSp } from './topology';

export interface DeviceSpec {
  sdsId: string;
  path: string;
  storagePoolId: string;
  name?: string;
  /** 0 or absent: the whole disk. */
  capacityLimitInKb?: number;
  mediaType?: 'HDD' | 'SSD';
}

export function addDevice(ctx: Ctx, spec: DeviceSpec): string {
  requireMaster(ctx);
  const sds = getSds(ctx, spec.sdsId);
  if (sds.sdsState === 'RemovePending') throw mdmError('TGT_BEING_REMOVED');
  const sp = getSp(ctx, spec.storagePoolId);
  if (sp.protectionDomainId !== sds.protectionDomainId) throw mdmError('INVALID_ARG');
  if (!/^\/\S+$/.test(spec.path)) throw mdmError('INVALID_DEVICE_PATH');
  const onSds = Object.values(ctx.state.devices).filter((d) => d.sdsId === sds.id);
  if (onSds.some((d) => d.deviceCurrentPathName === spec.path)) throw mdmError('DEV_PATH_ALREADY_EXISTS');
  const name = spec.name ?? spec.path.split('/').pop() ?? spec.path;
  if (onSds.some((d) => d.name === name)) throw mdmError('DEV_NAME_ALREADY_EXISTS');
  if (sds.mdmConnectionState !== 'Connected') throw mdmError('COMMUNICATION_ERROR');
  const ip = sds.ipList[0]?.ip ?? '';
  const disks = ctx.state.nodeDisks[ip];
  let sizeKb = ctx.opts.defaultDeviceSizeKb;
  if (disks || ctx.opts.strictNodes) {
    const declared = disks?.[spec.path];
    if (declared === undefined) throw mdmError('TGT_ADD_DEV_OPEN_ERROR');
    sizeKb = declared;
  }
  const limit =
    spec.capacityLimitInKb && spec.capacityLimitInKb > 0 ? Math.min(spec.capacityLimitInKb, sizeKb) : sizeKb;
  const id = ctx.ids.hexId();
  ctx.state.devices[id] = {
    id,
    name,
    sdsId: sds.id,
    storagePoolId: sp.id,
    deviceCurrentPathName: spec.path,
    deviceOriginalPathName: spec.path,
    deviceState: 'Normal',
    errorState: 'None',
    capacityLimitInKb: limit,
    maxCapacityInKb: limit,
    mediaType: spec.mediaType ?? sp.mediaType,
    usedKb: 0,
  };
  planRebalance(ctx, sp.id);
  return id;
}

export function renameDevice(ctx: Ctx, id: string, name: string): void {
  requireMaster(ctx);
  const dev = getDevice(ctx, id);
  if (Object.values(ctx.state.devices).some((d) => d.sdsId === dev.sdsId && d.name === name && d.id !== id)) {
    throw mdmError('DEV_NAME_ALREADY_EXISTS');
  }
  dev.name = name;
}

/** Starts the asynchronous removal: the device drains into the rest of its pool, then disappears. */
export function removeDevice(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  const dev = getDevice(ctx, id);
  if (dev.deviceState === 'RemovePending') throw mdmError('TGT_DEV_BEING_REMOVED');
  const siblings = Object.values(ctx.state.devices).filter((d) => d.sdsId === dev.sdsId && d.id !== id);
  if (siblings.length === 0) throw mdmError('NOT_ENOUGH_TGT_DEV');
  if (dev.deviceState === 'Error' || dev.usedKb === 0) {
    finishRemoval(ctx, id);
    return;
  }
  if (targetFreeKb(ctx, dev.storagePoolId, dev.sdsId) < dev.usedKb) {
    throw mdmError('NOT_ENOUGH_DEVICES_IN_STORAGE_POOL_FOR_REMOVAL');
  }
  dev.deviceState = 'RemovePending';
  addJob(ctx, { kind: 'moving', storagePoolId: dev.storagePoolId, sourceDeviceId: id, remainingKb: dev.usedKb });
}

/**
 * A disk dies: its copies are gone and a rebuild re-creates them elsewhere. If another rebuild from a
 * different SDS is still running, the data whose two copies sat on both failed parts is lost for good.
 */
export function failDevice(ctx: Ctx, sdsRef: string, path: string): string {
  const dev = resolveDevice(ctx, sdsRef, path);
  if (dev.deviceState === 'Error') return dev.id;
  const poolUsed = poolDevices(ctx, dev.storagePoolId).reduce((s, d) => s + d.usedKb, 0);
  let lost = 0;
  for (const j of ctx.state.jobs) {
    const src = j.sourceDeviceId ? ctx.state.devices[j.sourceDeviceId] : undefined;
    if (j.kind !== 'rebuild' || j.storagePoolId !== dev.storagePoolId || src?.sdsId === dev.sdsId || poolUsed === 0) {
      continue;
    }
    const overlap = Math.floor((j.remainingKb * dev.usedKb) / poolUsed);
    j.remainingKb -= overlap;
    lost += overlap;
  }
  if (lost > 0) ctx.state.failedKb[dev.storagePoolId] = (ctx.state.failedKb[dev.storagePoolId] ?? 0) + lost;
  const degraded = Math.max(0, dev.usedKb - lost);
  dev.deviceState = 'Error';
  dev.errorState = 'Error';
  dev.usedKb = 0;
  addJob(ctx, {
    kind: 'rebuild',
    cause: 'deviceFailed',
    storagePoolId: dev.storagePoolId,
    sourceDeviceId: dev.id,
    remainingKb: degraded,
  });
  ctx.state.jobs = ctx.state.jobs.filter((j) => j.remainingKb > 0);
  return dev.id;
}

/** The disk is replaced or comes back empty; rebalance fills it again. */
export function recoverDevice(ctx: Ctx, sdsRef: string, path: string): string {
  const dev = resolveDevice(ctx, sdsRef, path);
  if (dev.deviceState !== 'Error') return dev.id;
  dev.deviceState = 'Normal';
  dev.errorState = 'None';
  planRebalance(ctx, dev.storagePoolId);
  return dev.id;
}
