// Statistics through querySelectedStatistics: one POST returns System (keyed directly) and other types
// keyed by id. The default property list is what the health checks need (capacity, failure,
// maintenance, rebuild/rebalance/moving); values are KB, and null where a release lacks the field.
import { type Caller } from './caller';
import { checkId, instancePath, object } from './paths';

export const CAPACITY_STATISTICS = [
  'maxCapacityInKb',
  'capacityInUseInKb',
  'capacityLimitInKb',
  'spareCapacityInKb',
  'unusedCapacityInKb',
  'capacityAvailableForVolumeAllocationInKb',
  'protectedCapacityInKb',
  'thickCapacityInUseInKb',
  'thinCapacityInUseInKb',
] as const;

export const FAILURE_STATISTICS = [
  'degradedHealthyCapacityInKb',
  'degradedFailedCapacityInKb',
  'failedCapacityInKb',
  'unreachableUnusedCapacityInKb',
  'inMaintenanceCapacityInKb',
] as const;

export const DATA_MOTION_STATISTICS = [
  'pendingFwdRebuildCapacityInKb',
  'activeFwdRebuildCapacityInKb',
  'pendingBckRebuildCapacityInKb',
  'activeBckRebuildCapacityInKb',
  'pendingNormRebuildCapacityInKb',
  'activeNormRebuildCapacityInKb',
  'pendingRebalanceCapacityInKb',
  'activeRebalanceCapacityInKb',
  'pendingMovingCapacityInKb',
  'activeMovingCapacityInKb',
] as const;

export const HEALTH_STATISTICS = [...CAPACITY_STATISTICS, ...FAILURE_STATISTICS, ...DATA_MOTION_STATISTICS] as const;
export type HealthStatistic = (typeof HEALTH_STATISTICS)[number];

/** One object's statistics: the health fields typed, anything else asked for left as unknown. */
export type StatisticsValues = { [K in HealthStatistic]?: number | null } & Record<string, unknown>;

export type StatisticsType = 'System' | 'ProtectionDomain' | 'StoragePool' | 'Sds' | 'Device' | 'Sdc' | 'Volume';
/** Which objects of a type: every one, or these ids. */
export type Selection = 'all' | string[];

export interface HealthStatistics {
  system: StatisticsValues;
  storagePools: Record<string, StatisticsValues>;
  sds: Record<string, StatisticsValues>;
}

const PATH = '/api/instances/querySelectedStatistics';

function selection(type: string, which: Selection, properties: readonly string[]): Record<string, unknown> {
  const base = { type, properties: [...properties] };
  if (which === 'all') return { ...base, allIds: '' };
  return { ...base, ids: which.map((id, i) => checkId(`${type} ids[${i}]`, id)) };
}

export class Statistics {
  constructor(private readonly c: Caller) {}

  async system(properties: readonly string[] = HEALTH_STATISTICS): Promise<StatisticsValues> {
    const r = await this.query([{ type: 'System', properties: [...properties] }]);
    return object<StatisticsValues>(r.System, { method: 'POST', path: PATH });
  }

  storagePools(which: Selection = 'all', properties: readonly string[] = HEALTH_STATISTICS) {
    return this.byId('StoragePool', which, properties);
  }

  sds(which: Selection = 'all', properties: readonly string[] = HEALTH_STATISTICS) {
    return this.byId('Sds', which, properties);
  }

  /** System, every storage pool and every SDS in one call. */
  async health(properties: readonly string[] = HEALTH_STATISTICS): Promise<HealthStatistics> {
    const r = await this.query([
      { type: 'System', properties: [...properties] },
      selection('StoragePool', 'all', properties),
      selection('Sds', 'all', properties),
    ]);
    const call = { method: 'POST', path: PATH };
    return {
      system: object<StatisticsValues>(r.System, call),
      storagePools: (r.StoragePool ?? {}) as Record<string, StatisticsValues>,
      sds: (r.Sds ?? {}) as Record<string, StatisticsValues>,
    };
  }

  /** Every statistic of one object (GET .../relationships/Statistics). */
  async of(type: StatisticsType, id: string): Promise<StatisticsValues> {
    const path = `${instancePath(type, checkId('id', id))}/relationships/Statistics`;
    return object<StatisticsValues>(await this.c.get(path), { method: 'GET', path });
  }

  private async byId(
    type: StatisticsType,
    which: Selection,
    properties: readonly string[]
  ): Promise<Record<string, StatisticsValues>> {
    if (Array.isArray(which) && which.length === 0) return {};
    const r = await this.query([selection(type, which, properties)]);
    return (r[type] ?? {}) as Record<string, StatisticsValues>;
  }

  private async query(list: Record<string, unknown>[]): Promise<Record<string, unknown>> {
    const reply = await this.c.post(PATH, { selectedStatisticsList: list });
    return object<Record<string, unknown>>(reply, { method: 'POST', path: PATH });
  }
}
