// Typed gateway errors. Each says whether a retry can help, and carries what the gateway said and which
// call failed (method + path only). They never hold a library error, request config, headers, the
// password or the token: a thrown GatewayError is safe to log, serialise or put into workflow history.
import { redactText } from '../../common/log';

/** The call that failed: method and path, never headers or body. */
export interface GatewayCall {
  method: string;
  path: string;
}

export interface GatewayErrorInit {
  call: GatewayCall;
  httpStatus?: number;
  errorCode?: number;
  /** The gateway's own message text. */
  gatewayMessage?: string;
  /** Short machine code: TIMEOUT, NETWORK, TLS, an MDM code name (e.g. TGT_ALREADY_IN_MM)... */
  code?: string;
}

export abstract class GatewayError extends Error {
  abstract readonly retryable: boolean;
  readonly call: GatewayCall;
  readonly httpStatus?: number;
  readonly errorCode?: number;
  readonly gatewayMessage?: string;
  readonly code?: string;

  constructor(summary: string, init: GatewayErrorInit) {
    super(redactText(`${init.call.method} ${init.call.path}: ${summary}${statusSuffix(init)}`));
    this.name = new.target.name;
    this.call = { method: init.call.method, path: init.call.path };
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.errorCode !== undefined) this.errorCode = init.errorCode;
    if (init.gatewayMessage !== undefined) this.gatewayMessage = redactText(init.gatewayMessage);
    if (init.code !== undefined) this.code = init.code;
  }

  /** Plain data for logs and ApplicationFailure details. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      retryable: this.retryable,
      call: this.call,
      httpStatus: this.httpStatus,
      errorCode: this.errorCode,
      gatewayMessage: this.gatewayMessage,
      code: this.code,
    };
  }
}

function statusSuffix(init: GatewayErrorInit): string {
  const parts: string[] = [];
  if (init.httpStatus !== undefined) parts.push(`HTTP ${init.httpStatus}`);
  if (init.errorCode !== undefined && init.errorCode !== 0) parts.push(`errorCode ${init.errorCode}`);
  if (init.code !== undefined) parts.push(init.code);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The object (name, IP, device path, mapping) already exists. */
export class AlreadyExists extends GatewayError {
  readonly retryable = false;
}

/** The object, or the API path, does not exist. */
export class NotFound extends GatewayError {
  readonly retryable = false;
}

/** Login refused: wrong user or password. Never retried. */
export class InvalidCredentials extends GatewayError {
  readonly retryable = false;
}

/** The user may not do this (403). */
export class Unauthorized extends GatewayError {
  readonly retryable = false;
}

/** A freshly issued token was refused too (401 after re-login): sessions ended as fast as they were made
 * (a gateway restart, a token flush). The login worked, so a later attempt will likely pass. */
export class TokenRefused extends GatewayError {
  readonly retryable = true;
}

/** The gateway rejected the request's parameters (HTTP 400). */
export class BadRequest extends GatewayError {
  readonly retryable = false;
}

/** Gateway 5xx without a known MDM refusal, network failure or timeout (code TIMEOUT / NETWORK). */
export class Transient extends GatewayError {
  readonly retryable = true;
}

/** The gateway speaks an API this client does not support (e.g. PowerFlex 4.x, or an unparsable reply). */
export class Unsupported extends GatewayError {
  readonly retryable = false;
}

/** TLS verification of the gateway failed (untrusted, expired or wrong-host certificate). */
export class TlsVerificationFailed extends GatewayError {
  readonly retryable = false;
}

/**
 * The MDM refused the request in the cluster's current state (e.g. "already in maintenance mode",
 * "Protection Domain has SDSs"). Retryable only when the refusal says to wait (removal or rebuild in progress).
 */
export class Refused extends GatewayError {
  constructor(
    summary: string,
    init: GatewayErrorInit,
    readonly retryable: boolean
  ) {
    super(summary, init);
  }
}

/** One attribute where an existing object differs from what was asked for. */
export interface Difference {
  field: string;
  existing: unknown;
  wanted: unknown;
}

/** An object with that identity exists but differs from the request; no retry can fix it. */
export class Conflict extends GatewayError {
  readonly retryable = false;
  readonly differences: readonly Difference[];

  /** `summary` replaces the default "<what> exists but differs: <field> is X, wanted Y; ...". */
  constructor(what: string, differences: readonly Difference[], call: GatewayCall, summary?: string) {
    const list = differences.map((d) => `${d.field} is ${show(d.existing)}, wanted ${show(d.wanted)}`).join('; ');
    super(summary ?? `${what} exists but differs: ${list}`, { call, code: 'CONFLICT' });
    this.differences = differences.map((d) => ({ ...d }));
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), differences: this.differences };
  }
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}

/** Every GatewayError class name, e.g. for a retry policy's nonRetryableErrorTypes (pick by retryable). */
export const GATEWAY_ERROR_TYPES = [
  'AlreadyExists',
  'NotFound',
  'InvalidCredentials',
  'Unauthorized',
  'TokenRefused',
  'BadRequest',
  'Transient',
  'Unsupported',
  'TlsVerificationFailed',
  'Refused',
  'Conflict',
] as const;
