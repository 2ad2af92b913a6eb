// Shapes shared by the offer book and its users: what a launch request asks for, the scheduler
// calls the book needs (a port, so tests can fake the master), options and metrics.
import type { Filters, Offer, OfferOperation } from '../../proto/types';
import type { IdLike } from '../scheduler/calls';

/** CPU and memory a task needs; an offer fits when it has at least this much. */
export interface ResourceNeed {
  cpus: number;
  memMb: number;
}

/** A request to launch something on one host, waiting for a fitting offer from it. */
export interface LaunchRequest {
  hostname: string;
  resources: ResourceNeed;
  /**
   * Called with the chosen offer; returns the operations to apply (LAUNCH…). It may persist
   * first (the ACCEPT waits for it). Throwing gives the request up: `launched` gets the error.
   */
  use(offer: Offer): Promise<OfferOperation[]>;
  /** Outcome of the ACCEPT call that carried this request's operations (undefined = sent, 202). */
  launched(error: Error | undefined, offer: Offer): void;
  /** Others wait on this launch (a step in the cluster's reboot turn): its REVIVE is not paced. */
  urgent?: boolean;
}

/** The largest offer (by memory, then CPUs) seen from the host while the request waited. */
export interface OfferSeen {
  cpus: number;
  memMb: number;
  at: number;
}

export interface PendingHandle {
  /** Withdraws the request; false if it already left the book (offer chosen). */
  cancel(): boolean;
  bestSeen(): OfferSeen | undefined;
}

/** The scheduler calls the book sends (SchedulerClient has them all). */
export interface OfferCalls {
  accept(offerIds: IdLike[], operations: OfferOperation[], filters?: Filters): Promise<void>;
  decline(offerIds: IdLike[], refuseSeconds?: number): Promise<void>;
  suppress(roles?: string[]): Promise<void>;
  revive(roles?: string[]): Promise<void>;
}

export interface OfferBookOptions {
  /** Refuse filter of declined offers, seconds; default 30. */
  declineRefuseSeconds?: number;
  /** Refuse filter of the unused part of an accepted offer, seconds; default 1. */
  acceptRefuseSeconds?: number;
  /**
   * Refuse filter of declined offers from a warm host (one we launched on within warmSeconds), seconds; default
   * 0.2, shorter than any allocation interval: the host is offered again at the next allocation, so a procedure's
   * next step there needs no REVIVE (which would make the master offer every agent again).
   */
  warmRefuseSeconds?: number;
  /** How long after a launch a host counts as warm; default 10 s (a procedure schedules its next step sooner). */
  warmSeconds?: number;
  /**
   * REVIVE pacing: a REVIVE makes the master offer again every host we hold a decline filter on, so after one the
   * next waits (those hosts / this) seconds, requests meanwhile sharing it; default 200 (200 filtered hosts: one
   * REVIVE a second at most). 0: no pacing. Urgent requests are never paced.
   */
  reviveOffersPerSecond?: number;
  /** The longest gap REVIVE pacing puts between two REVIVEs, seconds; default 5 (as Marathon's default). */
  maxReviveGapSeconds?: number;
  /** SUPPRESS this long after the last pending request left; default 200 ms. */
  suppressDelayMs?: number;
  /** While idle, REVIVE this often to see agents that joined (offers are the only news of them); default 30 s. */
  discoveryIntervalMs?: number;
  /** How long offers flow during discovery before SUPPRESS again; default 5 s (a few allocation intervals). */
  discoveryWindowMs?: number;
}

export interface OfferMetrics {
  received: number;
  declined: number;
  used: number;
  rescinded: number;
  /** Offers received and not yet answered (declined or accepted). */
  heldNow: number;
  /** Time from receiving an offer to the master taking our answer (202), recent samples. */
  holdMs: { median: number; max: number; samples: number };
  declineCalls: number;
  acceptCalls: number;
  suppressCalls: number;
  reviveCalls: number;
  pendingRequests: number;
  callErrors: number;
}
