// SUPPRESS / REVIVE: offers flow only while a request waits. Calls go out one at a time, in
// order, and a burst of requests costs one REVIVE.
import type { OfferCalls } from './types';

type FlowState = 'wanted' | 'suppressed' | 'unknown';

export interface OfferFlowHooks {
  isIdle(): boolean;
  /** REVIVE cleared every decline filter set before `sentAt`; declines answered after it may still stand. */
  revived(sentAt: number): void;
  counted(call: 'SUPPRESS' | 'REVIVE', error: Error | undefined): void;
}

export class OfferFlow {
  private state: FlowState = 'unknown';
  private chain: Promise<void> = Promise.resolve();
  private reviveQueued = false;
  /** SUPPRESS calls queued or in flight: until they are answered, `state` still says what was true before. */
  private suppressesPending = 0;
  private suppressTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly calls: OfferCalls,
    private readonly suppressDelayMs: number,
    private readonly hooks: OfferFlowHooks
  ) {}

  get suppressed(): boolean {
    return this.state === 'suppressed';
  }

  /** A request arrived; `filtered` when its host may sit behind one of our decline filters. */
  want(filtered: boolean): void {
    this.clearTimer();
    // A request that arrives while a SUPPRESS is on its way must revive after it, or offers stop for good.
    if (this.state !== 'wanted' || filtered || this.suppressesPending > 0) this.queueRevive();
  }

  /** The last request left: suppress after a short delay unless one arrives meanwhile. */
  idle(): void {
    if (this.closed || this.suppressTimer || this.state === 'suppressed') return;
    this.suppressTimer = setTimeout(() => {
      this.suppressTimer = undefined;
      if (this.hooks.isIdle()) this.queueSuppress();
    }, this.suppressDelayMs);
    this.suppressTimer.unref();
  }

  /**
   * After (re)subscribing the master's view is unknown: say again what we want. With nothing pending the
   * offers still flow for a discovery window, so agents that joined while we were away are seen.
   */
  resync(pending: boolean, discoveryWindowMs: number): void {
    this.state = 'unknown';
    this.clearTimer();
    if (pending) this.queueRevive();
    else this.discover(discoveryWindowMs);
  }

  /**
   * Agent discovery while idle: new agents reveal themselves only through offers, so REVIVE (which also clears
   * our decline filters), let the offers of one allocation window arrive and be declined, then SUPPRESS again.
   */
  discover(windowMs: number): void {
    if (this.closed || this.state === 'wanted') return;
    this.clearTimer();
    this.queueRevive();
    this.suppressTimer = setTimeout(() => {
      this.suppressTimer = undefined;
      if (this.hooks.isIdle()) this.queueSuppress();
    }, windowMs);
    this.suppressTimer.unref();
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
  }

  /** Resolves when every queued call has been answered. */
  settled(): Promise<void> {
    return this.chain;
  }

  private clearTimer(): void {
    clearTimeout(this.suppressTimer);
    this.suppressTimer = undefined;
  }

  private queueRevive(): void {
    if (this.reviveQueued || this.closed) return;
    this.reviveQueued = true;
    this.chain = this.chain.then(async () => {
      this.reviveQueued = false;
      if (this.closed) return;
      try {
        const sentAt = Date.now();
        await this.calls.revive();
        this.state = 'wanted';
        this.hooks.revived(sentAt);
        this.hooks.counted('REVIVE', undefined);
      } catch (err) {
        this.state = 'unknown';
        this.hooks.counted('REVIVE', err as Error);
      }
    });
  }

  private queueSuppress(): void {
    if (this.closed) return;
    this.suppressesPending++;
    this.chain = this.chain.then(async () => {
      try {
        if (this.closed || !this.hooks.isIdle() || this.state === 'suppressed') return;
        await this.calls.suppress();
        this.state = 'suppressed';
        this.hooks.counted('SUPPRESS', undefined);
      } catch (err) {
        this.state = 'unknown';
        this.hooks.counted('SUPPRESS', err as Error);
      } finally {
        this.suppressesPending--;
      }
    });
  }
}
