// The subscription engine under SchedulerClient: one Mesos v1 HTTP scheduler connection that stays subscribed. It opens SUBSCRIBE
// on a dedicated connection (trying each master, following redirects), persists the FrameworkID
// before anything else, re-subscribes with backoff after any loss, and sends calls on pooled
// connections. Decisions about offers and tasks belong to its owner, who listens to its events.
import { EventEmitter } from 'node:events';
import type { Event, TaskStatus } from '../../proto/types';
import { Backoff, CancellableDelay } from './backoff';
import { CallSender, type CallSession } from './call-sender';
import { subscribeCall } from './calls';
import { Connections } from './connection';
import { FrameworkRemovedError } from './errors';
import { emitTyped, type DisconnectReason, type SchedulerEventMap, type SubscribedInfo } from './events';
import { FRAMEWORK_REMOVED_TEXT, isFatalSubscribeError } from './fatal';
import { bump, countCall, newMetrics, snapshot, type SchedulerMetrics } from './metrics';
import { type ResolvedSchedulerOptions, resolveSchedulerOptions, type SchedulerClientOptions } from './options';
import { applyAckPolicy } from './acknowledge-policy';
import { openFirstAvailable } from './master-list';
import { describeUrl } from './redirect';
import { type StreamEnd, type Subscription } from './subscription';

export type ClientState = 'idle' | 'running' | 'failed' | 'closed';

export interface Session extends CallSession {
  sub: Subscription;
  subscribedAt: number;
}

interface Outcome {
  reason: DisconnectReason;
  error: Error | undefined;
  /** How long the stream stayed subscribed (0 if it never was). */
  subscribedMs: number;
}

export abstract class SchedulerCore extends EventEmitter<SchedulerEventMap> {
  protected readonly o: ResolvedSchedulerOptions;
  protected readonly connections: Connections;
  protected readonly sender: CallSender;
  protected session: Session | undefined;
  protected readonly m = newMetrics();
  private readonly backoff: Backoff;
  private readonly delay = new CancellableDelay();
  private current: Subscription | undefined;
  private fwId: string | undefined;
  /** Why the last subscription ended or failed, and when: what an operator reads while the bridge is not subscribed. */
  private lastLoss: { reason: string; error?: string; at: number } | undefined;
  private persistedId: string | undefined;
  private clientState: ClientState = 'idle';
  private loop: Promise<void> | undefined;
  private first: { resolve: (i: SubscribedInfo) => void; reject: (e: Error) => void } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private masterIndex = 0;
  /** The ERROR event of a stream; the master closes the stream right after, so EOF must not hide it. */
  private masterError: { sub: Subscription; error: Error } | undefined;
  /** Set while TEARDOWN is in flight: the stream's end is expected and must not be re-subscribed. */
  protected stopping = false;
  private looping = false;
  /** Roles suppressed through this client; re-sent on re-subscribe, which resets suppression. */
  protected readonly suppressed = new Set<string>();

  constructor(options: SchedulerClientOptions) {
    super();
    this.o = resolveSchedulerOptions(options);
    for (const r of this.o.suppressedRoles) this.suppressed.add(r);
    this.connections = new Connections(this.o.tls, this.o.credentials);
    this.backoff = new Backoff({
      initialMs: this.o.backoffInitialMs,
      maxMs: this.o.backoffMaxMs,
      random: this.o.random,
    });
    this.sender = new CallSender({
      connections: this.connections,
      format: this.o.format,
      timeoutMs: this.o.callTimeoutMs,
      retries: this.o.callRetries,
      backoffInitialMs: this.o.backoffInitialMs,
      backoffMaxMs: this.o.backoffMaxMs,
      principal: this.o.frameworkInfo.principal,
      random: this.o.random,
      onOutcome: (type, outcome) => countCall(this.m, type, outcome),
    });
  }

  /**
   * Loads the stored FrameworkID and starts the subscription loop. Resolves with the first
   * SUBSCRIBED; rejects on a fatal error (or close) before it.
   */
  async start(): Promise<SubscribedInfo> {
    if (this.clientState !== 'idle') throw new Error(`SchedulerClient.start: client is ${this.clientState}`);
    this.clientState = 'running';
    const subscribed = new Promise<SubscribedInfo>((resolve, reject) => (this.first = { resolve, reject }));
    try {
      this.fwId = await this.o.frameworkIdStore.load();
      this.persistedId = this.fwId;
    } catch (err) {
      this.fail(err as Error);
      return subscribed;
    }
    this.loop = this.run();
    return subscribed;
  }

