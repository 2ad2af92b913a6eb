// One HTTP exchange with one gateway endpoint: Basic auth built here (no axios `auth`, so no credential ever sits
// in a config object we keep), raw text in, JSON parsed by us (the token and version may or may not be
// quoted), every status returned to the caller. Failures without a reply become typed errors at once,
// and the axios error (which holds the request headers) is dropped.
import { Agent as HttpAgent } from 'node:http';
import { type Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { type Logger, registerSecret } from '../../common/log';
import { errorFromTransport } from './error-map';
import { type ResolvedOptions } from './options';
import { createHttpsAgent } from './tls';

export interface RawReply {
  status: number;
  statusText: string;
  /** Parsed JSON, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  text: string;
}

export interface Credentials {
  user: string;
  /** The password for login, the token afterwards. */
  secret: string;
}

function parse(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class HttpTransport {
  private readonly http: AxiosInstance;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly mediaType: string;

  /** `ca` is the PEM already read from opts (read once for every endpoint). */
  constructor(
    private readonly opts: ResolvedOptions,
    readonly baseUrl: string,
    ca: string | undefined,
    private readonly log?: Logger
  ) {
    this.agent = opts.https ? createHttpsAgent(ca, opts.insecure) : new HttpAgent({ keepAlive: true });
    this.mediaType = opts.apiVersion ? `application/json;version=${opts.apiVersion}` : 'application/json';
    this.http = axios.create({
      baseURL: baseUrl,
      timeout: opts.timeoutMs,
      httpAgent: opts.https ? undefined : this.agent,
      httpsAgent: opts.https ? this.agent : undefined,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      // A redirect would resend our Authorization header to wherever it points.
      maxRedirects: 0,
      transitional: { clarifyTimeoutError: true },
    });
  }

  async send(method: 'GET' | 'POST', path: string, creds: Credentials, body?: object): Promise<RawReply> {
    const basic = Buffer.from(`${creds.user}:${creds.secret}`).toString('base64');
    registerSecret(basic);
    const headers: Record<string, string> = { Accept: this.mediaType, Authorization: `Basic ${basic}` };
    if (body !== undefined) headers['Content-Type'] = this.mediaType;
    const started = performance.now();
    try {
      const r = await this.http.request<string>({
        method,
        url: path,
        headers,
        data: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = typeof r.data === 'string' ? r.data : '';
      this.log?.debug('gateway call', { method, path, status: r.status, ms: Math.round(performance.now() - started) });
      return { status: r.status, statusText: r.statusText, body: parse(text), text };
    } catch (e) {
      const err = errorFromTransport({ method, path }, e, this.opts.timeoutMs);
      this.log?.warn('gateway call failed', { method, path, error: err.message, code: err.code });
      throw err;
    }
  }

  /** Closes idle keep-alive sockets so the process can exit. */
  close(): void {
    this.agent.destroy();
  }
}
