// What the histories of finished workflows say: how many events each has and how many activities it scheduled.
import type { Client } from '@temporalio/client';

export interface HistoryCounts {
  workflowId: string;
  events: number;
  activities: number;
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
        out.push({ workflowId, events: events.length, activities });
      }
    })
  );
  return out;
}
