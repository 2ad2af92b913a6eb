// When a call failed on one gateway endpoint, what may the client do with the others?
//  - 'retry': the request surely was not processed (connection refused or unreachable, TLS handshake failure,
//    or a 502/503/504 answer), so the same call may be sent to the next endpoint now.
//  - 'advance': it may have been processed (a timeout or a reset socket after sending; a POST may have been
//    applied), so it is not replayed, but the next call starts at the next endpoint.
//  - 'stay': the gateway answered; another gateway in front of the same MDM would answer the same.
import { neverSent } from './error-map';
import { type GatewayError } from './errors';

export type Failover = 'retry' | 'advance' | 'stay';

const NOT_PROCESSED_STATUS = new Set([502, 503, 504]);

export function failoverFor(e: GatewayError): Failover {
  if (neverSent(e)) return 'retry';
  if (e.httpStatus !== undefined) return NOT_PROCESSED_STATUS.has(e.httpStatus) ? 'retry' : 'stay';
  if (e.code === 'TIMEOUT' || e.code === 'NETWORK') return 'advance';
  return 'stay';
}
