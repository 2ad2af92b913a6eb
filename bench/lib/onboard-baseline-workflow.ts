// The baseline of the onboard bench: a workflow that runs `count` no-op activities one after another, as
// onboardAgent runs its steps one after another. Bundled by the baseline worker (onboard-baseline-worker.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { NoopActivities } from './onboard-baseline-activities';

const { noop } = proxyActivities<NoopActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

export async function noopActivities(count: number): Promise<number> {
  for (let i = 0; i < count; i += 1) await noop(i);
  return count;
}
