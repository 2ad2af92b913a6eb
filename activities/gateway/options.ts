// Options of a GatewayClient, checked up front: every bad field is reported at once, by name.
import { ErrorType, type FieldProblem, InputError } from '../../common/errors';
import { type Logger } from '../../common/log';
import { checkUrls } from '../../common/gateway-urls';

export interface GatewayClientOptions {
  /**
   * Gateway base URL, e.g. https://gw.example:443 (a trailing /api is removed), or several comma-separated
   * (one gateway per MDM node): the client sticks to the one that last worked and fails over to the next.
   */
  url?: string;
  /** The same list as an array; give url or urls, not both. */
  urls?: readonly string[];
  /** MDM user, e.g. admin. */
  user: string;
  /** The password itself, read by the caller from its file; never logged. */
  password: string;
  /** PEM bundle file that signs the gateway certificate. */
  caFile?: string;
  /** PEM text (alternative to caFile). */
  ca?: string;
  /** Skip TLS verification; explicit opt-in. */
  insecure?: boolean;
  /** Per-call timeout (default 30000). */
  timeoutMs?: number;
  /** When set, sent as `application/json;version=<v>` in Accept/Content-Type (goscaleio does this). */
  apiVersion?: string;
  logger?: Logger;
}

export interface ResolvedOptions {
  /** At least one, distinct, all of one scheme. */
  baseUrls: string[];
  https: boolean;
  user: string;
  password: string;
  caFile?: string;
  ca?: string;
  insecure: boolean;
  timeoutMs: number;
  apiVersion?: string;
  logger?: Logger;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function resolveOptions(o: GatewayClientOptions): ResolvedOptions {
  const problems: FieldProblem[] = [];
  const { baseUrls, https } = checkUrls(o.url, o.urls, problems);
  if (typeof o.user !== 'string' || o.user.trim() === '') problems.push({ field: 'user', problem: 'required' });
  else if (o.user.includes(':')) problems.push({ field: 'user', problem: 'must not contain ":" (HTTP Basic)' });
  if (typeof o.password !== 'string' || o.password === '') {
    problems.push({ field: 'password', problem: 'required (read it from the password file)' });
  }
  if (o.caFile !== undefined && o.ca !== undefined) {
    problems.push({ field: 'caFile', problem: 'give caFile or ca, not both' });
  }
  if (o.insecure !== undefined && typeof o.insecure !== 'boolean') {
    problems.push({ field: 'insecure', problem: 'must be true or false' });
  }
  if (o.insecure === true && (o.caFile !== undefined || o.ca !== undefined)) {
    problems.push({
      field: 'insecure',
      problem: 'contradicts caFile/ca: verify with the CA, or opt out of verification',
    });
  }
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    problems.push({ field: 'timeoutMs', problem: `must be a positive integer of ms, got ${String(o.timeoutMs)}` });
  }
  if (o.apiVersion !== undefined && !/^\d+\.\d+$/.test(o.apiVersion)) {
    problems.push({ field: 'apiVersion', problem: `must look like 2.0, got ${o.apiVersion}` });
  }
  if (problems.length) throw new InputError(ErrorType.InvalidConfig, 'gateway client options', problems);
  return {
    baseUrls,
    https,
    user: o.user,
    password: o.password,
    caFile: o.caFile,
    ca: o.ca,
    insecure: o.insecure ?? false,
    timeoutMs,
    apiVersion: o.apiVersion,
    logger: o.logger,
  };
}
