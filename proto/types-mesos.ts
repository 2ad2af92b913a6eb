// TypeScript shapes of the mesos.v1 messages in Mesos JSON form (see mesos/v1/mesos.proto):
// proto field names, enums as names, bytes as base64 strings, 64-bit integers as numbers.
// Optional/repeated proto fields are optional here, because decoders leave absent fields out.

/** A base64 string of raw bytes (e.g. a 16-byte status uuid is 24 characters). */
export type Base64 = string;

export interface Id {
  value: string;
}
export type FrameworkID = Id;
export type OfferID = Id;
export type AgentID = Id;
export type TaskID = Id;
export type ExecutorID = Id;
export type ResourceProviderID = Id;
export type OperationID = Id;
export interface ContainerID {
  value: string;
  parent?: ContainerID;
}

export interface TimeInfo {
  nanoseconds: number;
}
export interface DurationInfo {
  nanoseconds: number;
}
export interface UUID {
  value: Base64;
}

export interface Address {
  hostname?: string;
  ip?: string;
  port: number;
}
export interface Parameter {
  key: string;
  value: string;
}
export interface URL {
  scheme: string;
  address: Address;
  path?: string;
  query?: Parameter[];
  fragment?: string;
}
export interface Unavailability {
  start: TimeInfo;
  duration?: DurationInfo;
}

export interface Label {
  key: string;
  value?: string;
}
export interface Labels {
  labels?: Label[];
}

export type ValueType = 'SCALAR' | 'RANGES' | 'SET' | 'TEXT';
export interface Scalar {
  value: number;
}
export interface Range {
  begin: number;
  end: number;
}
export interface Ranges {
  range?: Range[];
}
export interface ValueSet {
  item?: string[];
}
export interface Text {
  value: string;
}

export interface Attribute {
  name: string;
  type: ValueType;
  scalar?: Scalar;
  ranges?: Ranges;
  set?: ValueSet;
  text?: Text;
}

export interface AllocationInfo {
  role?: string;
}
export interface ReservationInfo {
  type?: 'UNKNOWN' | 'STATIC' | 'DYNAMIC';
  role?: string;
  principal?: string;
  labels?: Labels;
}
export interface Resource {
  name: string;
  type: ValueType;
  scalar?: Scalar;
  ranges?: Ranges;
  set?: ValueSet;
  /** Deprecated pre-MULTI_ROLE role; never set it under MULTI_ROLE. */
  role?: string;
  reservation?: ReservationInfo;
  reservations?: ReservationInfo[];
  revocable?: Record<string, never>;
  shared?: Record<string, never>;
  allocation_info?: AllocationInfo;
  provider_id?: ResourceProviderID;
}

export interface DomainInfo {
  fault_domain?: { region: { name: string }; zone: { name: string } };
}

export type FrameworkCapabilityType =
  | 'UNKNOWN'
  | 'REVOCABLE_RESOURCES'
  | 'TASK_KILLING_STATE'
  | 'GPU_RESOURCES'
  | 'SHARED_RESOURCES'
  | 'PARTITION_AWARE'
  | 'MULTI_ROLE'
  | 'RESERVATION_REFINEMENT'
  | 'REGION_AWARE';

export interface OfferFilters {
  min_allocatable_resources?: { quantities?: { quantities?: Record<string, Scalar> }[] };
}

export interface FrameworkInfo {
  user: string;
  name: string;
  id?: FrameworkID;
  /** Seconds; proto default 0 means "tear down at once on disconnect". */
  failover_timeout?: number;
  checkpoint?: boolean;
  role?: string;
  roles?: string[];
  hostname?: string;
  principal?: string;
  webui_url?: string;
  capabilities?: { type?: FrameworkCapabilityType }[];
  labels?: Labels;
  offer_filters?: Record<string, OfferFilters>;
}

export interface MasterInfo {
  id: string;
  /** IPv4 address as a uint32 in network byte order. */
  ip: number;
  port: number;
  pid?: string;
  hostname?: string;
  version?: string;
  address?: Address;
  domain?: DomainInfo;
  capabilities?: { type?: 'UNKNOWN' | 'AGENT_UPDATE' | 'AGENT_DRAINING' | 'QUOTA_V2' }[];
}

export interface AgentInfo {
  hostname: string;
  port?: number;
  resources?: Resource[];
  attributes?: Attribute[];
  id?: AgentID;
  domain?: DomainInfo;
}

export interface Filters {
  /** Seconds; proto default 5. */
  refuse_seconds?: number;
}

export interface Secret {
  type?: 'UNKNOWN' | 'REFERENCE' | 'VALUE';
  reference?: { name: string; key?: string };
  value?: { data: Base64 };
}
export interface EnvironmentVariable {
  name: string;
  value?: string;
  type?: 'UNKNOWN' | 'VALUE' | 'SECRET';
  secret?: Secret;
}
export interface Environment {
  variables?: EnvironmentVariable[];
}

export interface CommandURI {
  value: string;
  executable?: boolean;
  /** Proto default true. */
  extract?: boolean;
  cache?: boolean;
  output_file?: string;
}
export interface CommandInfo {
  uris?: CommandURI[];
  environment?: Environment;
  /** Proto default true: `value` runs as `sh -c value`; false execs `value` with `arguments` as argv. */
  shell?: boolean;
  value?: string;
  arguments?: string[];
  user?: string;
}

export interface KillPolicy {
  grace_period?: DurationInfo;
}

export interface ExecutorInfo {
  type?: 'UNKNOWN' | 'DEFAULT' | 'CUSTOM';
  executor_id: ExecutorID;
  framework_id?: FrameworkID;
  command?: CommandInfo;
  resources?: Resource[];
  name?: string;
  source?: string;
  data?: Base64;
  shutdown_grace_period?: DurationInfo;
  labels?: Labels;
}
