// Capped exponential backoff with full jitter: the n-th delay is uniform in [0, min(max, initial·2ⁿ)),
// so many bridges reconnecting after one master failover do not arrive in lockstep.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly opts: BackoffOptions) {
    this.random = opts.random ?? Math.random;
  }

  /** The ceiling of the next delay (before jitter). */
  get ceilingMs(): number {
    // 2^30 already exceeds any sane cap; stop growing the exponent there.
    return Math.min(this.opts.maxMs, this.opts.initialMs * 2 ** Math.min(this.attempt, 30));
  }

  /** Returns the next delay and moves one step up. */
  next(): number {
    const delay = Math.floor(this.random() * this.ceilingMs);
    this.attempt++;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/** A delay that `cancel()` cuts short (resolving false), so close() never waits out a backoff. */
export class CancellableDelay {
  private timer: NodeJS.Timeout | undefined;
  private finish: ((completed: boolean) => void) | undefined;

  wait(ms: number): Promise<boolean> {
    this.cancel();
    return new Promise((resolve) => {
      this.finish = resolve;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.finish = undefined;
        resolve(true);
      }, ms);
    });
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const finish = this.finish;
    this.finish = undefined;
    finish?.(false);
  }
}
