// The offer book: launch requests wait here for an offer from their host. Each OFFERS event is
// answered at once: offers a request fits in are accepted (requests for one host are packed into
// one ACCEPT), every other offer is declined (one DECLINE call per refuse filter). No offer is ever
// held. A host we launched on lately is warm: its declines get a short filter, so the next step of a
// procedure there finds an offer soon without a REVIVE, which would make the master offer every agent.
// For the same reason REVIVEs are paced: after one, the next waits (filtered hosts / reviveOffersPerSecond),
// unless a request others wait on (urgent: a step in the cluster's reboot turn) needs it.
import type { Offer, OfferOperation } from '../../proto/types';
import type { Logger } from '../../common/log';
import { fits, minus, offered } from './fit';
import { HoldStats } from './hold-stats';
import { OfferFlow } from './offer-flow';
import type { LaunchRequest, OfferBookOptions, OfferCalls, OfferMetrics, OfferSeen, PendingHandle } from './types';

const DECLINE_ATTEMPTS = 6;
const DECLINE_BACKOFF_MS = 500;
const DECLINE_BACKOFF_MAX_MS = 8000;
/** Errors (by name: the book does not depend on the scheduler client) after which our offers are void anyway. */
const SUBSCRIPTION_GONE = new Set(['NotSubscribedError', 'MesosForbiddenError', 'MesosRedirectError']);

interface DeclineFilter {
  at: number;
  refuseSeconds: number;
  answeredAt?: number;
  /** A REVIVE went out while this DECLINE was on its way, so the master may have taken them in either order. */
  overtaken?: boolean;
}

interface Entry {
  req: LaunchRequest;
  best: OfferSeen | undefined;
  cancelled: boolean;
}

export class OfferBookOptionError extends Error {
  override readonly name = 'OfferBookOptionError';
  constructor(field: string, problem: string) {
    super(`OfferBookOptions.${field}: ${problem}`);
  }
}

function seconds(field: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 31_536_000)
    throw new OfferBookOptionError(field, `must be between 0 and 31536000 seconds, got ${String(v)}`);
  return v;
}

export class OfferBook {
  private readonly pending = new Map<string, Entry[]>();
  private count = 0;
  /** Offers between "chosen" and the ACCEPT; a RESCIND for one of them stops its launch. */
  private readonly inUse = new Set<string>();
  private readonly rescinded = new Set<string>();
  /**
   * Our last decline of each host's offers: when it went out, its filter (it may still be active), and when the
   * master answered it. Only a REVIVE sent after that answer surely cleared the filter: calls travel on separate
   * connections, so a DECLINE still in flight may land after a REVIVE sent later.
   */
  private readonly declinedAt = new Map<string, DeclineFilter>();
  /** When we last launched on each host (warm hosts). */
  private readonly launchedAt = new Map<string, number>();
  private readonly hold = new HoldStats();
  private readonly flow: OfferFlow;
  private readonly discoveryIntervalMs: number;
  private readonly discoveryWindowMs: number;
  private discoveryTimer: NodeJS.Timeout | undefined;
  private readonly declineRefuseSeconds: number;
  private readonly acceptRefuseSeconds: number;
  private readonly warmRefuseSeconds: number;
  private readonly warmMs: number;
  private readonly reviveOffersPerSecond: number;
  private readonly maxReviveGapMs: number;
  private heldNow = 0;
  private closed = false;
  private readonly pauses = new Map<NodeJS.Timeout, () => void>();
  private readonly m = {
    received: 0,
    declined: 0,
    used: 0,
    rescinded: 0,
    declineCalls: 0,
    acceptCalls: 0,
    suppressCalls: 0,
    reviveCalls: 0,
    callErrors: 0,
  };

