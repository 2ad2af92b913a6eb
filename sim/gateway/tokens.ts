// Login tokens live in gateway memory, as on the real gateway: a restart or revokeAll() kills them.
// A token dies after idleMs without use or absoluteMs after issue, whichever comes first, and when the MDM
// master changes (the session is bound to the gateway's MDM connection): `epoch` counts master changes.
import { randomBytes } from 'node:crypto';

interface TokenInfo {
  user: string;
  issuedAt: number;
  lastUsed: number;
  epoch: number;
}

export class TokenStore {
  private readonly tokens = new Map<string, TokenInfo>();

  constructor(
    public idleMs: number,
    public absoluteMs: number,
    private readonly now: () => number,
    private readonly epoch: () => number = () => 0
  ) {}

  issue(user: string): string {
    const t = this.now();
    const token = Buffer.from(`${user}:${t}:${randomBytes(18).toString('hex')}`).toString('base64');
    this.tokens.set(token, { user, issuedAt: t, lastUsed: t, epoch: this.epoch() });
    return token;
  }

  /** True when the token is alive; using it resets its idle timer. */
  use(token: string): boolean {
    const info = this.tokens.get(token);
    if (!info) return false;
    const t = this.now();
    if (t - info.lastUsed > this.idleMs || t - info.issuedAt > this.absoluteMs || info.epoch !== this.epoch()) {
      this.tokens.delete(token);
      return false;
    }
    info.lastUsed = t;
    return true;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  revokeAll(): void {
    this.tokens.clear();
  }

  get size(): number {
    return this.tokens.size;
  }
}
