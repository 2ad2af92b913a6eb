// TypeScript shapes of mesos.v1 offers, tasks and statuses in Mesos JSON form.
import type {
  AgentID,
  Attribute,
  Base64,
  CommandInfo,
  ContainerID,
  DomainInfo,
  DurationInfo,
  ExecutorID,
  ExecutorInfo,
  FrameworkID,
  KillPolicy,
  Labels,
  OfferID,
  OperationID,
  Resource,
  AllocationInfo,
  ResourceProviderID,
  Scalar,
  TaskID,
  TimeInfo,
  Unavailability,
  URL,
  UUID,
} from './types-mesos';

export interface Offer {
  id: OfferID;
  framework_id: FrameworkID;
  agent_id: AgentID;
  hostname: string;
  url?: URL;
  domain?: DomainInfo;
  resources?: Resource[];
  attributes?: Attribute[];
  executor_ids?: ExecutorID[];
  unavailability?: Unavailability;
  allocation_info?: AllocationInfo;
}

export interface InverseOffer {
  id: OfferID;
  url?: URL;
  framework_id: FrameworkID;
  agent_id?: AgentID;
  unavailability: Unavailability;
  resources?: Resource[];
}

/** Health and check definitions are carried opaquely by this layer. */
export type HealthCheck = Record<string, unknown>;
export type CheckInfo = Record<string, unknown>;

export interface TaskInfo {
  name: string;
  task_id: TaskID;
  agent_id: AgentID;
  resources?: Resource[];
  /** Exactly one of `executor` and `command` (command = built-in command executor). */
  executor?: ExecutorInfo;
  command?: CommandInfo;
  health_check?: HealthCheck;
  check?: CheckInfo;
  kill_policy?: KillPolicy;
  data?: Base64;
  labels?: Labels;
  max_completion_time?: DurationInfo;
  limits?: Record<string, Scalar>;
}

export interface TaskGroupInfo {
  tasks?: TaskInfo[];
}

export type OperationType =
  | 'UNKNOWN'
  | 'LAUNCH'
  | 'LAUNCH_GROUP'
  | 'RESERVE'
  | 'UNRESERVE'
  | 'CREATE'
  | 'DESTROY'
  | 'GROW_VOLUME'
  | 'SHRINK_VOLUME'
  | 'CREATE_DISK'
  | 'DESTROY_DISK';

/** Offer.Operation (an ACCEPT step). */
export interface OfferOperation {
  type?: OperationType;
  id?: OperationID;
  launch?: { task_infos?: TaskInfo[] };
  launch_group?: { executor: ExecutorInfo; task_group: TaskGroupInfo };
  reserve?: { resources?: Resource[]; source?: Resource[] };
  unreserve?: { resources?: Resource[] };
  create?: { volumes?: Resource[] };
  destroy?: { volumes?: Resource[] };
  grow_volume?: { volume: Resource; addition: Resource };
  shrink_volume?: { volume: Resource; subtract: Scalar };
  destroy_disk?: { source: Resource };
}

export const TASK_STATES = [
  'TASK_STAGING',
  'TASK_STARTING',
  'TASK_RUNNING',
  'TASK_KILLING',
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_UNREACHABLE',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
  'TASK_UNKNOWN',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export type TaskStatusSource = 'SOURCE_MASTER' | 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';

export type TaskStatusReason =
  | 'REASON_COMMAND_EXECUTOR_FAILED'
  | 'REASON_CONTAINER_LAUNCH_FAILED'
  | 'REASON_CONTAINER_LIMITATION'
  | 'REASON_CONTAINER_LIMITATION_DISK'
  | 'REASON_CONTAINER_LIMITATION_MEMORY'
  | 'REASON_CONTAINER_PREEMPTED'
  | 'REASON_CONTAINER_UPDATE_FAILED'
  | 'REASON_MAX_COMPLETION_TIME_REACHED'
  | 'REASON_EXECUTOR_REGISTRATION_TIMEOUT'
  | 'REASON_EXECUTOR_REREGISTRATION_TIMEOUT'
  | 'REASON_EXECUTOR_TERMINATED'
  | 'REASON_EXECUTOR_UNREGISTERED'
  | 'REASON_FRAMEWORK_REMOVED'
  | 'REASON_GC_ERROR'
  | 'REASON_INVALID_FRAMEWORKID'
  | 'REASON_INVALID_OFFERS'
  | 'REASON_IO_SWITCHBOARD_EXITED'
  | 'REASON_MASTER_DISCONNECTED'
  | 'REASON_RECONCILIATION'
  | 'REASON_RESOURCES_UNKNOWN'
  | 'REASON_AGENT_DISCONNECTED'
  | 'REASON_AGENT_DRAINING'
  | 'REASON_AGENT_REMOVED'
  | 'REASON_AGENT_REMOVED_BY_OPERATOR'
  | 'REASON_AGENT_REREGISTERED'
  | 'REASON_AGENT_RESTARTED'
  | 'REASON_AGENT_UNKNOWN'
  | 'REASON_TASK_KILLED_DURING_LAUNCH'
  | 'REASON_TASK_CHECK_STATUS_UPDATED'
  | 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED'
  | 'REASON_TASK_GROUP_INVALID'
  | 'REASON_TASK_GROUP_UNAUTHORIZED'
  | 'REASON_TASK_INVALID'
  | 'REASON_TASK_UNAUTHORIZED'
  | 'REASON_TASK_UNKNOWN';

export interface NetworkInfo {
  ip_addresses?: { protocol?: 'IPv4' | 'IPv6'; ip_address?: string }[];
  name?: string;
  groups?: string[];
  labels?: Labels;
  port_mappings?: { host_port: number; container_port: number; protocol?: string }[];
}

export interface ContainerStatus {
  container_id?: ContainerID;
  network_infos?: NetworkInfo[];
  executor_pid?: number;
}

export interface CheckStatusInfo {
  type?: 'UNKNOWN' | 'COMMAND' | 'HTTP' | 'TCP';
  command?: { exit_code?: number };
  http?: { status_code?: number };
  tcp?: { succeeded?: boolean };
}

export interface TaskStatus {
  task_id: TaskID;
  state: TaskState;
  message?: string;
  source?: TaskStatusSource;
  reason?: TaskStatusReason;
  data?: Base64;
  agent_id?: AgentID;
  executor_id?: ExecutorID;
  /** Seconds since the epoch. */
  timestamp?: number;
  /** 16 raw bytes, base64; present iff the update must be acknowledged. */
  uuid?: Base64;
  healthy?: boolean;
  check_status?: CheckStatusInfo;
  labels?: Labels;
  container_status?: ContainerStatus;
  unreachable_time?: TimeInfo;
  limitation?: { resources?: Resource[] };
}

export type OperationState =
  | 'OPERATION_UNSUPPORTED'
  | 'OPERATION_PENDING'
  | 'OPERATION_FINISHED'
  | 'OPERATION_FAILED'
  | 'OPERATION_ERROR'
  | 'OPERATION_DROPPED'
  | 'OPERATION_UNREACHABLE'
  | 'OPERATION_GONE_BY_OPERATOR'
  | 'OPERATION_RECOVERING'
  | 'OPERATION_UNKNOWN';

export interface OperationStatus {
  operation_id?: OperationID;
  state: OperationState;
  message?: string;
  converted_resources?: Resource[];
  uuid?: UUID;
  agent_id?: AgentID;
  resource_provider_id?: ResourceProviderID;
}
