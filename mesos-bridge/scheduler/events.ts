// The typed events SchedulerClient emits. Payload names follow the Mesos event they come from;
// ids stay in wire form ({value}) so they can be passed back into calls unchanged.
import type {
  AgentID,
  Event,
  ExecutorID,
  InverseOffer,
  MasterInfo,
  Offer,
  OfferID,
  OperationStatus,
  TaskStatus,
} from '../../proto/types';

export interface SubscribedInfo {
  frameworkId: string;
  heartbeatIntervalSeconds: number;
  masterInfo: MasterInfo | undefined;
  /** The Mesos-Stream-Id of this subscription. */
  streamId: string;
  /** Scheduler endpoint of the (leading) master that accepted the subscription. */
  masterUrl: string;
  /** False for the first SUBSCRIBED of a brand-new framework; true when an existing id was reused. */
  resubscribed: boolean;
}

export interface FailureInfo {
  agentId: AgentID | undefined;
  /** Absent when the agent itself was removed. */
  executorId: ExecutorID | undefined;
  /** The executor's raw wait status. */
  status: number | undefined;
}

export interface ExecutorMessage {
  agentId: AgentID;
  executorId: ExecutorID;
  data: Buffer;
}

export type DisconnectReason =
  | 'eof' // the master closed the stream
  | 'stream-error' // connection reset or decode failure
  | 'heartbeat-timeout' // no bytes for factor × heartbeat interval
  | 'master-error' // an ERROR event (the master closes the stream after it)
  | 'forbidden' // a call got 403: the master no longer sees us subscribed
  | 'redirected' // a call got 307: the master lost leadership
  | 'subscribe-failed' // no master accepted SUBSCRIBE
  | 'persist-failed'; // the FrameworkID could not be stored

export interface DisconnectInfo {
  reason: DisconnectReason;
  error: Error | undefined;
  /** Delay before the next SUBSCRIBE attempt. */
  retryInMs: number;
}

export interface SchedulerEventMap {
  subscribed: [info: SubscribedInfo];
  offers: [offers: Offer[]];
  rescind: [offerId: OfferID];
  /** A task status update; acknowledged per the autoAcknowledge option when it has a uuid. */
  update: [status: TaskStatus];
  failure: [failure: FailureInfo];
  message: [message: ExecutorMessage];
  /** The ERROR event's text (the client then re-subscribes, unless the framework was removed). */
  masterError: [message: string];
  heartbeat: [];
  inverseOffers: [offers: InverseOffer[]];
  rescindInverseOffer: [inverseOfferId: OfferID];
  operationStatus: [status: OperationStatus];
  /** Every decoded event, before the typed one (for logging and tests). */
  event: [event: Event];
  disconnected: [info: DisconnectInfo];
  /** Acknowledgement of an update failed (the agent will re-send it; nothing is lost). */
  ackError: [error: Error, status: TaskStatus];
  /** The client stopped for good (framework removed, credentials refused, invalid SUBSCRIBE). */
  fatal: [error: Error];
}

/** Emits the typed event for a decoded stream event (SUBSCRIBED and ERROR are the client's own). */
export function emitTyped(
  emit: <K extends keyof SchedulerEventMap>(name: K, ...args: SchedulerEventMap[K]) => void,
  ev: Event
): void {
  switch (ev.type) {
    case 'OFFERS':
      return emit('offers', ev.offers?.offers ?? []);
    case 'RESCIND':
      if (ev.rescind) emit('rescind', ev.rescind.offer_id);
      return;
    case 'UPDATE':
      if (ev.update) emit('update', ev.update.status);
      return;
    case 'FAILURE':
      return emit('failure', {
        agentId: ev.failure?.agent_id,
        executorId: ev.failure?.executor_id,
        status: ev.failure?.status,
      });
    case 'MESSAGE':
      if (ev.message) {
        const { agent_id, executor_id, data } = ev.message;
        emit('message', { agentId: agent_id, executorId: executor_id, data: Buffer.from(data ?? '', 'base64') });
      }
      return;
    case 'HEARTBEAT':
      return emit('heartbeat');
    case 'INVERSE_OFFERS':
      return emit('inverseOffers', ev.inverse_offers?.inverse_offers ?? []);
    case 'RESCIND_INVERSE_OFFER':
      if (ev.rescind_inverse_offer) emit('rescindInverseOffer', ev.rescind_inverse_offer.inverse_offer_id);
      return;
    case 'UPDATE_OPERATION_STATUS':
      if (ev.update_operation_status) emit('operationStatus', ev.update_operation_status.status);
      return;
    default:
      return;
  }
}
