// Reads the retries of a bootstrap out of its workflow histories (bootstrap + each onboardAgent child), with their
// causes: activity attempts > 1 and their last failure, activity time-outs, workflow tasks of a dead worker that
// timed out, and node steps re-run as a new Mesos task after a non-zero exit.
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

export interface Retry {
  workflowId: string;
  /** Activity type (and step, for runOnAgent), or "workflow task". */
  what: string;
  cause: string;
}

type Event = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

function first(payloads: Payloads): unknown {
  const p = payloads?.payloads?.[0];
  if (!p) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(p);
  } catch {
    return undefined; // an encrypted payload: the step name is then unknown
  }
}

function short(text: string | null | undefined, n = 1000): string {
  const t = (text ?? '').trim().split('\n').filter(Boolean).pop() ?? '';
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/**
 * Steps that take their own agent down (agent restart, reboot) run once and expect to lose their task: that is
 * their outcome, not a retry.
 */
const DISRUPTIVE = /^runOnAgent\((restart-mesos-agent|reboot-node)/;

/** The retries one history shows, with their causes. */
export function retriesIn(workflowId: string, events: readonly Event[]): Retry[] {
  const scheduled = new Map<string, string>();
  const out: Retry[] = [];
  for (const e of events) {
    const id = String(e.eventId ?? '');
    const s = e.activityTaskScheduledEventAttributes;
    if (s) {
      const type = s.activityType?.name ?? '?';
      const input = first(s.input) as { taskName?: string } | undefined;
      const what = input?.taskName ? `${type}(${input.taskName})` : type;
      scheduled.set(id, what);
      continue;
    }
    const what = (ref: unknown) => scheduled.get(String(ref ?? '')) ?? '?';
    const started = e.activityTaskStartedEventAttributes;
    if (started && (started.attempt ?? 1) > 1)
      out.push({
        workflowId,
        what: `${what(started.scheduledEventId)} attempt ${started.attempt}`,
        cause: short(started.lastFailure?.message) || 'previous attempt failed',
      });
    const timedOut = e.activityTaskTimedOutEventAttributes;
    if (timedOut)
      out.push({
        workflowId,
        what: what(timedOut.scheduledEventId),
        cause: `timed out: ${short(timedOut.failure?.message)}`,
      });
    const failed = e.activityTaskFailedEventAttributes;
    if (failed) out.push({ workflowId, what: what(failed.scheduledEventId), cause: short(failed.failure?.message) });
    const done = e.activityTaskCompletedEventAttributes;
    if (done && what(done.scheduledEventId).startsWith('runOnAgent')) {
      // runNodeStep re-runs a step that exited non-zero as a new task: the cause is that exit.
      const r = first(done.result) as { exitCode?: number; stderr?: string; stdout?: string } | undefined;
      if (r && typeof r.exitCode === 'number' && r.exitCode !== 0)
        out.push({
          workflowId,
          what: what(done.scheduledEventId),
          cause: `exit ${r.exitCode}: ${short(r.stderr) || short(r.stdout)}`,
        });
    }
    if (e.workflowTaskTimedOutEventAttributes)
      out.push({ workflowId, what: 'workflow task', cause: 'timed out (its worker went away)' });
  }
  return out.filter((r) => !DISRUPTIVE.test(r.what));
}

/** Retries across the given workflows; a workflow that never started (e.g. a node never reached) is skipped. */
export async function retriesOf(client: Client, workflowIds: readonly string[]): Promise<Retry[]> {
  const all: Retry[] = [];
  for (const id of workflowIds) {
    const history = await client.workflow
      .getHandle(id)
      .fetchHistory()
      .catch(() => undefined);
    if (history) all.push(...retriesIn(id, history.events ?? []));
  }
  return all;
}
