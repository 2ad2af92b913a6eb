// Offer handling of the bridge: the book of pending launch requests and its metrics.
export { OfferBook, OfferBookOptionError } from './offer-book';
export { describeNeed, fits, offered } from './fit';
export type {
  LaunchRequest,
  OfferBookOptions,
  OfferCalls,
  OfferMetrics,
  OfferSeen,
  PendingHandle,
  ResourceNeed,
} from './types';