  constructor(
    private readonly calls: OfferCalls,
    options: OfferBookOptions = {},
    private readonly logger?: Logger
  ) {
    this.declineRefuseSeconds = seconds('declineRefuseSeconds', options.declineRefuseSeconds, 30);
    this.acceptRefuseSeconds = seconds('acceptRefuseSeconds', options.acceptRefuseSeconds, 1);
    this.warmRefuseSeconds = seconds('warmRefuseSeconds', options.warmRefuseSeconds, 0.2);
    this.warmMs = seconds('warmSeconds', options.warmSeconds, 10) * 1000;
    this.maxReviveGapMs = seconds('maxReviveGapSeconds', options.maxReviveGapSeconds, 5) * 1000;
    this.reviveOffersPerSecond = options.reviveOffersPerSecond ?? 200;
    if (!(this.reviveOffersPerSecond >= 0) || !Number.isFinite(this.reviveOffersPerSecond))
      throw new OfferBookOptionError(
        'reviveOffersPerSecond',
        `must be a number >= 0 (0: no pacing), got ${String(options.reviveOffersPerSecond)}`
      );
    this.discoveryIntervalMs = options.discoveryIntervalMs ?? 30000;
    this.discoveryWindowMs = options.discoveryWindowMs ?? 5000;
    for (const [field, v] of [
      ['discoveryIntervalMs', this.discoveryIntervalMs],
      ['discoveryWindowMs', this.discoveryWindowMs],
    ] as const) {
      if (!(v > 0)) throw new OfferBookOptionError(field, `must be a number > 0, got ${String(v)}`);
    }
    const delay = options.suppressDelayMs ?? 200;
    if (!Number.isFinite(delay) || delay < 0)
      throw new OfferBookOptionError('suppressDelayMs', `must be a number >= 0, got ${String(delay)}`);
    this.flow = new OfferFlow(calls, delay, {
      isIdle: () => this.count === 0,
      revived: (sentAt) => {
        const again: string[] = [];
        for (const [host, d] of this.declinedAt) {
          if (d.at > sentAt) continue; // declined after the REVIVE went out: its filter stands
          if (d.answeredAt !== undefined && d.answeredAt <= sentAt) this.declinedAt.delete(host);
          else if (d.answeredAt === undefined) d.overtaken = true;
          else if (this.pending.has(host) && this.mayBeFiltered(host)) again.push(host); // answered meanwhile
        }
        if (again.length > 0) this.flow.want(true, this.urgentFor(again));
      },
      reviveGapMs: () => this.reviveGapMs(),
      counted: (call, err) => {
        if (call === 'SUPPRESS') this.m.suppressCalls++;
        else this.m.reviveCalls++;
        if (err) this.callFailed(call, err);
      },
    });
  }

  /** Adds a request; offers are revived if they were suppressed or the host may be filtered. */
  add(req: LaunchRequest): PendingHandle {
    const entry: Entry = { req, best: undefined, cancelled: false };
    const list = this.pending.get(req.hostname) ?? [];
    list.push(entry);
    this.pending.set(req.hostname, list);
    this.count++;
    this.flow.want(this.mayBeFiltered(req.hostname), req.urgent === true);
    return {
      cancel: () => this.cancel(entry),
      bestSeen: () => entry.best,
    };
  }

  get pendingCount(): number {
    return this.count;
  }

  /** Answers one OFFERS event: uses what fits, declines the rest in one call per refuse filter. */
  onOffers(offers: readonly Offer[]): void {
    const receivedAt = Date.now();
    const warm: Offer[] = [];
    const cold: Offer[] = [];
    for (const offer of offers) {
      this.m.received++;
      this.heldNow++;
      const chosen = this.choose(offer, receivedAt);
      if (chosen.length > 0) void this.use(offer, chosen, receivedAt);
      else (this.isWarm(offer.hostname, receivedAt) ? warm : cold).push(offer);
    }
    if (warm.length > 0) void this.decline(warm, receivedAt, this.warmRefuseSeconds);
    if (cold.length > 0) void this.decline(cold, receivedAt, this.declineRefuseSeconds);
    if (this.count === 0) this.flow.idle();
  }

  onRescind(offerId: string): void {
    this.m.rescinded++;
    if (this.inUse.has(offerId)) this.rescinded.add(offerId);
  }

