// Offer hold times: a ring of recent samples (median) plus the maximum since start.

export class HoldStats {
  private readonly ring: number[] = [];
  private next = 0;
  private maxMs = 0;

  constructor(private readonly capacity = 2048) {}

  add(ms: number): void {
    if (this.ring.length < this.capacity) this.ring.push(ms);
    else this.ring[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  summary(): { median: number; max: number; samples: number } {
    if (this.ring.length === 0) return { median: 0, max: 0, samples: 0 };
    const sorted = [...this.ring].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    return { median, max: this.maxMs, samples: this.ring.length };
  }
}
