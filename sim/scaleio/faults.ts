// Test-driven changes of the world that are not MDM commands: capacity fill, client load,
// installed daemons and disks on nodes, software versions.
import { badRequest } from './errors';
import { type Ctx } from './options';
import { getSp } from './topology';
import { type NodeDaemon } from './types';

/** Sets every usable device of the pool (or of all pools) to percent full; the pools end balanced. */
export function fillCapacity(ctx: Ctx, percent: number, poolId?: string): void {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw badRequest('percent', 'must be 0-100');
  const pools = poolId ? [getSp(ctx, poolId).id] : Object.keys(ctx.state.storagePools);
  for (const p of pools) {
    for (const d of Object.values(ctx.state.devices)) {
      if (d.storagePoolId !== p || d.deviceState !== 'Normal') continue;
      d.usedKb = Math.floor((d.maxCapacityInKb * percent) / 100);
    }
    ctx.state.jobs = ctx.state.jobs.filter((j) => !(j.kind === 'rebalance' && j.storagePoolId === p));
  }
}

export interface IoLoadSpec {
  iops: number;
  bwKbPerSec: number;
  latencyUs?: number;
  /** Share of reads, 0..1 (default 0.5). */
  readFraction?: number;
}

/** Client load on one pool, or spread evenly over all pools that hold devices. */
export function setIoLoad(ctx: Ctx, spec: IoLoadSpec, poolId?: string): void {
  for (const k of ['iops', 'bwKbPerSec'] as const) {
    if (!Number.isFinite(spec[k]) || spec[k] < 0) throw badRequest(k, 'must be a number >= 0');
  }
  const readFraction = spec.readFraction ?? 0.5;
  if (readFraction < 0 || readFraction > 1) throw badRequest('readFraction', 'must be between 0 and 1');
  const pools = poolId
    ? [getSp(ctx, poolId).id]
    : Object.keys(ctx.state.storagePools).filter((p) =>
        Object.values(ctx.state.devices).some((d) => d.storagePoolId === p)
      );
  const n = Math.max(1, pools.length);
  if (!poolId) ctx.state.ioLoad = {};
  for (const p of pools) {
    ctx.state.ioLoad[p] = {
      iops: spec.iops / n,
      bwKbPerSec: spec.bwKbPerSec / n,
      latencyUs: spec.latencyUs ?? 500,
      readFraction,
    };
  }
}

export function installDaemon(ctx: Ctx, ip: string, kind: NodeDaemon['kind'], version?: string): void {
  const list = (ctx.state.nodeDaemons[ip] ?? []).filter((d) => d.kind !== kind);
  list.push({ kind, version: version ?? ctx.opts.softwareVersion });
  ctx.state.nodeDaemons[ip] = list;
}

export function uninstallDaemon(ctx: Ctx, ip: string, kind: NodeDaemon['kind']): void {
  ctx.state.nodeDaemons[ip] = (ctx.state.nodeDaemons[ip] ?? []).filter((d) => d.kind !== kind);
}

export function declareNodeDisks(ctx: Ctx, ip: string, disks: Record<string, number>): void {
  for (const [path, kb] of Object.entries(disks)) {
    if (!Number.isFinite(kb) || kb <= 0) throw badRequest(`disks[${path}]`, 'size must be a positive KB count');
  }
  ctx.state.nodeDisks[ip] = { ...disks };
}

/**
 * A component on a node was upgraded. role 'mdm'/'tb' changes that MDM's versionInfo, 'sds' the SDS's
 * softwareVersionInfo, 'sdc' the SDC's. Returns whether a registered object was found.
 */
export function setSoftwareVersion(ctx: Ctx, ip: string, role: 'mdm' | 'tb' | 'sds' | 'sdc', version: string): boolean {
  if (!/^R\d+_\d+\.\d+\.\d+$/.test(version))
    throw badRequest('version', `expected a form like R2_5.0.254, got ${version}`);
  if (role === 'mdm' || role === 'tb' || role === 'sds') {
    const kind = role === 'sds' ? 'sds' : 'mdm';
    if ((ctx.state.nodeDaemons[ip] ?? []).some((d) => d.kind === kind)) installDaemon(ctx, ip, kind, version);
  }
  if (role === 'mdm' || role === 'tb') {
    const node = ctx.state.mdm && Object.values(ctx.state.mdm.nodes).find((n) => n.ips.includes(ip));
    if (node) node.versionInfo = version;
    return node !== undefined && node !== null;
  }
  if (role === 'sds') {
    const sds = Object.values(ctx.state.sds).find((s) => s.ipList.some((x) => x.ip === ip));
    if (sds) sds.softwareVersionInfo = version;
    return sds !== undefined;
  }
  const sdc = Object.values(ctx.state.sdcs).find((s) => s.sdcIp === ip);
  if (sdc) sdc.softwareVersionInfo = version;
  return sdc !== undefined;
}

/** Forgets data lost for good (an operator restored it from backup). */
export function clearFailedCapacity(ctx: Ctx, poolId?: string): void {
  if (poolId) delete ctx.state.failedKb[poolId];
  else ctx.state.failedKb = {};
}
