// Finding SDSs and devices by id, IP or path, with the MDM's not-found errors.
import { mdmError } from './errors';
import { type Ctx } from './options';
import { type DeviceState, type SdsState } from './types';

export function getSds(ctx: Ctx, id: string): SdsState {
  const sds = ctx.state.sds[id];
  if (!sds) throw mdmError('TGT_NOT_FOUND');
  return sds;
}

export function findSdsByIp(ctx: Ctx, ip: string): SdsState | undefined {
  return Object.values(ctx.state.sds).find((s) => s.ipList.some((x) => x.ip === ip));
}

/** An SDS by id, name or any of its IPs (what a fault or scli command names it by). */
export function resolveSds(ctx: Ctx, ref: string): SdsState {
  const sds = ctx.state.sds[ref] ?? Object.values(ctx.state.sds).find((s) => s.name === ref) ?? findSdsByIp(ctx, ref);
  if (!sds) throw mdmError('TGT_NOT_FOUND');
  return sds;
}

export function getDevice(ctx: Ctx, id: string): DeviceState {
  const dev = ctx.state.devices[id];
  if (!dev) throw mdmError('TGT_DEVICE_NOT_FOUND');
  return dev;
}

/** A device by the SDS it sits on (id, name or IP) and its current path. */
export function resolveDevice(ctx: Ctx, sdsRef: string, path: string): DeviceState {
  const sds = resolveSds(ctx, sdsRef);
  const dev = Object.values(ctx.state.devices).find((d) => d.sdsId === sds.id && d.deviceCurrentPathName === path);
  if (!dev) throw mdmError('TGT_DEVICE_NOT_FOUND');
  return dev;
}
