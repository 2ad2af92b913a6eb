// What the histories of finished workflows say: how many events each has, how many activities it scheduled,
// and where its wall time went (each activity's queue wait and run time, and the workflow's own turns between).
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { median } from './median';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One activity of one run: its label (runOnAgent's taskName, else the activity type) and its times. */
export interface ActivityTiming {
  label: string;
  /** Scheduled → started: waiting for a worker slot (and server dispatch). */
  waitMs: number;
  /** Started (last attempt) → closed. For runOnAgent: the offer wait, the launch and the task itself. */
  runMs: number;
  /** When it was scheduled and when it closed (epoch ms). */
  scheduledAt: number;
  closedAt: number;
}

export interface HistoryCounts {
  workflowId: string;
  events: number;
  activities: number;
  /** Workflow tasks that timed out (a worker too busy to answer, or lost) or failed. */
  workflowTaskTrouble: number;
  /** When the run started (epoch ms), and its start to close. */
  startMs: number;
  wallMs: number;
  timings: ActivityTiming[];
}

function ms(e: HistoryEvent | undefined): number {
  const t = e?.eventTime;
  return t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : NaN;
}

/** runOnAgent's step name from its (unencrypted) input, so each install step is timed apart. */
function labelOf(e: HistoryEvent): string {
  const a = e.activityTaskScheduledEventAttributes;
  const type = a?.activityType?.name ?? '?';
  const data = a?.input?.payloads?.[0]?.data;
  if (type !== 'runOnAgent' || !data) return type;
  try {
    const input = JSON.parse(Buffer.from(data).toString('utf8')) as { taskName?: unknown };
    // Drop a trailing attempt or generation suffix so the same step on every node shares one label.
    return typeof input.taskName === 'string' ? `runOnAgent ${input.taskName.replace(/[.-][0-9a-f]{6,}$/, '')}` : type;
  } catch {
    return type;
  }
}

function timings(events: HistoryEvent[]): ActivityTiming[] {
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) byId.set(Number(e.eventId), e);
  const out: ActivityTiming[] = [];
  for (const e of events) {
    const closed =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes ??
      e.activityTaskCanceledEventAttributes;
    if (!closed) continue;
    const scheduled = byId.get(Number(closed.scheduledEventId));
    const started = byId.get(Number(closed.startedEventId));
    if (!scheduled) continue;
    out.push({
      label: labelOf(scheduled),
      waitMs: ms(started) - ms(scheduled),
      runMs: ms(e) - ms(started),
      scheduledAt: ms(scheduled),
      closedAt: ms(e),
    });
  }
  return out;
}

export async function historyCounts(client: Client, workflowIds: string[], parallel = 8): Promise<HistoryCounts[]> {
  const out: HistoryCounts[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < workflowIds.length) {
        const workflowId = workflowIds[next++] as string;
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const events = history.events ?? [];
        const activities = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
        const wallMs = ms(events[events.length - 1]) - ms(events[0]);
        out.push({
          workflowId,
          events: events.length,
          activities,
          workflowTaskTrouble: events.filter(
            (e) => e.workflowTaskTimedOutEventAttributes ?? e.workflowTaskFailedEventAttributes
          ).length,
          startMs: ms(events[0]),
          wallMs,
          timings: timings(events),
        });
      }
    })
  );
  return out;
}

/**
 * Where an on-boarding's wall time goes, as lines: per label the median queue wait and run time and the share of
 * all runs' wall time; the rest ("between") is the workflow's own turns, timers and waits for signals.
 */
