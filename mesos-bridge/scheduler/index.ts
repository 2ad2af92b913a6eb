// Public surface of the Mesos v1 HTTP scheduler client.
export { SchedulerClient } from './client';
export type { ClientState } from './scheduler-core';
export type {
  AutoAcknowledge,
  FrameworkOptions,
  SchedulerClientOptions,
  SchedulerCredentials,
  SchedulerFormat,
  SchedulerTlsOptions,
} from './options';
export { DEFAULT_CAPABILITIES, ONE_WEEK_SECONDS, buildFrameworkInfo } from './options';
export type {
  DisconnectInfo,
  DisconnectReason,
  ExecutorMessage,
  FailureInfo,
  SchedulerEventMap,
  SubscribedInfo,
} from './events';
export type { SchedulerMetrics } from './metrics';
export type { IdLike, ReconcileTask } from './calls';
export { MAX_REFUSE_SECONDS } from './calls';
export {
  FrameworkRemovedError,
  MesosBadRequestError,
  MesosConnectionError,
  MesosForbiddenError,
  MesosHttpError,
  MesosProtocolError,
  MesosRedirectError,
  MesosUnauthorizedError,
  MesosUnavailableError,
  NotSubscribedError,
  SchedulerInputError,
} from './errors';
export { Backoff } from './backoff';
export { resolveRedirect, schedulerEndpoint } from './redirect';
export {
  FileFrameworkIdStore,
  FrameworkIdStoreError,
  MemoryFrameworkIdStore,
  type FrameworkIdStore,
} from '../state/framework-store';
