// One gateway endpoint: its own keep-alive transport, its own login token (tokens live in that gateway's
// memory) and its own API version check. On 401 one shared re-login and one retry; a second 401 is
// TokenRefused (retryable: the activity's policy backs off and tries again).
import { type Logger } from '../../common/log';
import { TokenSession } from './auth';
import { errorFromReply } from './error-map';
import { type GatewayCall, Unsupported } from './errors';
import { type ResolvedOptions } from './options';
import { HttpTransport, type RawReply } from './transport';
import { type ApiVersion, parseApiVersion, usesBasicAuth } from './version';

export class Endpoint {
  readonly session: TokenSession;
  private readonly transport: HttpTransport;
  private versionCheck?: Promise<ApiVersion>;

  constructor(
    private readonly opts: ResolvedOptions,
    readonly url: string,
    ca: string | undefined,
    private readonly log?: Logger
  ) {
    this.transport = new HttpTransport(opts, url, ca, log);
    this.session = new TokenSession(this.transport, opts.user, opts.password, log);
  }

  /** This gateway's API version, asked once (and again only after a failed attempt). */
  apiVersion(): Promise<ApiVersion> {
    this.versionCheck ??= this.checkVersion().catch((e: unknown) => {
      this.versionCheck = undefined;
      throw e;
    });
    return this.versionCheck;
  }

  /** An authenticated call after the version check; the reply is 200 or 204, anything else is thrown typed. */
  async call(method: 'GET' | 'POST', path: string, body?: object): Promise<RawReply> {
    await this.apiVersion();
    return this.exchange(method, path, body);
  }

  async close(): Promise<void> {
    await this.session.logout();
    this.transport.close();
  }

  private async checkVersion(): Promise<ApiVersion> {
    const call: GatewayCall = { method: 'GET', path: '/api/version' };
    // The raw text, not the parsed body: "2.5" and 2.5 must both read as 2.5.
    const { text } = await this.exchange('GET', call.path);
    const v = parseApiVersion(text);
    if (!v)
      throw new Unsupported(`unrecognised version reply ${JSON.stringify(text.slice(0, 40))}`, {
        call,
        code: 'UNEXPECTED_REPLY',
      });
    if (!usesBasicAuth(v)) {
      throw new Unsupported(
        `gateway API ${v.text} (PowerFlex 4.x, Bearer/PFMP login) is not supported yet; this client speaks API < 4.0`,
        { call, code: 'API_VERSION' }
      );
    }
    this.log?.info('gateway API version', { version: v.text });
    return v;
  }

  private async exchange(method: 'GET' | 'POST', path: string, body?: object): Promise<RawReply> {
    const token = await this.session.get();
    let reply: RawReply = await this.transport.send(method, path, { user: this.opts.user, secret: token }, body);
    if (reply.status === 401) {
      this.log?.info('token refused; logging in again', { method, path });
      const fresh = await this.session.renew(token);
      reply = await this.transport.send(method, path, { user: this.opts.user, secret: fresh }, body);
    }
    if (reply.status >= 400) throw errorFromReply({ method, path }, reply, false);
    if (reply.status !== 200 && reply.status !== 204) {
      throw new Unsupported(`unexpected HTTP ${reply.status} reply`, {
        call: { method, path },
        httpStatus: reply.status,
      });
    }
    return reply;
  }
}
