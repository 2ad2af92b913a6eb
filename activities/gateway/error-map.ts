// Turns a gateway error reply, or a failure to get one, into a typed GatewayError.
// The gateway relays most MDM refusals as HTTP 500 told apart only by message/errorCode, so the MDM
// wording (goscaleio's code table) is matched here; a 5xx that matches nothing and carries no MDM
// errorCode is treated as a gateway hiccup (Transient).
import {
  AlreadyExists,
  BadRequest,
  type GatewayCall,
  type GatewayError,
  type GatewayErrorInit,
  InvalidCredentials,
  NotFound,
  Refused,
  TlsVerificationFailed,
  Transient,
  TokenRefused,
  Unauthorized,
} from './errors';

/** What the gateway said, from its JSON error body or, failing that, its raw text. */
export interface ErrorReply {
  status: number;
  statusText?: string;
  body: unknown;
}

interface Parsed {
  message: string;
  errorCode?: number;
  /** MDM code name from newer gateways' details[].error. */
  mdmCode?: string;
}

function parseReply(reply: ErrorReply): Parsed {
  const b = reply.body;
  if (b && typeof b === 'object' && !Array.isArray(b)) {
    const o = b as Record<string, unknown>;
    const details = Array.isArray(o.details) ? (o.details[0] as Record<string, unknown> | undefined) : undefined;
    const message = typeof o.message === 'string' && o.message.trim() !== '' ? o.message : undefined;
    return {
      message: message ?? reply.statusText ?? `HTTP ${reply.status}`,
      errorCode: typeof o.errorCode === 'number' ? o.errorCode : undefined,
      mdmCode: typeof details?.error === 'string' ? details.error : undefined,
    };
  }
  // Non-JSON (4.x may answer with HTML): keep a short, tag-free excerpt.
  const text =
    typeof b === 'string'
      ? b
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  return { message: text.slice(0, 200) || reply.statusText || `HTTP ${reply.status}` };
}

type Kind = 'exists' | 'notFound' | 'wait' | 'refused';
interface Rule {
  re: RegExp;
  kind: Kind;
  code?: string;
}

// Order matters: specific refusals before the generic "already exists" / "not found".
const RULES: readonly Rule[] = [
  { re: /already exists and is being removed/i, kind: 'wait', code: 'TGT_ALREADY_EXISTS_AND_BEING_REMOVED' },
  { re: /already in maintenance.mode/i, kind: 'refused', code: 'TGT_ALREADY_IN_MM' },
  { re: /not in maintenance.mode/i, kind: 'refused', code: 'TGT_NOT_IN_MM' },
  { re: /process of exiting maintenance/i, kind: 'wait', code: 'TGT_EXIT_MAINTENANCE_IN_PROGRESS' },
  { re: /not mapped/i, kind: 'refused', code: 'VOL_NOT_MAPPED_TO_INI' },
  { re: /already mapped to an? SDC/i, kind: 'refused', code: 'VOL_ALREADY_MAPPED_TO_AN_INI' },
  {
    re: /already (exists|in use|mapped|added|configured)|name (is )?already in use|IP already exists/i,
    kind: 'exists',
  },
  { re: /not found|could not find|could not be found|does not exist/i, kind: 'notFound' },
  {
    re: /being removed|in progress|please wait|wait until|communication error|not connected|does not have an owner/i,
    kind: 'wait',
  },
];

/** Known numeric errorCodes (puppet cinder driver): 3 volume not found, 81 already mapped, 84 not mapped. */
const CODES: Record<number, Rule> = {
  3: { re: /./, kind: 'notFound', code: 'VOL_NOT_FOUND' },
  81: { re: /./, kind: 'exists', code: 'VOL_ALREADY_MAPPED_TO_THIS_INI' },
  84: { re: /./, kind: 'refused', code: 'VOL_NOT_MAPPED_TO_INI' },
};

function classifyMdm(p: Parsed): Rule | undefined {
  return (p.errorCode !== undefined ? CODES[p.errorCode] : undefined) ?? RULES.find((r) => r.re.test(p.message));
}

/** Maps an HTTP error reply (status >= 400). A 401 here means a login refusal or a token refused twice. */
export function errorFromReply(call: GatewayCall, reply: ErrorReply, isLogin: boolean): GatewayError {
  const p = parseReply(reply);
  const s = reply.status;
  const rule = classifyMdm(p);
  const init: GatewayErrorInit = {
    call,
    httpStatus: s,
    errorCode: p.errorCode,
    gatewayMessage: p.message,
    code: p.mdmCode ?? rule?.code,
  };
  if (s === 401) {
    return isLogin
      ? new InvalidCredentials('the gateway refused the user name or password', init)
      : new TokenRefused('the gateway refused a freshly issued token too', init);
  }
  if (s === 403) return new Unauthorized(`forbidden: ${p.message}`, init);
  if (s === 408 || s === 429) return new Transient(p.message, init);
  if (rule?.kind === 'exists') return new AlreadyExists(p.message, init);
  if (rule?.kind === 'notFound' || s === 404) return new NotFound(p.message, init);
  if (s >= 500) {
    if (rule) return new Refused(p.message, init, rule.kind === 'wait');
    // An MDM errorCode with unknown wording is still a refusal; without one it is a gateway failure.
    if (p.errorCode !== undefined && p.errorCode !== 0) return new Refused(p.message, init, false);
    return new Transient(p.message, init);
  }
  if (rule) return new Refused(p.message, init, rule.kind === 'wait');
  return new BadRequest(p.message, init);
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// Failures that happen before a request can leave the client: no connection, or no TLS session.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPROTO',
]);

// Errors that prove the gateway never saw the request, so another gateway may be asked the same thing.
// Kept beside the error (not on it) so that the error's serialised form stays as it was.
const notSent = new WeakSet<GatewayError>();

/** True when the request surely never reached the gateway (refused connection, TLS handshake failure). */
export function neverSent(e: GatewayError): boolean {
  return notSent.has(e);
}

function unsent<E extends GatewayError>(e: E): E {
  notSent.add(e);
  return e;
}

/**
 * Maps a failure to get any reply (axios error without a response). Only the error's code and a
 * fixed description are used: the library error itself (which holds request headers) is dropped.
 * A timeout or a reset socket may come after the request was sent, so only connect-time failures are unsent.
 */
export function errorFromTransport(call: GatewayCall, err: unknown, timeoutMs: number): GatewayError {
  const code = (err as { code?: unknown } | null)?.code;
  const c = typeof code === 'string' ? code : undefined;
  if (c === 'ETIMEDOUT' || c === 'ECONNABORTED') {
    return new Transient(`no reply within ${timeoutMs} ms`, { call, code: 'TIMEOUT' });
  }
  if (c !== undefined && TLS_CODES.has(c)) {
    return unsent(
      new TlsVerificationFailed(
        `TLS verification of the gateway failed (${c}); give its CA (caFile/ca), or opt in to insecure`,
        { call, code: 'TLS' }
      )
    );
  }
  const e = new Transient(`cannot reach the gateway (${c ?? 'network error'})`, { call, code: 'NETWORK' });
  return c !== undefined && (CONNECT_CODES.has(c) || c.startsWith('ERR_SSL_')) ? unsent(e) : e;
}
