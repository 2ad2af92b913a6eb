// Data motion in simulated time: rebuild (re-protect lost copies), moving (drain a device being
// removed) and rebalance (even out after a device joins). Progress happens only in tick().
import { type Ctx } from './options';
import { type DataJob, type DeviceState } from './types';

/** Devices that can receive data: healthy, on a connected, joined SDS that is not in maintenance or removal. */
export function isTarget(ctx: Ctx, d: DeviceState): boolean {
  const sds = ctx.state.sds[d.sdsId];
  return (
    d.deviceState === 'Normal' &&
    sds !== undefined &&
    sds.sdsState === 'Normal' &&
    sds.mdmConnectionState === 'Connected' &&
    sds.maintenanceState === 'NoMaintenance'
  );
}

export function poolDevices(ctx: Ctx, poolId: string): DeviceState[] {
  return Object.values(ctx.state.devices).filter((d) => d.storagePoolId === poolId);
}

export function targetFreeKb(ctx: Ctx, poolId: string, excludeSdsId?: string): number {
  return poolDevices(ctx, poolId)
    .filter((d) => isTarget(ctx, d) && d.sdsId !== excludeSdsId)
    .reduce((sum, d) => sum + Math.max(0, d.maxCapacityInKb - d.usedKb), 0);
}

/** Writes kb onto target devices in proportion to their free space; returns what fitted. */
export function place(ctx: Ctx, poolId: string, kb: number, excludeSdsId?: string): number {
  const targets = poolDevices(ctx, poolId).filter((d) => isTarget(ctx, d) && d.sdsId !== excludeSdsId);
  const free = targets.reduce((s, d) => s + Math.max(0, d.maxCapacityInKb - d.usedKb), 0);
  const amount = Math.min(Math.floor(kb), free);
  if (amount <= 0) return 0;
  let left = amount;
  targets.forEach((d, i) => {
    const room = Math.max(0, d.maxCapacityInKb - d.usedKb);
    const share = i === targets.length - 1 ? left : Math.min(left, Math.floor((amount * room) / free));
    const put = Math.min(share, room);
    d.usedKb += put;
    left -= put;
  });
  // Rounding leftovers go wherever room remains.
  for (const d of targets) {
    if (left <= 0) break;
    const put = Math.min(left, d.maxCapacityInKb - d.usedKb);
    d.usedKb += put;
    left -= put;
  }
  return amount - left;
}

/** Removes kb from a pool's devices in proportion to what they hold (volume deletion). */
export function release(ctx: Ctx, poolId: string, kb: number): void {
  const holders = poolDevices(ctx, poolId).filter((d) => d.usedKb > 0);
  const total = holders.reduce((s, d) => s + d.usedKb, 0);
  let left = Math.min(kb, total);
  for (const d of holders) {
    const take = Math.min(d.usedKb, Math.ceil((kb * d.usedKb) / total), left);
    d.usedKb -= take;
    left -= take;
  }
}

export function addJob(ctx: Ctx, job: Omit<DataJob, 'id'>): void {
  if (job.remainingKb <= 0) return;
  ctx.state.jobs.push({ ...job, id: ctx.state.nextJobId++ });
}

/** Plans the moves that bring every target device of the pool to the same fill ratio. */
export function planRebalance(ctx: Ctx, poolId: string): void {
  const sp = ctx.state.storagePools[poolId];
  ctx.state.jobs = ctx.state.jobs.filter((j) => !(j.kind === 'rebalance' && j.storagePoolId === poolId));
  if (!sp?.rebalanceEnabled) return;
  const targets = poolDevices(ctx, poolId).filter((d) => isTarget(ctx, d));
  const cap = targets.reduce((s, d) => s + d.maxCapacityInKb, 0);
  const used = targets.reduce((s, d) => s + d.usedKb, 0);
  if (cap === 0) return;
  for (const d of targets) {
    const over = d.usedKb - Math.floor((used * d.maxCapacityInKb) / cap);
    if (over > d.maxCapacityInKb / 100) {
      addJob(ctx, { kind: 'rebalance', storagePoolId: poolId, sourceDeviceId: d.id, remainingKb: over });
    }
  }
}

/** Whether a job moves data right now (enabled, and somewhere to put it). */
export function isActive(ctx: Ctx, job: DataJob): boolean {
  const sp = ctx.state.storagePools[job.storagePoolId];
  if (!sp) return false;
  if (job.kind === 'rebuild' && !sp.rebuildEnabled) return false;
  if (job.kind === 'rebalance' && !sp.rebalanceEnabled) return false;
  const src = job.sourceDeviceId ? ctx.state.devices[job.sourceDeviceId] : undefined;
  const excludeSds = job.kind === 'rebuild' ? undefined : src?.sdsId;
  return targetFreeKb(ctx, job.storagePoolId, excludeSds) > 0;
}

/** Advances every job of every pool by ms of simulated time. */
export function advanceJobs(ctx: Ctx, ms: number): void {
  const secs = ms / 1000;
  for (const poolId of Object.keys(ctx.state.storagePools)) {
    let rebuildBudget = ctx.opts.rebuildKbPerSec * secs;
    let moveBudget = ctx.opts.rebalanceKbPerSec * secs;
    let rebuilt = 0;
    let moved = 0;
    const jobs = ctx.state.jobs.filter((j) => j.storagePoolId === poolId);
    // Rebuild first, then draining removals, then rebalance: the order ScaleIO gives priority to.
    const order = { rebuild: 0, moving: 1, rebalance: 2 };
    jobs.sort((a, b) => order[a.kind] - order[b.kind] || a.id - b.id);
    for (const job of jobs) {
      if (!isActive(ctx, job)) continue;
      const budget = job.kind === 'rebuild' ? rebuildBudget : moveBudget;
      const src = job.sourceDeviceId ? ctx.state.devices[job.sourceDeviceId] : undefined;
      const want = Math.min(job.remainingKb, Math.floor(budget));
      if (want <= 0) continue;
      const done = place(ctx, poolId, want, job.kind === 'rebuild' ? undefined : src?.sdsId);
      job.remainingKb -= done;
      if (job.kind !== 'rebuild' && src) src.usedKb = Math.max(0, src.usedKb - done);
      if (job.kind === 'rebuild') {
        rebuildBudget -= done;
        rebuilt += done;
      } else {
        moveBudget -= done;
        moved += done;
      }
    }
    ctx.state.lastMovedKbPerSec[poolId] = {
      rebuild: secs > 0 ? rebuilt / secs : 0,
      rebalance: secs > 0 ? moved / secs : 0,
    };
  }
  const finished = ctx.state.jobs.filter((j) => j.remainingKb <= 0);
  ctx.state.jobs = ctx.state.jobs.filter((j) => j.remainingKb > 0);
  for (const j of finished) if (j.kind === 'moving' && j.sourceDeviceId) finishRemoval(ctx, j.sourceDeviceId);
}

/** A drained device disappears; an SDS being removed disappears with its last device. */
export function finishRemoval(ctx: Ctx, deviceId: string): void {
  const dev = ctx.state.devices[deviceId];
  if (!dev) return;
  delete ctx.state.devices[deviceId];
  for (const j of ctx.state.jobs) if (j.sourceDeviceId === deviceId) delete j.sourceDeviceId;
  const sds = ctx.state.sds[dev.sdsId];
  if (sds?.sdsState === 'RemovePending' && !Object.values(ctx.state.devices).some((d) => d.sdsId === sds.id)) {
    delete ctx.state.sds[sds.id];
  }
}
