// Typed client of the ScaleIO REST gateway (API < 4.0). Production code; never imports sim/.
export { GatewayClient } from './client';
export type { EndpointState } from './caller';
export type { Mdm } from './objects/mdm';
export type { ProtectionDomains } from './objects/protection-domains';
export type { StoragePools } from './objects/storage-pools';
export type { SdsApi } from './objects/sds';
export type { Devices } from './objects/devices';
export type { Sdcs } from './objects/sdcs';
export type { Volumes } from './objects/volumes';
export type { Statistics } from './statistics';
export { type GatewayClientOptions, DEFAULT_TIMEOUT_MS } from './options';
export * from './errors';
export * from './types';
export { toActivityFailure } from './failure';
export { type ApiVersion, parseApiVersion, compareVersions } from './version';
export { type StandbyMdmSpec, type SwitchClusterModeSpec } from './objects/mdm';
export { type StoragePoolSpec, type CapacityAlertThresholds } from './objects/storage-pools';
export { type SdsSpec, type SdsDeviceSpec } from './objects/sds';
export { type DeviceSpec } from './objects/devices';
export { type VolumeSpec, roundUpVolumeKb, VOLUME_GRANULARITY_KB } from './objects/volumes';
export {
  HEALTH_STATISTICS,
  CAPACITY_STATISTICS,
  FAILURE_STATISTICS,
  DATA_MOTION_STATISTICS,
  type HealthStatistic,
  type HealthStatistics,
  type StatisticsValues,
  type StatisticsType,
  type Selection,
} from './statistics';
