// Node-side steps: the step builders turn a request into a command for runOnAgent (recorded in history as the
// activity's result, so the operator reads exactly what ran), and the results are read back into facts.
import { ApplicationFailure } from '@temporalio/common';
import { describeProblems, InputError } from '../../common/errors';
import type { RunOnAgentInput } from '../../common/mesos-activities';
import { buildProbeStep, parseNodeFacts, type NodeFacts, type Step } from '../install';

/** The runOnAgent request of a step on one node. */
export function runInputOf(hostname: string, step: Step): RunOnAgentInput {
  return {
    hostname,
    taskName: step.name,
    command: step.command,
    uris: step.uris.map((u) => ({ value: u.value, ...(u.executable ? { executable: true } : {}) })),
    env: step.env,
    secretEnv: step.secretEnv,
    resources: step.resources,
    timeoutMs: step.timeoutMs,
  };
}

function asFailure(err: unknown): unknown {
  return err instanceof InputError
    ? ApplicationFailure.create({
        message: describeProblems(err.what, err.problems),
        type: err.type,
        nonRetryable: true,
      })
    : err;
}

export function createNodeStepActivities() {
  return {
    async planNodeProbe(input: { hostname: string }): Promise<RunOnAgentInput> {
      return runInputOf(input.hostname, buildProbeStep());
    },

    async readNodeFacts(input: { stdout: string; scaleioDevices?: string[] }): Promise<NodeFacts> {
      try {
        return parseNodeFacts(input.stdout, input.scaleioDevices ? { scaleioDevices: input.scaleioDevices } : {});
      } catch (err) {
        throw asFailure(err);
      }
    },
  };
}
