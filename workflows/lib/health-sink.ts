// Where the healthMonitor's alert changes go: the `recordAlertChanges` activity (history and the worker's log,
// always), the search attributes (ScaleioAlerts: the raised ids; ScaleioPhase: ok / warning / critical), and the
// optional webhook, posted one change at a time in order by a background sender so a slow receiver never holds
// up the readings. Undelivered changes are carried across continue-as-new.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { condition, isCancellation, log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { ScaleioActivities } from '../../activities';
import { overallStatus, type Alert, type AlertChange } from '../../common/health';
import { ScaleioPhase } from '../../common/search-attributes';
import type { HealthMonitorState } from './health-input';
import { messageOf } from './plan';

/** Registered with the others of common/names.ts SEARCH_ATTRIBUTES (Keyword). */
export const ScaleioAlerts = defineSearchAttributeKey('ScaleioAlerts', SearchAttributeType.KEYWORD);

/** One reading: a failed one counts towards 'gateway-unreachable' and the next poll tries again. */
export const reader = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 2,
    nonRetryableErrorTypes: ['GatewayNotConfigured', 'InvalidCredentials', 'NotFound'],
  },
});

const recorder = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** A receiver that is down gets about a minute of retries per change before the change is given up. */
const webhook = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '20 seconds',
    maximumAttempts: 6,
    nonRetryableErrorTypes: ['WebhookRejected', 'InvalidInput'],
  },
});

/** Beyond this many undelivered changes the oldest are given up (a receiver down for hours). */
const MAX_OUTBOX = 500;
/** Keyword values are size-limited; the list is cut with a count. */
const MAX_ALERTS_TEXT = 1000;

export function recordChanges(cluster: string, changes: AlertChange[]): Promise<{ recorded: number }> {
  return recorder.recordAlertChanges({ cluster, changes });
}

export function publishAlerts(active: readonly Alert[]): void {
  const ids = active.map((a) => a.id).sort();
  let text = ids.join(',');
  if (text.length > MAX_ALERTS_TEXT) text = `${text.slice(0, MAX_ALERTS_TEXT - 20)},… (${ids.length} alerts)`;
  upsertSearchAttributes([
    { key: ScaleioAlerts, value: text || 'none' },
    { key: ScaleioPhase, value: overallStatus(active) },
  ]);
}

export class AlertOutbox {
  private sending = false;

  constructor(
    private readonly cluster: string,
    private readonly url: string | undefined,
    private readonly state: HealthMonitorState
  ) {}

  get pending(): number {
    return this.state.outbox.length;
  }

  push(changes: readonly AlertChange[]): void {
    if (!this.url) return;
    const box = this.state.outbox;
    for (const c of changes) box.push({ ...c, id: `${this.state.monitorId}/${c.seq}`, cluster: this.cluster });
    while (box.length > MAX_OUTBOX) {
      // Never the one in flight (the head while sending).
      const [dropped] = box.splice(this.sending ? 1 : 0, 1);
      this.state.webhook.failed += 1;
      log.warn('alert webhook: too many undelivered changes, oldest given up', { id: dropped?.id });
    }
    this.kick();
  }

  /** Starts the sender unless it runs already or there is nothing to send. */
  kick(): void {
    if (!this.url || this.sending || this.state.outbox.length === 0) return;
    this.sending = true;
    void this.drain(this.url);
  }

  /** Resolves once no post is in flight (before continue-as-new, so none is cut off and sent twice). */
  async idle(): Promise<void> {
    await condition(() => !this.sending);
  }

  private async drain(url: string): Promise<void> {
    try {
      for (;;) {
        const event = this.state.outbox[0];
        if (!event) return;
        try {
          await webhook.sendAlertWebhook({ url, event });
          this.state.webhook.delivered += 1;
        } catch (err) {
          if (isCancellation(err)) return;
          this.state.webhook.failed += 1;
          log.warn('alert webhook: change given up after its retries', { id: event.id, error: messageOf(err) });
        }
        this.state.outbox.shift();
      }
    } finally {
      this.sending = false;
    }
  }
}
