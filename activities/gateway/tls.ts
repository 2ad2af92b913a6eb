// Per-client HTTPS agent. Verification is on by default; a CA (file or PEM) replaces the default trust
// store for this client only; "insecure" is an explicit per-client opt-in, never the process-wide
// NODE_TLS_REJECT_UNAUTHORIZED switch.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { ErrorType, InputError } from '../../common/errors';

export interface TlsOptions {
  /** Path of a PEM bundle that signs the gateway certificate. */
  caFile?: string;
  /** The PEM itself. */
  ca?: string;
  /** Skip certificate verification (self-signed gateway, no CA at hand). */
  insecure?: boolean;
}

/** Reads caFile when given; a missing or non-PEM file is a config error naming the field. */
export function loadCa(opts: TlsOptions): string | undefined {
  if (opts.caFile === undefined) return opts.ca;
  let pem: string;
  try {
    pem = readFileSync(opts.caFile, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputError(ErrorType.InvalidConfig, 'gateway client options', [
      { field: 'caFile', problem: `cannot read ${opts.caFile} (${reason})` },
    ]);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InputError(ErrorType.InvalidConfig, 'gateway client options', [
      { field: 'caFile', problem: `${opts.caFile} holds no PEM certificate` },
    ]);
  }
  return pem;
}

export function createHttpsAgent(ca: string | undefined, insecure: boolean): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 8,
    ...(insecure ? { rejectUnauthorized: false } : { rejectUnauthorized: true }),
    ...(ca !== undefined && !insecure ? { ca } : {}),
  });
}
