// TypeScript shapes of mesos.v1.scheduler Call and Event in Mesos JSON form — the in-memory
// form produced and consumed by codec.ts. The payload field is the type name in lower case.
import type {
  AgentID,
  Base64,
  ExecutorID,
  Filters,
  FrameworkID,
  FrameworkInfo,
  KillPolicy,
  MasterInfo,
  OfferID,
  OperationID,
  Resource,
  ResourceProviderID,
  TaskID,
} from './types-mesos';
import type { InverseOffer, Offer, OfferOperation, OperationStatus, TaskStatus } from './types-task';

export type * from './types-mesos';
export type * from './types-task';
export { TASK_STATES } from './types-task';

export type CallType =
  | 'UNKNOWN'
  | 'SUBSCRIBE'
  | 'TEARDOWN'
  | 'ACCEPT'
  | 'DECLINE'
  | 'ACCEPT_INVERSE_OFFERS'
  | 'DECLINE_INVERSE_OFFERS'
  | 'REVIVE'
  | 'KILL'
  | 'SHUTDOWN'
  | 'ACKNOWLEDGE'
  | 'ACKNOWLEDGE_OPERATION_STATUS'
  | 'RECONCILE'
  | 'RECONCILE_OPERATIONS'
  | 'MESSAGE'
  | 'REQUEST'
  | 'SUPPRESS'
  | 'UPDATE_FRAMEWORK';

/** Attribute-based offer constraints (rarely used); carried without a detailed shape. */
export type OfferConstraints = Record<string, unknown>;

export interface Subscribe {
  framework_info: FrameworkInfo;
  suppressed_roles?: string[];
  offer_constraints?: OfferConstraints;
}

export interface Call {
  /** Required on every call except SUBSCRIBE of a new framework. */
  framework_id?: FrameworkID;
  type?: CallType;
  subscribe?: Subscribe;
  accept?: { offer_ids?: OfferID[]; operations?: OfferOperation[]; filters?: Filters };
  decline?: { offer_ids?: OfferID[]; filters?: Filters };
  accept_inverse_offers?: { inverse_offer_ids?: OfferID[]; filters?: Filters };
  decline_inverse_offers?: { inverse_offer_ids?: OfferID[]; filters?: Filters };
  /** Empty roles = all of the framework's roles. */
  revive?: { roles?: string[] };
  suppress?: { roles?: string[] };
  kill?: { task_id: TaskID; agent_id?: AgentID; kill_policy?: KillPolicy };
  shutdown?: { executor_id: ExecutorID; agent_id: AgentID };
  /** `uuid` is the status uuid copied unchanged from the UPDATE. */
  acknowledge?: { agent_id: AgentID; task_id: TaskID; uuid: Base64 };
  acknowledge_operation_status?: {
    agent_id?: AgentID;
    resource_provider_id?: ResourceProviderID;
    uuid: Base64;
    operation_id: OperationID;
  };
  /** No tasks = implicit reconciliation. */
  reconcile?: { tasks?: { task_id: TaskID; agent_id?: AgentID }[] };
  reconcile_operations?: {
    operations?: { operation_id: OperationID; agent_id?: AgentID; resource_provider_id?: ResourceProviderID }[];
  };
  message?: { agent_id: AgentID; executor_id: ExecutorID; data: Base64 };
  request?: { requests?: { agent_id?: AgentID; resources?: Resource[] }[] };
  update_framework?: Subscribe;
}

export type EventType =
  | 'UNKNOWN'
  | 'SUBSCRIBED'
  | 'OFFERS'
  | 'INVERSE_OFFERS'
  | 'RESCIND'
  | 'RESCIND_INVERSE_OFFER'
  | 'UPDATE'
  | 'UPDATE_OPERATION_STATUS'
  | 'MESSAGE'
  | 'FAILURE'
  | 'ERROR'
  | 'HEARTBEAT';

export interface Event {
  type?: EventType;
  subscribed?: { framework_id: FrameworkID; heartbeat_interval_seconds?: number; master_info?: MasterInfo };
  offers?: { offers?: Offer[] };
  inverse_offers?: { inverse_offers?: InverseOffer[] };
  rescind?: { offer_id: OfferID };
  rescind_inverse_offer?: { inverse_offer_id: OfferID };
  update?: { status: TaskStatus };
  update_operation_status?: { status: OperationStatus };
  message?: { agent_id: AgentID; executor_id: ExecutorID; data: Base64 };
  /** `status` is an executor's exit status; no executor_id means the agent was removed. */
  failure?: { agent_id?: AgentID; executor_id?: ExecutorID; status?: number };
  error?: { message: string };
}