  /** After every SUBSCRIBED: old offers are void; tell the master again whether we want offers. */
  onSubscribed(): void {
    this.flow.resync(this.count > 0, this.discoveryWindowMs);
    this.discoveryTimer ??= setInterval(() => {
      if (this.count === 0) this.flow.discover(this.discoveryWindowMs);
    }, this.discoveryIntervalMs);
    this.discoveryTimer.unref();
  }

  metrics(): OfferMetrics {
    return { ...this.m, heldNow: this.heldNow, holdMs: this.hold.summary(), pendingRequests: this.count };
  }

  /** Resolves once queued SUPPRESS/REVIVE calls were answered (tests, shutdown). */
  settled(): Promise<void> {
    return this.flow.settled();
  }

  close(): void {
    this.closed = true;
    this.flow.close();
    clearInterval(this.discoveryTimer);
    for (const [t, resolve] of this.pauses) {
      clearTimeout(t);
      resolve();
    }
    this.pauses.clear();
  }

  /**
   * Whether the host's offers may sit behind a filter of ours long enough to need a REVIVE. A warm host's short
   * filter lapses by itself within warmRefuseSeconds.
   */
  private mayBeFiltered(hostname: string): boolean {
    const d = this.declinedAt.get(hostname);
    if (d === undefined) return false;
    const left = d.at + d.refuseSeconds * 1000 - Date.now();
    if (left <= 0) this.declinedAt.delete(hostname);
    return left > this.warmRefuseSeconds * 1000;
  }

  /**
   * The gap after a REVIVE before the next (not urgent) one: a REVIVE makes the master offer again every host we
   * hold a filter on, so the gap spreads that cost to reviveOffersPerSecond, up to maxReviveGapSeconds.
   */
  private reviveGapMs(): number {
    if (this.reviveOffersPerSecond === 0) return 0;
    const now = Date.now();
    let filtered = 0;
    for (const [host, d] of this.declinedAt) {
      if (d.at + d.refuseSeconds * 1000 > now) filtered++;
      else this.declinedAt.delete(host);
    }
    return Math.min(this.maxReviveGapMs, (filtered * 1000) / this.reviveOffersPerSecond);
  }

  private urgentFor(hosts: readonly string[]): boolean {
    return hosts.some((h) => this.pending.get(h)?.some((e) => e.req.urgent === true));
  }

  private isWarm(hostname: string, now: number): boolean {
    const at = this.launchedAt.get(hostname);
    if (at === undefined) return false;
    if (now - at < this.warmMs) return true;
    this.launchedAt.delete(hostname);
    return false;
  }

  private cancel(entry: Entry): boolean {
    if (entry.cancelled) return false;
    entry.cancelled = true;
    const list = this.pending.get(entry.req.hostname);
    const i = list?.indexOf(entry) ?? -1;
    if (!list || i < 0) return false;
    this.removeAt(entry.req.hostname, list, i);
    if (this.count === 0) this.flow.idle();
    return true;
  }

  private removeAt(hostname: string, list: Entry[], i: number): void {
    list.splice(i, 1);
    if (list.length === 0) this.pending.delete(hostname);
    this.count--;
  }

  /** Takes the requests for this host that fit together (first come, first served). */
  private choose(offer: Offer, at: number): Entry[] {
    const list = this.pending.get(offer.hostname);
    if (!list) return [];
    const have = offered(offer);
    let free = have;
    const chosen: Entry[] = [];
    for (const e of [...list]) {
      if (fits(e.req.resources, free)) {
        free = minus(free, e.req.resources);
        chosen.push(e);
        this.removeAt(offer.hostname, list, list.indexOf(e));
      } else if (!e.best || have.memMb > e.best.memMb || (have.memMb === e.best.memMb && have.cpus > e.best.cpus)) {
        e.best = { ...have, at };
      }
    }
    return chosen;
  }

