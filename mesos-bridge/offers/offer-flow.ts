// SUPPRESS / REVIVE: offers flow only while a request waits. Calls go out one at a time, in
// order, and a burst of requests costs one REVIVE. A REVIVE makes the master offer us again every
// agent we filtered, so the next one waits a gap that grows with that cost (Marathon paces its
// REVIVEs the same way); requests that arrive meanwhile share it, and an urgent one does not wait.
import type { OfferCalls } from './types';

type FlowState = 'wanted' | 'suppressed' | 'unknown';

export interface OfferFlowHooks {
  isIdle(): boolean;
  /** REVIVE cleared every decline filter set before `sentAt`; declines answered after it may still stand. */
  revived(sentAt: number): void;
  counted(call: 'SUPPRESS' | 'REVIVE', error: Error | undefined): void;
  /** How long after a REVIVE the next one that is not urgent waits (ms). */
  reviveGapMs(): number;
}

export class OfferFlow {
  private state: FlowState = 'unknown';
  private chain: Promise<void> = Promise.resolve();
  private reviveQueued = false;
  /** SUPPRESS calls queued or in flight: until they are answered, `state` still says what was true before. */
  private suppressesPending = 0;
  private suppressTimer: NodeJS.Timeout | undefined;
  /** A REVIVE waiting out its gap after the last one. */
  private pacedTimer: NodeJS.Timeout | undefined;
  private lastReviveAt = -Infinity;
  private closed = false;

  constructor(
    private readonly calls: OfferCalls,
    private readonly suppressDelayMs: number,
    private readonly hooks: OfferFlowHooks
  ) {}

  get suppressed(): boolean {
    return this.state === 'suppressed';
  }

  /**
   * A request arrived; `filtered` when its host may sit behind one of our decline filters, `urgent` when others
   * wait on it (its REVIVE goes out without waiting for the gap).
   */
  want(filtered: boolean, urgent = false): void {
    this.clearTimer();
    // A request that arrives while a SUPPRESS is on its way must revive after it, or offers stop for good.
    if (this.state !== 'wanted' || filtered || this.suppressesPending > 0) this.queueRevive(urgent);
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
    if (pending) this.queueRevive(true);
    else this.discover(discoveryWindowMs);
  }

  /**
   * Agent discovery while idle: new agents reveal themselves only through offers, so REVIVE (which also clears
   * our decline filters), let the offers of one allocation window arrive and be declined, then SUPPRESS again.
   */
  discover(windowMs: number): void {
    if (this.closed || this.state === 'wanted') return;
    this.clearTimer();
    this.queueRevive(true);
    this.suppressTimer = setTimeout(() => {
      this.suppressTimer = undefined;
      if (this.hooks.isIdle()) this.queueSuppress();
    }, windowMs);
    this.suppressTimer.unref();
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
    clearTimeout(this.pacedTimer);
    this.pacedTimer = undefined;
  }

  /** Whether a REVIVE waits out its gap. */
  get revivePaced(): boolean {
    return this.pacedTimer !== undefined;
  }

  /** Resolves when every queued call has been answered (a REVIVE still waiting out its gap is not queued yet). */
  settled(): Promise<void> {
    return this.chain;
  }

  private clearTimer(): void {
    clearTimeout(this.suppressTimer);
    this.suppressTimer = undefined;
  }

  /** Queues a REVIVE now, or once the gap after the last one has passed (unless `urgent`). */
  private queueRevive(urgent = false): void {
    if (this.reviveQueued || this.closed) return;
    const wait = urgent ? 0 : this.lastReviveAt + this.hooks.reviveGapMs() - Date.now();
    if (wait > 0) {
      this.pacedTimer ??= setTimeout(() => {
        this.pacedTimer = undefined;
        // Every request it was for may have found its offer meanwhile.
        if (!this.hooks.isIdle()) this.sendRevive();
      }, wait);
      this.pacedTimer.unref();
      return;
    }
    clearTimeout(this.pacedTimer);
    this.pacedTimer = undefined;
    this.sendRevive();
  }

  private sendRevive(): void {
    if (this.reviveQueued || this.closed) return;
    this.reviveQueued = true;
    this.chain = this.chain.then(async () => {
      this.reviveQueued = false;
      if (this.closed) return;
      try {
        const sentAt = Date.now();
        this.lastReviveAt = sentAt;
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
