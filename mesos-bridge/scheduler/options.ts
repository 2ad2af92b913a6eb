// Options of SchedulerClient: validated once, defaults filled in, FrameworkInfo built from them.
import type { FrameworkCapabilityType, FrameworkInfo, TaskStatus } from '../../proto/types';
import { type WireFormat, JSON_FORMAT, PROTOBUF_FORMAT } from '../../proto/codec';
import type { Logger } from '../../common/log';
import type { FrameworkIdStore } from '../state/framework-store';
import { SchedulerInputError } from './errors';

export type SchedulerFormat = 'protobuf' | 'json';

export interface SchedulerCredentials {
  principal: string;
  secret: string;
}

export interface SchedulerTlsOptions {
  /** PEM CA bundle trusted for https masters (in addition to Node's defaults unless replaced). */
  ca?: string | Buffer | (string | Buffer)[];
  /** Default true; false is for throwaway test setups only. */
  rejectUnauthorized?: boolean;
}

export interface FrameworkOptions {
  name: string;
  user: string;
  /** Roles to subscribe with (MULTI_ROLE). */
  roles: string[];
  /** Defaults to the credentials' principal. */
  principal?: string;
  /** Default: MULTI_ROLE, PARTITION_AWARE, TASK_KILLING_STATE. */
  capabilities?: FrameworkCapabilityType[];
  /** Seconds the master keeps tasks while we are away; default one week. */
  failoverTimeoutSeconds?: number;
  /** Default true, so tasks survive agent restarts. */
  checkpoint?: boolean;
  hostname?: string;
  webuiUrl?: string;
  labels?: Record<string, string>;
}

/**
 * What to do with an UPDATE that carries a uuid: `true` acknowledges right after the `update`
 * event, `false` leaves it to the owner (acknowledgeUpdate), a function is awaited first (the
 * owner records the update durably) and the ack is sent only if it resolves.
 */
export type AutoAcknowledge = boolean | ((status: TaskStatus) => Promise<void> | void);

export interface SchedulerClientOptions {
  /** Master base URLs (http:// or https://), tried in order; non-leaders redirect to the leader. */
  masters: string[];
  /** Wire format of calls and of the event stream; default protobuf. */
  format?: SchedulerFormat;
  frameworkInfo: FrameworkOptions;
  frameworkIdStore: FrameworkIdStore;
  /** HTTP Basic credentials, sent on every request (SUBSCRIBE included). */
  credentials?: SchedulerCredentials;
  tls?: SchedulerTlsOptions;
  /** The stream is dead after factor × heartbeat interval without a byte; default 5. */
  heartbeatMissFactor?: number;
  /** Re-subscribe backoff; default 500 ms doubling to 15 s, full jitter. */
  reconnectBackoff?: { initialMs?: number; maxMs?: number };
  /** Per-call timeout (and time allowed for SUBSCRIBE response headers); default 10 s. */
  callTimeoutMs?: number;
  /** 307 redirects followed per attempt; default 2. */
  maxRedirects?: number;
  /** Extra attempts of a call answered 503 (or not answered), with backoff; default 2. */
  callRetries?: number;
  /** Roles to subscribe as suppressed (no offers until revive). */
  suppressedRoles?: string[];
  autoAcknowledge?: AutoAcknowledge;
  logger?: Logger;
  /** Randomness for the backoff jitter (tests). */
  random?: () => number;
}

export interface ResolvedSchedulerOptions {
  masters: URL[];
  format: WireFormat;
  frameworkInfo: FrameworkInfo;
  frameworkIdStore: FrameworkIdStore;
  credentials: SchedulerCredentials | undefined;
  tls: SchedulerTlsOptions;
  heartbeatMissFactor: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  callTimeoutMs: number;
  maxRedirects: number;
  callRetries: number;
  suppressedRoles: string[];
  autoAcknowledge: AutoAcknowledge;
  logger: Logger | undefined;
  random: () => number;
}

export const DEFAULT_CAPABILITIES: readonly FrameworkCapabilityType[] = [
  'MULTI_ROLE',
  'PARTITION_AWARE',
  'TASK_KILLING_STATE',
];
export const ONE_WEEK_SECONDS = 7 * 24 * 3600;

function bad(field: string, problem: string): never {
  throw new SchedulerInputError(`options.${field}`, problem);
}

function nonEmptyString(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') bad(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function positiveNumber(field: string, v: unknown, dflt: number, integer = false): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    bad(field, `must be a positive ${integer ? 'integer' : 'number'}, got ${String(v)}`);
  }
  return v;
}

function nonNegativeInteger(field: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(field, `must be an integer >= 0, got ${String(v)}`);
  return v;
}

