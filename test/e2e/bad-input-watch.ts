// How bad-input.test.ts tells what a workflow made of its input, from the outside: by its result, its history and
// its pending work, without clocks (each verdict waits for a state, not for time to pass).
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { endProcedureSignal } from '../../common/messages';
import type { SupervisorInput } from '../../common/supervisor';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Seen {
  outcome: string;
  type?: string | undefined;
  nonRetryable?: boolean;
  message: string;
  /** Activities or child workflows it started beyond the allowed ones. */
  acted: string[];
}

function failureOf(err: unknown, status: string, acted: string[]): Seen {
  const cause = err instanceof WorkflowFailedError ? err.cause : undefined;
  if (cause instanceof ApplicationFailure) {
    const { type, nonRetryable, message } = cause;
    return { outcome: 'failed', type: type ?? undefined, nonRetryable: nonRetryable === true, message, acted };
  }
  return { outcome: err ? `failed: ${String(cause ?? err)}` : `${status}: accepted`, message: '', acted };
}

/**
 * Watches a run until it shows what it made of its input: closed (failed or completed), a workflow task failure
 * (a plain error: the server retries it forever), an activity retrying, something started beyond `allowed`, or
 * running with nothing pending (it accepted the input and waits). Anything but "closed" is terminated here.
 */
export async function settle(h: WorkflowHandle, allowed: readonly string[]): Promise<Seen> {
  const closed = h.result().then(
    () => ({ err: undefined as unknown }),
    (err: unknown) => ({ err })
  );
  for (;;) {
    const end = await Promise.race([closed, sleep(400).then(() => undefined)]);
    const [d, history] = await Promise.all([h.describe(), h.fetchHistory()]);
    const events = history.events ?? [];
    const acted = events.flatMap((e) => {
      const name =
        e.activityTaskScheduledEventAttributes?.activityType?.name ??
        e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name;
      return name && !allowed.includes(name) ? [name] : [];
    });
    if (end || d.status.name !== 'RUNNING') return failureOf((await closed).err, d.status.name, acted);
    const stuck = events.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes;
    const retrying = d.raw.pendingActivities?.find((a) => (a.attempt ?? 1) > 1);
    const idle = !d.raw.pendingWorkflowTask && !d.raw.pendingActivities?.length && !d.raw.pendingChildren?.length;
    let verdict: Omit<Seen, 'acted'> | undefined;
    if (stuck) verdict = { outcome: 'workflow task failure (retried forever)', message: stuck.failure?.message ?? '' };
    else if (acted.length) verdict = { outcome: 'went on past its input check', message: '' };
    else if (retrying)
      verdict = {
        outcome: `activity ${retrying.activityType?.name} retrying`,
        message: retrying.lastFailure?.message ?? '',
      };
    else if (idle) verdict = { outcome: 'running: accepted the input', message: '' };
    if (verdict) {
      await h.terminate('bad-input test: the input was not refused');
      return { ...verdict, acted };
    }
  }
}

/** Runs `fn` over `items`, at most `limit` at a time; results in order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (x: T, i: number) => Promise<R>) {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return out;
}

/**
 * The input a supervisor's first run handed to its next run (its whole state: policy, members, procedures), or
 * 'wedged' when a workflow task failed. No-op endProcedure signals grow the history until it continues as new.
 */
export async function carriedState(client: Client, id: string, runId: string): Promise<SupervisorInput | 'wedged'> {
  const run = client.workflow.getHandle(id, runId);
  for (let nudges = 0; nudges < 20;) {
    const [d, history] = await Promise.all([run.describe(), run.fetchHistory()]);
    const events = history.events ?? [];
    if (events.some((e) => e.workflowTaskFailedEventAttributes)) return 'wedged';
    const next = events.find((e) => e.workflowExecutionContinuedAsNewEventAttributes);
    const payload = next?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0];
    if (payload) return defaultPayloadConverter.fromPayload<SupervisorInput>(payload);
    if (d.raw.pendingWorkflowTask) await sleep(50);
    else {
      nudges += 1;
      await run.signal(endProcedureSignal, { workflowId: 'no-such-procedure' });
    }
  }
  throw new Error(`${id} never continued as new`);
}

/** A short rendering of a value, to compare and to read in a failed expectation. */
export function brief(v: unknown): string {
  const text = JSON.stringify(v) ?? 'nothing';
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}

/** A JSON copy without clock fields, to compare simulator snapshots before and after. */
export function timeless(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x), (k, v: unknown) => (/^(nowMs|atMs|time|.*At|.*Time)$/.test(k) ? undefined : v));
}
