// Runs a batch of workflows through a window of at most `window` running at once (as the supervisor on-boards
// at most maxParallelOnboardings nodes at a time), reporting progress; the figure is workflows completed per
// second from the first start call to the last completion. Used the same way for the on-boarding and for its
// baseline, so both pay the same client-side costs and see the same concurrency.
import { WorkflowFailedError, type Client } from '@temporalio/client';

export interface BatchItem {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  args: unknown[];
}

export interface BatchResult {
  seconds: number;
  /** Completed (not failed) workflows per second. */
  perS: number;
  completed: number;
  failures: { workflowId: string; message: string }[];
}

export async function runBatch(
  client: Client,
  items: BatchItem[],
  window: number,
  log: (text: string) => void,
  opts: { progressEveryMs?: number; stallAfterMs?: number } = {}
): Promise<BatchResult> {
  const { progressEveryMs = 10_000, stallAfterMs = 600_000 } = opts;
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  let completed = 0;
  const failures: BatchResult['failures'] = [];
  // A run where nothing finishes for `stallAfterMs` is stuck (e.g. no offers): end it with that, not hang.
  let lastDone = 0;
  let lastChange = performance.now();
  let stalled!: (err: Error) => void;
  const stall = new Promise<never>((_, reject) => (stalled = reject));
  const timer = setInterval(() => {
    const done = completed + failures.length;
    if (done !== lastDone) [lastDone, lastChange] = [done, performance.now()];
    log(`${completed}/${items.length} completed after ${elapsed().toFixed(0)} s, ${failures.length} failed`);
    if (performance.now() - lastChange > stallAfterMs)
      stalled(new Error(`stalled: no workflow finished for ${stallAfterMs / 1000} s (${done}/${items.length} done)`));
  }, progressEveryMs);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as BatchItem;
      const { workflowId, taskQueue, args } = item;
      const handle = await client.workflow.start(item.workflowType, { workflowId, taskQueue, args });
      try {
        await handle.result();
        completed += 1;
      } catch (err) {
        // A failed workflow is counted and described; anything else (the server gone, a timeout) ends the bench.
        if (!(err instanceof WorkflowFailedError)) throw err;
        const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
        failures.push({ workflowId, message: `${err.message}${cause}` });
      }
    }
  };
  try {
    await Promise.race([Promise.all(Array.from({ length: Math.min(window, items.length) }, lane)), stall]);
  } finally {
    clearInterval(timer);
  }
  const seconds = elapsed();
  return { seconds, perS: completed / seconds, completed, failures };
}
