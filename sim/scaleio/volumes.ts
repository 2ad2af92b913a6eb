// Volumes and SDCs: creation rounded to 8 GB, mapping rules (errors 81/84), SDC registration.
import { place, poolDevices, release, targetFreeKb } from './datamotion';
import { badRequest, mdmError } from './errors';
import { requireMaster, requireMdm } from './mdm';
import { type Ctx } from './options';
import { checkName, getSp } from './topology';
import { type SdcState, type VolumeState, type VolumeType } from './types';

export const VOLUME_GRANULARITY_KB = 8 * 1024 * 1024;

export function roundVolumeSizeKb(kb: number): number {
  return Math.ceil(kb / VOLUME_GRANULARITY_KB) * VOLUME_GRANULARITY_KB;
}

export function getVolume(ctx: Ctx, id: string): VolumeState {
  const v = ctx.state.volumes[id];
  if (!v) throw mdmError('VOL_NOT_FOUND');
  return v;
}

export function getSdc(ctx: Ctx, id: string): SdcState {
  const s = ctx.state.sdcs[id];
  if (!s) throw mdmError('INI_NOT_FOUND');
  return s;
}

export interface VolumeSpec {
  name: string;
  sizeInKb: number;
  storagePoolId: string;
  volumeType?: VolumeType;
}

export function createVolume(ctx: Ctx, spec: VolumeSpec): string {
  requireMaster(ctx);
  checkName('name', spec.name);
  if (!Number.isFinite(spec.sizeInKb) || spec.sizeInKb <= 0) throw mdmError('VOL_SIZE_ILLEGAL');
  const sp = getSp(ctx, spec.storagePoolId);
  if (Object.values(ctx.state.volumes).some((v) => v.name === spec.name)) throw mdmError('VOL_NAME_IN_USE');
  const sdsWithDevices = new Set(
    poolDevices(ctx, sp.id)
      .filter((d) => d.deviceState === 'Normal')
      .map((d) => d.sdsId)
  );
  if (sdsWithDevices.size < 3) throw mdmError('NOT_ENOUGH_TGTS_IN_STORAGE_POOL');
  const sizeInKb = roundVolumeSizeKb(spec.sizeInKb);
  const volumeType = spec.volumeType ?? 'ThinProvisioned';
  // Thick volumes reserve both mirror copies at once; thin ones only grow when written.
  const allocatedKb = volumeType === 'ThickProvisioned' ? 2 * sizeInKb : 0;
  if (allocatedKb > targetFreeKb(ctx, sp.id)) throw mdmError('VOL_CREATE_FAIL');
  place(ctx, sp.id, allocatedKb);
  const id = ctx.ids.hexId();
  ctx.state.volumes[id] = {
    id,
    name: spec.name,
    sizeInKb,
    storagePoolId: sp.id,
    vtreeId: ctx.ids.hexId(),
    volumeType,
    mappedSdcIds: [],
    creationTime: Math.floor(ctx.state.nowMs / 1000),
    allocatedKb,
  };
  return id;
}

export function renameVolume(ctx: Ctx, id: string, name: string): void {
  requireMaster(ctx);
  const v = getVolume(ctx, id);
  checkName('newName', name);
  if (Object.values(ctx.state.volumes).some((x) => x.name === name && x.id !== id)) throw mdmError('VOL_NAME_IN_USE');
  v.name = name;
}

export function resizeVolume(ctx: Ctx, id: string, sizeInGb: number): void {
  requireMaster(ctx);
  const v = getVolume(ctx, id);
  const kb = roundVolumeSizeKb(sizeInGb * 1024 * 1024);
  if (kb < v.sizeInKb) throw mdmError('VOL_DECREASE_NOT_SUPPORTED');
  v.sizeInKb = kb;
}

export function removeVolume(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  const v = getVolume(ctx, id);
  if (v.mappedSdcIds.length > 0) throw mdmError('VOL_MAPPED');
  release(ctx, v.storagePoolId, v.allocatedKb);
  delete ctx.state.volumes[id];
}

