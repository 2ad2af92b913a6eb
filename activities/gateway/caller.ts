// Authenticated calls over one or more gateway endpoints (one gateway per MDM node). The client sticks to
// the endpoint that last worked; a call that surely was not processed there is repeated on the next one,
// each endpoint at most once per call (see failover.ts). When all fail, the last typed error is thrown.
import { type Logger } from '../../common/log';
import { Endpoint } from './endpoint';
import { type GatewayError, isGatewayError } from './errors';
import { failoverFor } from './failover';
import { type ResolvedOptions } from './options';
import { loadCa } from './tls';
import { type ApiVersion } from './version';

/** What the typed object modules need: JSON in, JSON out, errors already typed. */
export interface Caller {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: object): Promise<T>;
}

/** One endpoint as seen from outside: its base URL, its logins so far, and whether calls go there now. */
export interface EndpointState {
  url: string;
  logins: number;
  current: boolean;
}

export class GatewayCaller implements Caller {
  private readonly endpoints: readonly Endpoint[];
  private current = 0;

  constructor(
    opts: ResolvedOptions,
    private readonly log?: Logger
  ) {
    // Read once: every gateway of the cluster is signed by the same CA.
    const ca = opts.https ? loadCa(opts) : undefined;
    this.endpoints = opts.baseUrls.map((url) => new Endpoint(opts, url, ca, log?.child({ gateway: url })));
  }

  get<T>(path: string): Promise<T> {
    return this.run(async (ep) => (await ep.call('GET', path)).body) as Promise<T>;
  }

  post<T>(path: string, body: object = {}): Promise<T> {
    return this.run(async (ep) => (await ep.call('POST', path, body)).body) as Promise<T>;
  }

  /** The API version of the endpoint calls go to (each endpoint is checked once, before its first call). */
  apiVersion(): Promise<ApiVersion> {
    return this.run((ep) => ep.apiVersion());
  }

  /** Logins on every endpoint together. */
  get logins(): number {
    return this.endpoints.reduce((n, ep) => n + ep.session.logins, 0);
  }

  get currentUrl(): string {
    return this.endpoints[this.current]!.url;
  }

  get states(): EndpointState[] {
    return this.endpoints.map((ep, i) => ({ url: ep.url, logins: ep.session.logins, current: i === this.current }));
  }

  async close(): Promise<void> {
    await Promise.all(this.endpoints.map((ep) => ep.close()));
  }

  private async run<T>(attempt: (ep: Endpoint) => Promise<T>): Promise<T> {
    const n = this.endpoints.length;
    const start = this.current;
    let last: GatewayError | undefined;
    for (let i = 0; i < n; i++) {
      const at = (start + i) % n;
      try {
        const result = await attempt(this.endpoints[at]!);
        this.current = at;
        return result;
      } catch (e) {
        if (!isGatewayError(e)) throw e;
        const next = failoverFor(e);
        if (next === 'stay' || n === 1) throw e;
        this.leave(at, e, next === 'retry' && i < n - 1);
        if (next === 'advance') throw e;
        last = e;
      }
    }
    this.log?.warn('every gateway endpoint failed', { endpoints: n, error: last?.message });
    throw last!;
  }

  /** Moves the next calls off endpoint `at`, unless a concurrent call already did. */
  private leave(at: number, e: GatewayError, replayed: boolean): void {
    if (this.current !== at) return;
    this.current = (at + 1) % this.endpoints.length;
    this.log?.warn('switching gateway endpoint', {
      from: this.endpoints[at]!.url,
      to: this.endpoints[this.current]!.url,
      reason: e.message,
      // A call that may have been processed is left to the activity's retry, never replayed here.
      replayed,
    });
  }
}
