// Simulated ScaleIO cluster (pure TypeScript, no I/O). Test double only: production never imports sim/.
export { ScaleioCluster } from './cluster';
export { ScaleioError, mdmError, unauthorized, badRequest, isScaleioError, ERROR_CODES } from './errors';
export { type ClusterOptions } from './options';
export { type ClusterSnapshot } from './snapshot';
export { type MdmClusterView, type MdmNodeView } from './mdm-view';
export { type SdsSpec } from './sds';
export { type DeviceSpec } from './devices';
export { type VolumeSpec, roundVolumeSizeKb, VOLUME_GRANULARITY_KB } from './volumes';
export { type IoLoadSpec } from './faults';
export { type Bwc } from './perf-stats';
export { STATISTICS_TYPES, type StatisticsType } from './stats';
export * from './types';