export function mapVolume(ctx: Ctx, volumeId: string, sdcId: string, allowMultipleMappings = false): void {
  requireMaster(ctx);
  const v = getVolume(ctx, volumeId);
  getSdc(ctx, sdcId);
  if (v.mappedSdcIds.includes(sdcId)) throw mdmError('VOL_ALREADY_MAPPED_TO_THIS_INI');
  if (v.mappedSdcIds.length > 0 && !allowMultipleMappings) throw mdmError('VOL_ALREADY_MAPPED_TO_AN_INI');
  v.mappedSdcIds.push(sdcId);
}

export function unmapVolume(ctx: Ctx, volumeId: string, sdcId: string): void {
  requireMaster(ctx);
  const v = getVolume(ctx, volumeId);
  getSdc(ctx, sdcId);
  if (!v.mappedSdcIds.includes(sdcId)) throw mdmError('VOL_NOT_MAPPED_TO_INI');
  v.mappedSdcIds = v.mappedSdcIds.filter((x) => x !== sdcId);
}

/**
 * The SDC driver (package install / drv_cfg) connects to one of the given MDM IPs and registers.
 * Re-registering the same GUID updates it, as a restarted driver does.
 */
export function registerSdc(ctx: Ctx, guid: string, ip: string, mdmIps: string[], version?: string): string {
  if (!guid) throw badRequest('guid', 'must be non-empty');
  const mdm = ctx.state.mdm;
  const reachable =
    mdm && [mdm.masterId, ...mdm.slaveIds].some((id) => mdm.nodes[id]?.ips.some((x) => mdmIps.includes(x)));
  if (!reachable) throw mdmError('COMMUNICATION_ERROR');
  const existing = Object.values(ctx.state.sdcs).find((s) => s.sdcGuid === guid);
  const sdc: SdcState = existing ?? {
    id: ctx.ids.hexId(),
    name: null,
    sdcGuid: guid,
    sdcIp: ip,
    mdmIps: [],
    mdmConnectionState: 'Connected',
    softwareVersionInfo: version ?? ctx.opts.softwareVersion,
    sdcApproved: true,
  };
  sdc.sdcIp = ip;
  sdc.mdmIps = [...mdmIps];
  sdc.mdmConnectionState = 'Connected';
  if (version) sdc.softwareVersionInfo = version;
  ctx.state.sdcs[sdc.id] = sdc;
  return sdc.id;
}

/** Finds an SDC by id, GUID or IP. */
export function resolveSdc(ctx: Ctx, ref: string): SdcState {
  const all = Object.values(ctx.state.sdcs);
  const s = ctx.state.sdcs[ref] ?? all.find((x) => x.sdcGuid === ref) ?? all.find((x) => x.sdcIp === ref);
  if (!s) throw mdmError('INI_NOT_FOUND');
  return s;
}

export function setSdcConnected(ctx: Ctx, ref: string, connected: boolean): void {
  resolveSdc(ctx, ref).mdmConnectionState = connected ? 'Connected' : 'Disconnected';
}

export function setSdcName(ctx: Ctx, id: string, name: string): void {
  requireMdm(ctx);
  const sdc = getSdc(ctx, id);
  checkName('sdcName', name);
  if (Object.values(ctx.state.sdcs).some((s) => s.name === name && s.id !== id)) throw mdmError('INI_NAME_IN_USE');
  sdc.name = name;
}

export function removeSdc(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  const sdc = getSdc(ctx, id);
  if (Object.values(ctx.state.volumes).some((v) => v.mappedSdcIds.includes(id))) throw mdmError('INI_HAS_MAPPINGS');
  if (sdc.mdmConnectionState === 'Connected') throw mdmError('INI_MUST_BE_DISCONNECTED');
  delete ctx.state.sdcs[id];
}