function masterUrl(field: string, raw: unknown): URL {
  const text = nonEmptyString(field, raw);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(field, `is not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    bad(field, `must be http:// or https://, got ${url.protocol}`);
  // Credentials in a URL would end up in logs and error messages.
  if (url.username || url.password) bad(field, 'must not contain credentials; use options.credentials');
  return url;
}

function stringList(field: string, v: unknown): string[] {
  if (!Array.isArray(v)) bad(field, 'must be an array of strings');
  return v.map((item, i) => nonEmptyString(`${field}[${i}]`, item));
}

export function buildFrameworkInfo(f: FrameworkOptions, credentials: SchedulerCredentials | undefined): FrameworkInfo {
  if (typeof f !== 'object' || f === null) bad('frameworkInfo', 'is required');
  const capabilities = f.capabilities ?? [...DEFAULT_CAPABILITIES];
  const roles = stringList('frameworkInfo.roles', f.roles);
  if (roles.length > 0 && !capabilities.includes('MULTI_ROLE'))
    bad('frameworkInfo.capabilities', 'must include MULTI_ROLE when roles are given');
  const principal = f.principal ?? credentials?.principal;
  if (f.principal !== undefined && credentials && f.principal !== credentials.principal)
    bad('frameworkInfo.principal', `differs from credentials.principal; the master would refuse it`);
  const failover = f.failoverTimeoutSeconds ?? ONE_WEEK_SECONDS;
  if (!Number.isFinite(failover) || failover < 0)
    bad('frameworkInfo.failoverTimeoutSeconds', `must be a number >= 0, got ${failover}`);
  const info: FrameworkInfo = {
    user: nonEmptyString('frameworkInfo.user', f.user),
    name: nonEmptyString('frameworkInfo.name', f.name),
    roles,
    capabilities: capabilities.map((type) => ({ type })),
    failover_timeout: failover,
    checkpoint: f.checkpoint ?? true,
  };
  if (principal !== undefined) info.principal = nonEmptyString('frameworkInfo.principal', principal);
  if (f.hostname !== undefined) info.hostname = nonEmptyString('frameworkInfo.hostname', f.hostname);
  if (f.webuiUrl !== undefined) info.webui_url = nonEmptyString('frameworkInfo.webuiUrl', f.webuiUrl);
  if (f.labels) info.labels = { labels: Object.entries(f.labels).map(([key, value]) => ({ key, value })) };
  return info;
}

export function resolveSchedulerOptions(o: SchedulerClientOptions): ResolvedSchedulerOptions {
  if (typeof o !== 'object' || o === null) bad('', 'options are required');
  if (!Array.isArray(o.masters) || o.masters.length === 0) bad('masters', 'must list at least one master URL');
  const masters = o.masters.map((m, i) => masterUrl(`masters[${i}]`, m));
  const format = o.format ?? 'protobuf';
  if (format !== 'protobuf' && format !== 'json') bad('format', `must be 'protobuf' or 'json', got ${String(format)}`);
  if (o.credentials !== undefined) {
    nonEmptyString('credentials.principal', o.credentials.principal);
    if (typeof o.credentials.secret !== 'string') bad('credentials.secret', 'must be a string');
    if (o.credentials.principal.includes(':')) bad('credentials.principal', 'must not contain ":" (HTTP Basic)');
  }
  if (!o.frameworkIdStore) bad('frameworkIdStore', 'is required');
  const backoffInitialMs = positiveNumber('reconnectBackoff.initialMs', o.reconnectBackoff?.initialMs, 500);
  const backoffMaxMs = positiveNumber('reconnectBackoff.maxMs', o.reconnectBackoff?.maxMs, 15_000);
  if (backoffMaxMs < backoffInitialMs) bad('reconnectBackoff.maxMs', 'must be >= reconnectBackoff.initialMs');
  const ack = o.autoAcknowledge ?? true;
  if (typeof ack !== 'boolean' && typeof ack !== 'function') bad('autoAcknowledge', 'must be a boolean or a function');
  return {
    masters,
    format: format === 'json' ? JSON_FORMAT : PROTOBUF_FORMAT,
    frameworkInfo: buildFrameworkInfo(o.frameworkInfo, o.credentials),
    frameworkIdStore: o.frameworkIdStore,
    credentials: o.credentials,
    tls: o.tls ?? {},
    heartbeatMissFactor: positiveNumber('heartbeatMissFactor', o.heartbeatMissFactor, 5),
    backoffInitialMs,
    backoffMaxMs,
    callTimeoutMs: positiveNumber('callTimeoutMs', o.callTimeoutMs, 10_000, true),
    maxRedirects: nonNegativeInteger('maxRedirects', o.maxRedirects, 2),
    callRetries: nonNegativeInteger('callRetries', o.callRetries, 2),
    suppressedRoles: o.suppressedRoles === undefined ? [] : stringList('suppressedRoles', o.suppressedRoles),
    autoAcknowledge: ack,
    logger: o.logger,
    random: o.random ?? Math.random,
  };
}
