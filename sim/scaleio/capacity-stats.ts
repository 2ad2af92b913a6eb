// Capacity statistics (KB). Raw fields are summed from devices and data jobs upwards
// (device -> pool/SDS -> PD -> System); derived fields are recomputed at every level.
import { isActive } from './datamotion';
import { type Ctx } from './options';
import { type DataJob, type DeviceState } from './types';
import { VOLUME_GRANULARITY_KB } from './volumes';

export const RAW_FIELDS = [
  'maxCapacityInKb',
  'capacityLimitInKb',
  'capacityInUseInKb',
  'thickCapacityInUseInKb',
  'snapCapacityInUseOccupiedInKb',
  'spareCapacityInKb',
  'degradedHealthyCapacityInKb',
  'degradedFailedCapacityInKb',
  'failedCapacityInKb',
  'unreachableUnusedCapacityInKb',
  'inMaintenanceCapacityInKb',
  'pendingFwdRebuildCapacityInKb',
  'activeFwdRebuildCapacityInKb',
  'fwdRebuildCapacityInKb',
  'pendingBckRebuildCapacityInKb',
  'activeBckRebuildCapacityInKb',
  'bckRebuildCapacityInKb',
  'pendingNormRebuildCapacityInKb',
  'activeNormRebuildCapacityInKb',
  'normRebuildCapacityInKb',
  'pendingRebalanceCapacityInKb',
  'activeRebalanceCapacityInKb',
  'rebalanceCapacityInKb',
  'pendingMovingCapacityInKb',
  'activeMovingCapacityInKb',
  'movingCapacityInKb',
  'numOfDevices',
] as const;

export type RawField = (typeof RAW_FIELDS)[number];
export type CapacityRecord = Record<RawField, number>;

export function zeroCapacity(): CapacityRecord {
  return Object.fromEntries(RAW_FIELDS.map((f) => [f, 0])) as CapacityRecord;
}

export function addCapacity(a: CapacityRecord, b: CapacityRecord): CapacityRecord {
  for (const f of RAW_FIELDS) a[f] += b[f];
  return a;
}

export function sumCapacity(records: CapacityRecord[]): CapacityRecord {
  return records.reduce(addCapacity, zeroCapacity());
}

/** Adds what a data job still has to do; "active" is what moves in the coming second. */
export function addJob(ctx: Ctx, rec: CapacityRecord, job: DataJob): void {
  const rate = job.kind === 'rebuild' ? ctx.opts.rebuildKbPerSec : ctx.opts.rebalanceKbPerSec;
  const active = isActive(ctx, job) ? Math.min(job.remainingKb, rate) : 0;
  const pending = job.remainingKb - active;
  if (job.kind === 'rebuild') {
    rec.pendingFwdRebuildCapacityInKb += pending;
    rec.activeFwdRebuildCapacityInKb += active;
    rec.fwdRebuildCapacityInKb += job.remainingKb;
    if (job.cause === 'sdsDisconnected') rec.degradedFailedCapacityInKb += job.remainingKb;
    else rec.degradedHealthyCapacityInKb += job.remainingKb;
  } else if (job.kind === 'rebalance') {
    rec.pendingRebalanceCapacityInKb += pending;
    rec.activeRebalanceCapacityInKb += active;
    rec.rebalanceCapacityInKb += job.remainingKb;
  } else {
    rec.pendingMovingCapacityInKb += pending;
    rec.activeMovingCapacityInKb += active;
    rec.movingCapacityInKb += job.remainingKb;
  }
}

export function deviceCapacity(ctx: Ctx, dev: DeviceState): CapacityRecord {
  const rec = zeroCapacity();
  const sds = ctx.state.sds[dev.sdsId];
  const sparePct = ctx.state.storagePools[dev.storagePoolId]?.sparePercentage ?? 0;
  // A failed disk no longer contributes capacity.
  const max = dev.deviceState === 'Error' ? 0 : dev.maxCapacityInKb;
  rec.maxCapacityInKb = max;
  rec.capacityLimitInKb = max;
  rec.capacityInUseInKb = dev.usedKb;
  rec.spareCapacityInKb = Math.floor((max * sparePct) / 100);
  rec.numOfDevices = 1;
  if (sds?.mdmConnectionState === 'Disconnected') {
    // Data not yet rebuilt elsewhere still sits on the unreachable disk; the rest counts as unused.
    const stale = ctx.state.jobs
      .filter((j) => j.sourceDeviceId === dev.id && j.cause === 'sdsDisconnected')
      .reduce((s, j) => s + j.remainingKb, 0);
    rec.unreachableUnusedCapacityInKb = Math.max(0, max - dev.usedKb - stale);
  }
  if (sds && sds.maintenanceState !== 'NoMaintenance' && sds.maintenanceState !== 'ExitMaintenanceInProgress') {
    rec.inMaintenanceCapacityInKb = dev.usedKb;
  }
  for (const j of ctx.state.jobs) if (j.sourceDeviceId === dev.id) addJob(ctx, rec, j);
  return rec;
}

/** Pool: its devices, plus jobs whose source device is gone, lost data and thick reservations. */
export function poolCapacity(ctx: Ctx, poolId: string): CapacityRecord {
  const devs = Object.values(ctx.state.devices).filter((d) => d.storagePoolId === poolId);
  const rec = sumCapacity(devs.map((d) => deviceCapacity(ctx, d)));
  for (const j of ctx.state.jobs) {
    if (j.storagePoolId === poolId && (!j.sourceDeviceId || !ctx.state.devices[j.sourceDeviceId])) addJob(ctx, rec, j);
  }
  rec.failedCapacityInKb += ctx.state.failedKb[poolId] ?? 0;
  const thick = Object.values(ctx.state.volumes)
    .filter((v) => v.storagePoolId === poolId)
    .reduce((s, v) => s + v.allocatedKb, 0);
  rec.thickCapacityInUseInKb = Math.min(thick, rec.capacityInUseInKb);
  return rec;
}

/** Adds the fields derived from the raw sums. */
export function derive(rec: CapacityRecord): Record<string, number> {
  const unused = Math.max(0, rec.maxCapacityInKb - rec.capacityInUseInKb - rec.spareCapacityInKb);
  const net = Math.floor(unused / 2 / VOLUME_GRANULARITY_KB) * VOLUME_GRANULARITY_KB;
  const notProtected = rec.degradedHealthyCapacityInKb + rec.degradedFailedCapacityInKb + rec.inMaintenanceCapacityInKb;
  return {
    ...rec,
    thinCapacityInUseInKb: Math.max(0, rec.capacityInUseInKb - rec.thickCapacityInUseInKb),
    unusedCapacityInKb: unused,
    capacityAvailableForVolumeAllocationInKb: net,
    protectedCapacityInKb: Math.max(0, rec.capacityInUseInKb - notProtected),
  };
}
