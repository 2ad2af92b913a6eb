// Dead-master detection: a subscription stream that delivers no bytes for factor × heartbeat
// interval is presumed dead (a half-open TCP connection never reports an error by itself).

export class HeartbeatWatch {
  private timer: NodeJS.Timeout | undefined;
  private windowMs: number;
  private armedWindowMs = 0;
  private stopped = false;

  constructor(
    intervalSeconds: number,
    private readonly factor: number,
    private readonly onSilence: (silentMs: number) => void
  ) {
    this.windowMs = intervalSeconds * factor * 1000;
    this.arm();
  }

  /** Uses the interval the master announced in SUBSCRIBED from now on. */
  setInterval(intervalSeconds: number): void {
    if (!Number.isFinite(intervalSeconds) || intervalSeconds <= 0) return;
    this.windowMs = intervalSeconds * this.factor * 1000;
    this.arm();
  }

  /** Any received bytes prove the connection alive. */
  touch(): void {
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get silenceWindowMs(): number {
    return this.windowMs;
  }

  private arm(): void {
    if (this.stopped) return;
    // refresh() restarts the same timer: no allocation per received chunk.
    if (this.timer && this.armedWindowMs === this.windowMs) {
      this.timer.refresh();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    const windowMs = this.windowMs;
    this.armedWindowMs = windowMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.onSilence(windowMs);
    }, windowMs);
  }
}