  private async use(offer: Offer, chosen: Entry[], receivedAt: number): Promise<void> {
    const id = offer.id.value;
    this.inUse.add(id);
    const ops: OfferOperation[] = [];
    const launching: Entry[] = [];
    try {
      for (const e of chosen) {
        try {
          const got = await e.req.use(offer);
          if (e.cancelled) continue;
          ops.push(...got);
          launching.push(e);
        } catch (err) {
          e.req.launched(err as Error, offer);
        }
      }
      if (this.rescinded.has(id)) {
        // Never launch on a rescinded offer: the requests wait for the next one.
        this.logger?.info('offer rescinded before use; requests wait for another', { offerId: id });
        this.requeue(launching);
        this.heldNow--;
        return;
      }
      if (ops.length === 0) return this.decline([offer], receivedAt, this.declineRefuseSeconds, true);
      try {
        await this.calls.accept([id], ops, { refuse_seconds: this.acceptRefuseSeconds });
        this.m.acceptCalls++;
        this.m.used++;
        this.launchedAt.set(offer.hostname, Date.now());
        this.hold.add(Date.now() - receivedAt);
        for (const e of launching) e.req.launched(undefined, offer);
      } catch (err) {
        this.callFailed('ACCEPT', err as Error);
        for (const e of launching) e.req.launched(err as Error, offer);
      } finally {
        this.heldNow--;
      }
    } finally {
      this.inUse.delete(id);
      this.rescinded.delete(id);
    }
  }

  private requeue(entries: Entry[]): void {
    for (const e of entries) {
      if (e.cancelled) continue;
      const list = this.pending.get(e.req.hostname) ?? [];
      list.unshift(e);
      this.pending.set(e.req.hostname, list);
      this.count++;
    }
    const urgent = entries.some((e) => e.req.urgent === true);
    if (entries.length > 0) this.flow.want(true, urgent);
  }

  private async decline(offers: Offer[], receivedAt: number, refuseSeconds: number, heldOne = false): Promise<void> {
    const filter: DeclineFilter = { at: Date.now(), refuseSeconds };
    for (const o of offers) this.declinedAt.set(o.hostname, filter);
    try {
      await this.declineWithRetry(
        offers.map((o) => o.id),
        refuseSeconds
      );
      filter.answeredAt = Date.now();
      // A REVIVE that overtook this DECLINE left its filter standing: a request waiting for one of these hosts
      // needs another REVIVE, now that the master has the DECLINE.
      if (filter.overtaken) {
        const waiting = offers.map((o) => o.hostname).filter((h) => this.pending.has(h) && this.mayBeFiltered(h));
        if (waiting.length > 0) this.flow.want(true, this.urgentFor(waiting));
      }
      this.m.declineCalls++;
      this.m.declined += offers.length;
      const ms = Date.now() - receivedAt;
      for (let i = 0; i < offers.length; i++) this.hold.add(ms);
    } catch (err) {
      // Given up (closing, or the subscription is gone): a new subscription starts with no offers of ours.
      this.callFailed('DECLINE', err as Error);
    } finally {
      this.heldNow -= heldOne ? 1 : offers.length;
    }
  }

  /**
   * An offer we fail to decline stays ours, its resources hidden from every framework, until the master rescinds
   * it, which real Mesos never does without --offer_timeout. DECLINE is safe to repeat (the master ignores offers
   * it no longer has), so it is retried with backoff until it lands, the book closes, or the subscription the
   * offers belong to is gone.
   */
  private async declineWithRetry(ids: Offer['id'][], refuseSeconds: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.calls.decline(ids, refuseSeconds);
      } catch (err) {
        if (this.closed || attempt >= DECLINE_ATTEMPTS || SUBSCRIPTION_GONE.has((err as Error).name)) throw err;
        this.callFailed(`DECLINE (attempt ${attempt} of ${DECLINE_ATTEMPTS}, retrying)`, err as Error);
        await this.pause(Math.min(DECLINE_BACKOFF_MS * 2 ** (attempt - 1), DECLINE_BACKOFF_MAX_MS));
      }
    }
  }

  /** A delay that close() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pauses.delete(t);
        resolve();
      }, ms);
      this.pauses.set(t, resolve);
    });
  }

  private callFailed(call: string, err: Error): void {
    this.m.callErrors++;
    this.logger?.warn(`${call} failed`, { error: err });
  }
}
