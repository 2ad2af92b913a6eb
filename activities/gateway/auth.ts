// The login token of one client. Login is GET /api/login with Basic user:password; the reply is the token
// in JSON quotes. Logins are serialised: concurrent callers that need a token (first use, or after a 401
// with the same stale token) share one login instead of each starting their own.
import { type Logger, registerSecret } from '../../common/log';
import { errorFromReply } from './error-map';
import { Unsupported } from './errors';
import { type HttpTransport } from './transport';

const LOGIN = { method: 'GET', path: '/api/login' } as const;

export class TokenSession {
  private token?: string;
  private pending?: Promise<string>;
  private count = 0;

  constructor(
    private readonly transport: HttpTransport,
    private readonly user: string,
    private readonly password: string,
    private readonly log?: Logger
  ) {
    registerSecret(password);
  }

  /** Logins performed so far (first login and every re-login). */
  get logins(): number {
    return this.count;
  }

  /** The current token, logging in (shared) when there is none. */
  get(): Promise<string> {
    return this.token !== undefined ? Promise.resolve(this.token) : this.login();
  }

  /**
   * A 401 came back for `stale`: returns a fresh token. If another caller already replaced that
   * token, its token is reused; otherwise one login is started and shared.
   */
  renew(stale: string): Promise<string> {
    if (this.token !== undefined && this.token !== stale) return Promise.resolve(this.token);
    if (this.token === stale) this.token = undefined;
    return this.login();
  }

  /** Ends the session on the gateway (best effort; the token dies anyway after 10 idle minutes). */
  async logout(): Promise<void> {
    const token = this.token;
    this.token = undefined;
    if (token === undefined) return;
    try {
      await this.transport.send('GET', '/api/logout', { user: this.user, secret: token });
    } catch {
      // Nothing to do: an unreachable gateway has no session to end that matters.
    }
  }

  private login(): Promise<string> {
    this.pending ??= this.doLogin().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async doLogin(): Promise<string> {
    const reply = await this.transport.send(LOGIN.method, LOGIN.path, { user: this.user, secret: this.password });
    // A 401 at login means bad credentials: reported at once, never retried.
    if (reply.status !== 200) throw errorFromReply({ ...LOGIN }, reply, true);
    const token = reply.text
      .trim()
      .replace(/^"+|"+$/g, '')
      .trim();
    if (token === '') throw new Unsupported('the login reply held no token', { call: { ...LOGIN }, code: 'NO_TOKEN' });
    registerSecret(token);
    this.token = token;
    this.count += 1;
    this.log?.info('logged in to the gateway', { user: this.user, logins: this.count });
    return token;
  }
}
