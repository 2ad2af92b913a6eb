// Options of a GatewayClient, checked up front: every bad field is reported at once, by name.
import { ErrorType, type FieldProblem, InputError } from '../../common/errors';
import { type Logger } from '../../common/log';

export interface GatewayClientOptions {
  /** Gateway base URL, e.g. https://gw.example:443 (a trailing /api is removed). */
  url: string;
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
  baseUrl: string;
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

function checkUrl(raw: unknown, problems: FieldProblem[]): { baseUrl: string; https: boolean } {
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push({ field: 'url', problem: 'required, e.g. https://gateway:443' });
    return { baseUrl: '', https: true };
  }
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    problems.push({ field: 'url', problem: `not a URL: ${raw}` });
    return { baseUrl: '', https: true };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    problems.push({ field: 'url', problem: `must be https:// (or http://), got ${u.protocol}` });
  }
  if (u.username || u.password) problems.push({ field: 'url', problem: 'must not carry credentials' });
  if (u.search || u.hash) problems.push({ field: 'url', problem: 'must not carry a query or fragment' });
  // Endpoints are often configured with /api; paths are added by the client.
  const path = u.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return { baseUrl: `${u.protocol}//${u.host}${path}`, https: u.protocol === 'https:' };
}

export function resolveOptions(o: GatewayClientOptions): ResolvedOptions {
  const problems: FieldProblem[] = [];
  const { baseUrl, https } = checkUrl(o.url, problems);
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
    baseUrl,
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
