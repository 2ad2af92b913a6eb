// One line per failed workflow, read from its history: which activity gave up, on which step, and how
// (timeout type, attempt, seconds from its start to the end), so a bench run that fails says why.
import type { Client, WorkflowHandle } from '@temporalio/client';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** temporal.api.enums.v1.TimeoutType, as operators read it. */
const TIMEOUT_TYPES: Record<number, string> = {
  1: 'start-to-close',
  2: 'schedule-to-start',
  3: 'schedule-to-close',
  4: 'heartbeat',
};

function seconds(t: HistoryEvent['eventTime']): number {
  return t ? Number(t.seconds ?? 0) + (t.nanos ?? 0) / 1e9 : NaN;
}

/** The `taskName` of a runOnAgent input (JSON payload), if any. */
function stepOf(scheduled: HistoryEvent | undefined): string {
  const data = scheduled?.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data;
  if (!data) return '';
  try {
    const input = JSON.parse(Buffer.from(data).toString('utf8')) as { taskName?: unknown };
    return typeof input.taskName === 'string' ? ` ${input.taskName}` : '';
  } catch {
    return '';
  }
}

export async function describeFailure(client: Client, workflowId: string): Promise<string> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const last = [...events]
    .reverse()
    .find((e) => e.activityTaskTimedOutEventAttributes || e.activityTaskFailedEventAttributes);
  if (!last) return `${workflowId}: no failed activity in its history`;
  const a = last.activityTaskTimedOutEventAttributes ?? last.activityTaskFailedEventAttributes;
  const scheduled = byId.get(Number(a?.scheduledEventId));
  const started = byId.get(Number(a?.startedEventId));
  const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
  const failure = a?.failure;
  const how = failure?.timeoutFailureInfo
    ? `timed out (${TIMEOUT_TYPES[Number(failure.timeoutFailureInfo.timeoutType)] ?? String(failure.timeoutFailureInfo.timeoutType)})`
    : `failed: ${failure?.message ?? '?'}`;
  const attempt = started?.activityTaskStartedEventAttributes?.attempt ?? '?';
  const ran = seconds(last.eventTime) - seconds(started?.eventTime ?? scheduled?.eventTime);
  return `${workflowId}: ${type}${stepOf(scheduled)} ${how}, attempt ${attempt}, ${ran.toFixed(1)} s after it started`;
}