  get state(): ClientState {
    return this.clientState;
  }
  /** The framework id (stored or assigned), once known. */
  get frameworkId(): string | undefined {
    return this.fwId;
  }
  get isSubscribed(): boolean {
    return this.session !== undefined;
  }
  get lastDisconnect(): { reason: string; error?: string; at: number } | undefined {
    return this.lastLoss;
  }
  get streamId(): string | undefined {
    return this.session?.streamId;
  }
  /** A copy of the counters. */
  metrics(): SchedulerMetrics {
    return snapshot(this.m);
  }

  /** Aborts the stream, cancels timers and retries, closes every connection. Idempotent. */
  async close(): Promise<void> {
    if (this.clientState === 'running' || this.clientState === 'idle') this.clientState = 'closed';
    this.stopEverything();
    this.first?.reject(new Error('SchedulerClient closed before it subscribed'));
    this.first = undefined;
    await this.loop;
    await this.queue;
  }

  private stopEverything(): void {
    this.delay.cancel();
    this.sender.cancel();
    this.current?.abort({ reason: 'aborted' });
    this.session = undefined;
    this.connections.destroy();
  }

  private fail(err: Error): void {
    if (this.clientState !== 'running') return;
    this.clientState = 'failed';
    this.o.logger?.error('scheduler client stopped', { error: err });
    this.stopEverything();
    this.safeEmit('fatal', err);
    this.first?.reject(err);
    this.first = undefined;
  }

  private async run(): Promise<void> {
    this.looping = true;
    try {
      await this.loopUntilStopped();
    } finally {
      this.looping = false;
    }
  }

  private async loopUntilStopped(): Promise<void> {
    while (this.clientState === 'running') {
      let outcome: Outcome;
      try {
        outcome = await this.subscribeOnce();
      } catch (err) {
        outcome = { reason: 'subscribe-failed', error: err as Error, subscribedMs: 0 };
      }
      if (this.clientState !== 'running' || this.stopping) return;
      this.lastLoss = {
        reason: outcome.reason,
        ...(outcome.error ? { error: outcome.error.message } : {}),
        at: Date.now(),
      };
      if (outcome.error && isFatalSubscribeError(outcome.error)) return this.fail(outcome.error);
      // A stream that stayed up for a full backoff cap was healthy: start again from the bottom.
      if (outcome.subscribedMs >= this.o.backoffMaxMs) this.backoff.reset();
      const retryInMs = this.backoff.next();
      this.m.reconnects++;
      if (outcome.subscribedMs > 0) bump(this.m.disconnectsByReason, outcome.reason);
      if (outcome.reason === 'heartbeat-timeout') this.m.heartbeatTimeouts++;
      this.o.logger?.warn('scheduler stream lost; re-subscribing', {
        reason: outcome.reason,
        error: outcome.error,
        retryInMs,
      });
      this.safeEmit('disconnected', { reason: outcome.reason, error: outcome.error, retryInMs });
      if (!(await this.delay.wait(retryInMs))) return;
    }
  }

  /** One SUBSCRIBE (to the first master that takes it) and its whole stream. */
  private async subscribeOnce(): Promise<Outcome> {
    const sub = await this.openAnyMaster();
    if (this.clientState !== 'running') {
      sub.abort();
      return { reason: 'eof', error: undefined, subscribedMs: 0 };
    }
    this.current = sub;
    const end: StreamEnd = await sub.run(
      (ev) => this.enqueue(sub, ev),
      (n) => (this.m.streamBytes += n)
    );
    await this.queue;
    const masterError = this.masterError?.sub === sub ? this.masterError.error : undefined;
    this.masterError = undefined;
    const subscribedAt = this.session?.sub === sub ? this.session.subscribedAt : 0;
    if (this.session?.sub === sub) this.session = undefined;
    if (this.current === sub) this.current = undefined;
    return {
      reason: masterError ? 'master-error' : (end.reason as DisconnectReason),
      error: masterError ?? end.error,
      subscribedMs: subscribedAt ? Date.now() - subscribedAt : 0,
    };
  }

  private async openAnyMaster(): Promise<Subscription> {
    const { sub, index } = await openFirstAvailable(
      this.o.masters,
      this.masterIndex,
      {
        connections: this.connections,
        format: this.o.format,
        call: subscribeCall(this.o.frameworkInfo, this.fwId, [...this.suppressed]),
        maxRedirects: this.o.maxRedirects,
        timeoutMs: this.o.callTimeoutMs,
        heartbeatMissFactor: this.o.heartbeatMissFactor,
        principal: this.o.frameworkInfo.principal,
        onAttempt: () => this.m.subscribeAttempts++,
      },
      () => this.clientState === 'running'
    );
    this.masterIndex = index;
    return sub;
  }

