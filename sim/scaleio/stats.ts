// Statistics per object, as GET .../relationships/Statistics and querySelectedStatistics return them.
import { type CapacityRecord, derive, deviceCapacity, poolCapacity, sumCapacity } from './capacity-stats';
import { mdmError } from './errors';
import { getDevice, getSds } from './lookup';
import { requireMdm } from './mdm';
import { type Ctx } from './options';
import { devicePerf, type Perf, poolPerf, scalePerf, storagePerfFields, sumPerf, userPerfFields } from './perf-stats';
import { getPd, getSp } from './topology';
import { getSdc, getVolume } from './volumes';

export const STATISTICS_TYPES = [
  'System',
  'ProtectionDomain',
  'StoragePool',
  'Sds',
  'Device',
  'Sdc',
  'Volume',
] as const;
export type StatisticsType = (typeof STATISTICS_TYPES)[number];

type Stats = Record<string, unknown>;

function storage(cap: CapacityRecord, perf: Perf, extra: Record<string, number>): Stats {
  return { ...derive(cap), ...storagePerfFields(perf), ...extra };
}

function poolsOfPd(ctx: Ctx, pdId: string): string[] {
  return Object.values(ctx.state.storagePools)
    .filter((p) => p.protectionDomainId === pdId)
    .map((p) => p.id);
}

function volumesIn(ctx: Ctx, poolIds: string[]): number {
  return Object.values(ctx.state.volumes).filter((v) => poolIds.includes(v.storagePoolId)).length;
}

function sdsCountOfPools(ctx: Ctx, poolIds: string[]): number {
  const devs = Object.values(ctx.state.devices).filter((d) => poolIds.includes(d.storagePoolId));
  return new Set(devs.map((d) => d.sdsId)).size;
}

function poolStats(ctx: Ctx, id: string): Stats {
  getSp(ctx, id);
  return storage(poolCapacity(ctx, id), poolPerf(ctx, id), {
    numOfVolumes: volumesIn(ctx, [id]),
    numOfSds: sdsCountOfPools(ctx, [id]),
  });
}

function pdStats(ctx: Ctx, id: string): Stats {
  getPd(ctx, id);
  const pools = poolsOfPd(ctx, id);
  return storage(sumCapacity(pools.map((p) => poolCapacity(ctx, p))), sumPerf(pools.map((p) => poolPerf(ctx, p))), {
    numOfStoragePools: pools.length,
    numOfSds: Object.values(ctx.state.sds).filter((s) => s.protectionDomainId === id).length,
    numOfVolumes: volumesIn(ctx, pools),
    numOfFaultSets: 0,
  });
}

function systemStats(ctx: Ctx): Stats {
  requireMdm(ctx);
  const pools = Object.keys(ctx.state.storagePools);
  return storage(sumCapacity(pools.map((p) => poolCapacity(ctx, p))), sumPerf(pools.map((p) => poolPerf(ctx, p))), {
    numOfProtectionDomains: Object.keys(ctx.state.protectionDomains).length,
    numOfStoragePools: pools.length,
    numOfSds: Object.keys(ctx.state.sds).length,
    numOfSdc: Object.keys(ctx.state.sdcs).length,
    numOfVolumes: Object.keys(ctx.state.volumes).length,
    numOfFaultSets: 0,
  });
}

function sdsStats(ctx: Ctx, id: string): Stats {
  getSds(ctx, id);
  const devs = Object.values(ctx.state.devices).filter((d) => d.sdsId === id);
  return storage(
    sumCapacity(devs.map((d) => deviceCapacity(ctx, d))),
    sumPerf(devs.map((d) => devicePerf(ctx, d.id))),
    {}
  );
}

function deviceStats(ctx: Ctx, id: string): Stats {
  const dev = getDevice(ctx, id);
  return storage(deviceCapacity(ctx, dev), devicePerf(ctx, id), {});
}

/** Client I/O of a pool is spread evenly over its mapped volumes. */
function volumePerf(ctx: Ctx, volumeId: string): Perf {
  const v = getVolume(ctx, volumeId);
  const mapped = Object.values(ctx.state.volumes).filter(
    (x) => x.storagePoolId === v.storagePoolId && x.mappedSdcIds.length > 0
  );
  if (v.mappedSdcIds.length === 0 || mapped.length === 0) return sumPerf([]);
  return scalePerf(poolPerf(ctx, v.storagePoolId), 1 / mapped.length);
}

function volumeStats(ctx: Ctx, id: string): Stats {
  const v = getVolume(ctx, id);
  return { ...userPerfFields(volumePerf(ctx, id)), numOfMappedSdcs: v.mappedSdcIds.length };
}

/** An SDC does the I/O of the volumes mapped to it, shared with the other SDCs mapping the same volume. */
function sdcStats(ctx: Ctx, id: string): Stats {
  getSdc(ctx, id);
  const mine = Object.values(ctx.state.volumes).filter((v) => v.mappedSdcIds.includes(id));
  const perf = sumPerf(mine.map((v) => scalePerf(volumePerf(ctx, v.id), 1 / v.mappedSdcIds.length)));
  return { ...userPerfFields(perf), numOfMappedVolumes: mine.length };
}

export function statisticsOf(ctx: Ctx, type: string, id?: string): Stats {
  const need = (): string => {
    if (!id) throw mdmError('NOT_FOUND');
    return id;
  };
  switch (type) {
    case 'System':
      return systemStats(ctx);
    case 'ProtectionDomain':
      return pdStats(ctx, need());
    case 'StoragePool':
      return poolStats(ctx, need());
    case 'Sds':
      return sdsStats(ctx, need());
    case 'Device':
      return deviceStats(ctx, need());
    case 'Sdc':
      return sdcStats(ctx, need());
    case 'Volume':
      return volumeStats(ctx, need());
    default:
      throw mdmError('NOT_FOUND');
  }
}
