// Deterministic ids: tests need the same ids on every run for the same seed.
// Object ids are 16 hex digits (8 from a seeded PRNG + an 8-digit sequence, which keeps them unique);
// the MDM cluster id is a decimal string, as the real gateway emits it.

export class IdGenerator {
  private state: number;
  private seq = 0;

  constructor(seed: number | string = 1) {
    this.state = typeof seed === 'number' ? seed >>> 0 || 1 : hashString(seed);
  }

  /** 32 random bits (mulberry32). */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  hexId(): string {
    this.seq += 1;
    return hex8(this.next()) + hex8(this.seq);
  }

  decimalId(): string {
    // 19 digits like the real "5302483491453710272", built from two draws.
    const hi = (this.next() % 900000000) + 100000000;
    const lo = this.next() % 10000000000;
    return `${hi}${String(lo).padStart(10, '0')}`;
  }

  /** Fresh token-like opaque string (used for GUIDs in tests). */
  guid(): string {
    const h = hex8(this.next()) + hex8(this.next()) + hex8(this.next()) + hex8(this.next());
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`.toUpperCase();
  }
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0 || 1;
}