  // Events are handled strictly in order; SUBSCRIBED awaits the FrameworkID write before any
  // later event is looked at.
  private enqueue(sub: Subscription, ev: Event): void {
    bump(this.m.eventsByType, ev.type ?? 'UNKNOWN');
    this.queue = this.queue
      .then(() => this.handle(sub, ev))
      .catch((err: unknown) => sub.abort({ reason: 'stream-error', error: err as Error }));
  }

  private async handle(sub: Subscription, ev: Event): Promise<void> {
    // Records that arrived before the stream ended are still handled (ERROR is followed by EOF).
    if (this.current !== sub || this.clientState !== 'running') return;
    this.safeEmit('event', ev);
    if (ev.type === 'SUBSCRIBED' && ev.subscribed) return this.onSubscribed(sub, ev.subscribed);
    if (ev.type === 'ERROR') return this.onMasterError(sub, ev.error?.message ?? '');
    if (ev.type === 'UPDATE' && ev.update) return this.onUpdate(ev.update.status);
    emitTyped((name, ...args) => this.safeEmit(name, ...args), ev);
  }

  private async onSubscribed(sub: Subscription, s: NonNullable<Event['subscribed']>): Promise<void> {
    const id = s.framework_id.value;
    if (id !== this.persistedId) {
      try {
        await this.o.frameworkIdStore.save(id);
      } catch (err) {
        return sub.abort({ reason: 'persist-failed', error: err as Error });
      }
      this.persistedId = id;
    }
    // Remember the id even if the stream died meanwhile: the next SUBSCRIBE must reuse it.
    const resubscribed = this.fwId === id;
    this.fwId = id;
    if (!sub.isOpen || this.clientState !== 'running') return;
    const heartbeat = s.heartbeat_interval_seconds ?? 15;
    sub.setHeartbeatInterval(heartbeat);
    this.session = { sub, frameworkId: id, streamId: sub.streamId, endpoint: sub.url, subscribedAt: Date.now() };
    this.m.subscriptions++;
    const info: SubscribedInfo = {
      frameworkId: id,
      heartbeatIntervalSeconds: heartbeat,
      masterInfo: s.master_info,
      streamId: sub.streamId,
      masterUrl: describeUrl(sub.url),
      resubscribed,
    };
    this.o.logger?.info('subscribed', { frameworkId: id, master: info.masterUrl, resubscribed });
    this.safeEmit('subscribed', info);
    this.first?.resolve(info);
    this.first = undefined;
  }

  private onMasterError(sub: Subscription, message: string): void {
    this.safeEmit('masterError', message);
    const error = message.includes(FRAMEWORK_REMOVED_TEXT)
      ? new FrameworkRemovedError(this.fwId, message)
      : new Error(`the master sent ERROR: ${message}`);
    this.masterError = { sub, error };
    sub.abort({ reason: 'master-error', error });
  }

  private onUpdate(status: TaskStatus): void {
    this.safeEmit('update', status);
    applyAckPolicy(
      this.o.autoAcknowledge,
      status,
      (st) => this.acknowledgeUpdate(st),
      (err) => this.safeEmit('ackError', err, status)
    );
  }

  /** Acknowledges an update if it carries a uuid; false (nothing sent) when it does not. */
  abstract acknowledgeUpdate(status: TaskStatus): Promise<boolean>;

  /** Forgets the FrameworkID, in memory and in the store (after TEARDOWN). */
  protected async forgetFrameworkId(): Promise<void> {
    await this.o.frameworkIdStore.clear();
    this.fwId = undefined;
    this.persistedId = undefined;
  }

  /** Restarts the loop if it stopped while a TEARDOWN was pending and that TEARDOWN failed. */
  protected resumeAfterFailedStop(): void {
    this.stopping = false;
    if (!this.looping && this.clientState === 'running') this.loop = this.run();
  }

  // A throwing listener is the owner's bug; it must not tear down the subscription.
  protected safeEmit<K extends keyof SchedulerEventMap>(name: K, ...args: SchedulerEventMap[K]): void {
    try {
      (this.emit as (n: K, ...a: SchedulerEventMap[K]) => boolean)(name, ...args);
    } catch (err) {
      this.o.logger?.error('scheduler event listener threw', { event: name, error: err });
    }
  }
}
