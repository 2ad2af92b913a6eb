// Gateway-level faults a test or the control API switches on: 5xx answers, hanging calls, dead tokens.
import { type TokenStore } from './tokens';

export interface FaultDecision {
  delayMs: number;
  failStatus?: number;
}

export class GatewayFaults {
  private failCount = 0;
  private failCountStatus = 500;
  private failUntil = 0;
  private failUntilStatus = 500;
  private delayUntil = 0;
  private delayMs = 0;

  constructor(
    private readonly now: () => number,
    private readonly tokens: TokenStore
  ) {}

  /** The next n requests get this HTTP status. */
  failNext(n: number, status = 500): void {
    checkStatus(status);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`failNext(n): n must be an integer >= 0, got ${n}`);
    this.failCount = n;
    this.failCountStatus = status;
  }

  /** Every request for the next ms gets this HTTP status. */
  failFor(ms: number, status = 503): void {
    checkStatus(status);
    this.failUntil = this.now() + ms;
    this.failUntilStatus = status;
  }

  /** Requests arriving in the next ms wait delayMs before being answered (client timeouts). */
  delayFor(ms: number, delayMs: number): void {
    if (!(delayMs >= 0)) throw new RangeError(`delayFor: delayMs must be >= 0, got ${delayMs}`);
    this.delayUntil = this.now() + ms;
    this.delayMs = delayMs;
  }

  /** Every issued token dies at once (as after a gateway restart). */
  expireTokens(): void {
    this.tokens.revokeAll();
  }

  clear(): void {
    this.failCount = 0;
    this.failUntil = 0;
    this.delayUntil = 0;
  }

  /** Decides the fate of one incoming request (consumes a failNext credit). */
  decide(): FaultDecision {
    const t = this.now();
    const delayMs = t < this.delayUntil ? this.delayMs : 0;
    if (this.failCount > 0) {
      this.failCount -= 1;
      return { delayMs, failStatus: this.failCountStatus };
    }
    if (t < this.failUntil) return { delayMs, failStatus: this.failUntilStatus };
    return { delayMs };
  }
}

function checkStatus(status: number): void {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`status must be an HTTP error status 400-599, got ${status}`);
  }
}
