// System, protection domains and storage pools.
import { badRequest, mdmError, unauthorized } from './errors';
import { requireMaster } from './mdm';
import { type Ctx } from './options';
import { type ProtectionDomainState, type StoragePoolState } from './types';

export function login(ctx: Ctx, user: string, password: string): void {
  if (user !== ctx.state.user || password !== ctx.state.password) throw unauthorized();
}

export function setPassword(ctx: Ctx, oldPassword: string, newPassword: string): void {
  if (oldPassword !== ctx.state.password) throw mdmError('OLD_PASSWORD_MISMATCH');
  if (newPassword.length < 6) throw mdmError('PASSWORD_TOO_SHORT');
  ctx.state.password = newPassword;
}

export function checkName(field: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw badRequest(field, 'must be a non-empty string');
  if (/\s/.test(name) || name.length > 31) throw badRequest(field, 'must be 1-31 characters without spaces');
  return name;
}

export function checkPercent(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
    throw badRequest(field, 'must be an integer percentage 0-100');
  }
  return v;
}

export function renameSystem(ctx: Ctx, name: string): void {
  requireMaster(ctx);
  ctx.state.system!.name = checkName('newName', name);
}

export function setSystemCapacityThresholds(ctx: Ctx, high: number, critical: number): void {
  requireMaster(ctx);
  checkThresholds(high, critical);
  ctx.state.system!.capacityAlertHighThresholdPercent = high;
  ctx.state.system!.capacityAlertCriticalThresholdPercent = critical;
}

function checkThresholds(high: number, critical: number): void {
  checkPercent('capacityAlertHighThresholdPercent', high);
  checkPercent('capacityAlertCriticalThresholdPercent', critical);
  if (high >= critical) throw badRequest('capacityAlertHighThresholdPercent', 'must be below the critical threshold');
}

export function getPd(ctx: Ctx, id: string): ProtectionDomainState {
  const pd = ctx.state.protectionDomains[id];
  if (!pd) throw mdmError('FD_NOT_FOUND');
  return pd;
}

export function getSp(ctx: Ctx, id: string): StoragePoolState {
  const sp = ctx.state.storagePools[id];
  if (!sp) throw mdmError('STORAGE_POOL_NOT_FOUND');
  return sp;
}

export function createProtectionDomain(ctx: Ctx, name: string): string {
  requireMaster(ctx);
  checkName('name', name);
  if (Object.values(ctx.state.protectionDomains).some((p) => p.name === name)) throw mdmError('FD_NAME_IN_USE');
  const id = ctx.ids.hexId();
  ctx.state.protectionDomains[id] = { id, name, protectionDomainState: 'Active' };
  return id;
}

export function renameProtectionDomain(ctx: Ctx, id: string, name: string): void {
  requireMaster(ctx);
  const pd = getPd(ctx, id);
  checkName('name', name);
  if (Object.values(ctx.state.protectionDomains).some((p) => p.name === name && p.id !== id)) {
    throw mdmError('FD_NAME_IN_USE');
  }
  pd.name = name;
}

export function removeProtectionDomain(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  getPd(ctx, id);
  if (Object.values(ctx.state.sds).some((s) => s.protectionDomainId === id)) throw mdmError('FD_HAS_TGTS');
  if (Object.values(ctx.state.storagePools).some((s) => s.protectionDomainId === id)) {
    throw mdmError('FD_HAS_STORAGE_POOLS');
  }
  delete ctx.state.protectionDomains[id];
}

export interface PoolSpec {
  sparePercentage?: number;
  mediaType?: 'HDD' | 'SSD';
  zeroPaddingEnabled?: boolean;
}

export function createStoragePool(ctx: Ctx, protectionDomainId: string, name: string, spec: PoolSpec = {}): string {
  requireMaster(ctx);
  getPd(ctx, protectionDomainId);
  checkName('name', name);
  const pools = Object.values(ctx.state.storagePools);
  if (pools.some((p) => p.protectionDomainId === protectionDomainId && p.name === name)) {
    throw mdmError('STORAGE_POOL_NAME_ALREADY_EXISTS');
  }
  const id = ctx.ids.hexId();
  ctx.state.storagePools[id] = {
    id,
    name,
    protectionDomainId,
    sparePercentage: checkPercent('sparePercentage', spec.sparePercentage ?? 10),
    capacityAlertHighThreshold: 80,
    capacityAlertCriticalThreshold: 90,
    rebuildEnabled: true,
    rebalanceEnabled: true,
    zeroPaddingEnabled: spec.zeroPaddingEnabled ?? false,
    mediaType: spec.mediaType ?? 'HDD',
  };
  return id;
}

export function renameStoragePool(ctx: Ctx, id: string, name: string): void {
  requireMaster(ctx);
  const sp = getSp(ctx, id);
  checkName('name', name);
  const pools = Object.values(ctx.state.storagePools);
  if (pools.some((p) => p.protectionDomainId === sp.protectionDomainId && p.name === name && p.id !== id)) {
    throw mdmError('STORAGE_POOL_NAME_ALREADY_EXISTS');
  }
  sp.name = name;
}

export function removeStoragePool(ctx: Ctx, id: string): void {
  requireMaster(ctx);
  getSp(ctx, id);
  if (Object.values(ctx.state.volumes).some((v) => v.storagePoolId === id)) throw mdmError('STORAGE_POOL_HAS_VOLS');
  if (Object.values(ctx.state.devices).some((d) => d.storagePoolId === id)) {
    throw mdmError('NOT_ALLOWED_IN_SP_WITH_DEVS');
  }
  delete ctx.state.storagePools[id];
  delete ctx.state.ioLoad[id];
}

export function setSparePercentage(ctx: Ctx, id: string, pct: number): void {
  requireMaster(ctx);
  getSp(ctx, id).sparePercentage = checkPercent('sparePercentage', pct);
}

export function setRebuildEnabled(ctx: Ctx, id: string, enabled: boolean): void {
  requireMaster(ctx);
  getSp(ctx, id).rebuildEnabled = enabled;
}

export function setRebalanceEnabled(ctx: Ctx, id: string, enabled: boolean): void {
  requireMaster(ctx);
  getSp(ctx, id).rebalanceEnabled = enabled;
}

export function setPoolCapacityThresholds(ctx: Ctx, id: string, high: number, critical: number): void {
  requireMaster(ctx);
  const sp = getSp(ctx, id);
  checkThresholds(high, critical);
  sp.capacityAlertHighThreshold = high;
  sp.capacityAlertCriticalThreshold = critical;
}
