// Performance counters. ScaleIO reports them as bandwidth counters ("Bwc"):
// {numOccured, numSeconds, totalWeightInKb}, IOPS = numOccured / numSeconds (sic "numOccured").
import { isTarget } from './datamotion';
import { type Ctx } from './options';

export interface Bwc {
  numOccured: number;
  numSeconds: number;
  totalWeightInKb: number;
}

/** Sum-able per-second rates; rendered to Bwc objects at the end. */
export interface Perf {
  readIops: number;
  readKb: number;
  writeIops: number;
  writeKb: number;
  /** Sum of latency x IOPS, so that averages survive summing. */
  readLatencyWeight: number;
  writeLatencyWeight: number;
  rebuildKb: number;
  rebalanceKb: number;
}

export const ZERO_PERF: Perf = {
  readIops: 0,
  readKb: 0,
  writeIops: 0,
  writeKb: 0,
  readLatencyWeight: 0,
  writeLatencyWeight: 0,
  rebuildKb: 0,
  rebalanceKb: 0,
};

export function sumPerf(list: Perf[]): Perf {
  const out = { ...ZERO_PERF };
  for (const p of list) for (const k of Object.keys(out) as (keyof Perf)[]) out[k] += p[k];
  return out;
}

export function scalePerf(p: Perf, factor: number): Perf {
  const out = { ...p };
  for (const k of Object.keys(out) as (keyof Perf)[]) out[k] *= factor;
  return out;
}

/** Client load and data motion of one pool, per second. */
export function poolPerf(ctx: Ctx, poolId: string): Perf {
  const load = ctx.state.ioLoad[poolId];
  const moved = ctx.state.lastMovedKbPerSec[poolId] ?? { rebuild: 0, rebalance: 0 };
  const hasDevices = Object.values(ctx.state.devices).some((d) => d.storagePoolId === poolId && isTarget(ctx, d));
  const perf = { ...ZERO_PERF, rebuildKb: moved.rebuild, rebalanceKb: moved.rebalance };
  if (!load || !hasDevices) return perf;
  const r = load.readFraction;
  perf.readIops = load.iops * r;
  perf.writeIops = load.iops * (1 - r);
  perf.readKb = load.bwKbPerSec * r;
  perf.writeKb = load.bwKbPerSec * (1 - r);
  perf.readLatencyWeight = perf.readIops * load.latencyUs;
  perf.writeLatencyWeight = perf.writeIops * load.latencyUs;
  return perf;
}

/** A device serves an equal share of its pool's client I/O. */
export function devicePerf(ctx: Ctx, deviceId: string): Perf {
  const dev = ctx.state.devices[deviceId];
  if (!dev || !isTarget(ctx, dev)) return { ...ZERO_PERF };
  const peers = Object.values(ctx.state.devices).filter(
    (d) => d.storagePoolId === dev.storagePoolId && isTarget(ctx, d)
  );
  const p = poolPerf(ctx, dev.storagePoolId);
  return scalePerf({ ...p, rebuildKb: 0, rebalanceKb: 0 }, 1 / peers.length);
}

const IO_KB = 256; // size of one rebuild/rebalance I/O, to turn KB/s into an operation count

function bwc(ops: number, kb: number): Bwc {
  return { numOccured: Math.round(ops), numSeconds: 1, totalWeightInKb: Math.round(kb) };
}

/** Counters of storage-side objects (System, PD, SP, SDS, Device). */
export function storagePerfFields(p: Perf): Record<string, Bwc> {
  return {
    primaryReadBwc: bwc(p.readIops, p.readKb),
    primaryWriteBwc: bwc(p.writeIops, p.writeKb),
    // Writes are mirrored: each primary write makes one secondary write.
    secondaryReadBwc: bwc(0, 0),
    secondaryWriteBwc: bwc(p.writeIops, p.writeKb),
    totalReadBwc: bwc(p.readIops, p.readKb),
    totalWriteBwc: bwc(2 * p.writeIops, 2 * p.writeKb),
    fwdRebuildReadBwc: bwc(p.rebuildKb / IO_KB, p.rebuildKb),
    fwdRebuildWriteBwc: bwc(p.rebuildKb / IO_KB, p.rebuildKb),
    bckRebuildReadBwc: bwc(0, 0),
    bckRebuildWriteBwc: bwc(0, 0),
    normRebuildReadBwc: bwc(0, 0),
    normRebuildWriteBwc: bwc(0, 0),
    rebalanceReadBwc: bwc(p.rebalanceKb / IO_KB, p.rebalanceKb),
    rebalanceWriteBwc: bwc(p.rebalanceKb / IO_KB, p.rebalanceKb),
  };
}

/** Counters of client-side objects (Sdc, Volume); latency Bwc carries microseconds as weight. */
export function userPerfFields(p: Perf): Record<string, Bwc> {
  return {
    userDataReadBwc: bwc(p.readIops, p.readKb),
    userDataWriteBwc: bwc(p.writeIops, p.writeKb),
    userDataTrimBwc: bwc(0, 0),
    userDataSdcReadLatency: bwc(p.readIops, p.readLatencyWeight),
    userDataSdcWriteLatency: bwc(p.writeIops, p.writeLatencyWeight),
    userDataSdcTrimLatency: bwc(0, 0),
  };
}