export function latencyLines(runs: HistoryCounts[]): string[] {
  const wall = runs.reduce((a, r) => a + r.wallMs, 0);
  const byLabel = new Map<string, ActivityTiming[]>();
  for (const t of runs.flatMap((r) => r.timings)) {
    const list = byLabel.get(t.label);
    if (list) list.push(t);
    else byLabel.set(t.label, [t]);
  }
  let inActivities = 0;
  const rows = [...byLabel.entries()].map(([label, ts]) => {
    const total = ts.reduce((a, t) => a + t.waitMs + t.runMs, 0);
    inActivities += total;
    return { label, n: ts.length, wait: median(ts.map((t) => t.waitMs)), run: median(ts.map((t) => t.runMs)), total };
  });
  rows.sort((a, b) => b.total - a.total);
  const pct = (x: number) => `${((100 * x) / wall).toFixed(1)}%`;
  return [
    `wall per run: median ${(median(runs.map((r) => r.wallMs)) / 1000).toFixed(1)} s`,
    ...rows.map(
      (r) => `  ${r.label}: n=${r.n} wait_ms=${r.wait.toFixed(0)} run_ms=${r.run.toFixed(0)} share=${pct(r.total)}`
    ),
    `  between activities: share=${pct(wall - inActivities)}`,
  ];
}

export interface RebootSpan {
  /** The reboot step scheduled (epoch ms). */
  from: number;
  /** The node's services verified after it (epoch ms). */
  to: number;
}

/**
 * Each reboot of the runs, from its reboot step scheduled to its services verified, in time order: reboots go one
 * at a time, so these spans never overlap and their sum is a floor under the run's wall time.
 */
export function rebootSpans(runs: HistoryCounts[]): RebootSpan[] {
  const spans = runs.flatMap((r) => {
    const downs = r.timings.filter((t) => t.label.startsWith('runOnAgent reboot-node'));
    const verified = r.timings.filter((t) => t.label.startsWith('runOnAgent verify-services-after-reboot'));
    return downs.flatMap((d) => {
      const back = verified.filter((v) => v.closedAt >= d.closedAt).sort((a, b) => a.closedAt - b.closedAt)[0];
      return back ? [{ from: d.scheduledAt, to: back.closedAt }] : [];
    });
  });
  return spans.sort((a, b) => a.from - b.from);
}

/** The time the reboots held in all (ms): a floor under the run's wall time, since they never overlap. */
export function rebootChainMs(spans: RebootSpan[]): number {
  return spans.reduce((a, s) => a + s.to - s.from, 0);
}

/** The reboot chain as a line: time held, and the gaps between one reboot verified and the next one's start. */
export function rebootChainLine(spans: RebootSpan[], runs: HistoryCounts[]): string {
  const runStart = Math.min(...runs.map((r) => r.startMs));
  if (spans.length === 0) return 'reboot chain: no reboots';
  const held = rebootChainMs(spans);
  const gaps = spans.slice(1).map((s, i) => s.from - spans[i]!.to);
  const sec = (x: number) => (x / 1000).toFixed(2);
  return (
    `reboot chain: ${spans.length} reboots held ${sec(held)} s in all (median ${sec(median(spans.map((s) => s.to - s.from)))} s); ` +
    `the first began ${sec(spans[0]!.from - runStart)} s into the run; gaps between reboots: median ` +
    `${gaps.length ? sec(median(gaps)) : 'n/a'} s, ${sec(gaps.reduce((a, g) => a + g, 0))} s in all`
  );
}

/**
 * What may have held a long-lived workflow up, in its latest run's history: workflow tasks that timed out or
 * failed, and the longest quiet stretch between two of its events.
 */
export async function stallLine(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const timedOut = events.filter((e) => e.workflowTaskTimedOutEventAttributes).length;
  const failed = events.filter((e) => e.workflowTaskFailedEventAttributes).length;
  let gap = 0;
  let at = 0;
  for (let i = 1; i < events.length; i++) {
    const d = ms(events[i]) - ms(events[i - 1]);
    if (d > gap) [gap, at] = [d, Number(events[i]!.eventId)];
  }
  return (
    `${workflowId}: ${events.length} events in its latest run, workflow tasks timed out ${timedOut}, failed ` +
    `${failed}; longest quiet stretch ${(gap / 1000).toFixed(2)} s, before event ${at}`
  );
}
