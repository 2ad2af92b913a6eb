// Probing a node: one read-only task through the bridge, its output read into typed facts by an activity.
import { ApplicationFailure } from '@temporalio/workflow';
import type { NodeFacts } from '../../activities/install';
import { ErrorType } from '../../common/errors';
import { mesos } from './mesos';
import { planner } from './scaleio';

/** `suffix` gives a second probe within one workflow run its own Mesos task. */
export async function probeFacts(hostname: string, suffix?: string): Promise<NodeFacts> {
  const step = await planner.planNodeProbe({ hostname });
  const run = await mesos.runOnAgent(suffix ? { ...step, taskName: `${step.taskName}-${suffix}` } : step);
  if (run.exitCode !== 0) {
    throw ApplicationFailure.nonRetryable(
      `the probe exited with ${run.exitCode} on ${hostname}: ${run.stderr.slice(-500)}`,
      ErrorType.StepFailed
    );
  }
  return planner.readNodeFacts({ stdout: run.stdout });
}
