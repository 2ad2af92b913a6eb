// Runs planned steps on a node through the bridge and reads their STEP-RESULT line. A step that exits non-zero
// is re-run as a new Mesos task (its own task id) after a backoff timer, so each attempt and its cause show in
// history; a step that refuses (downgrade, conflict) fails at once.
import { ActivityFailure, ApplicationFailure, sleep } from '@temporalio/workflow';
import { ErrorType } from '../../common/errors';
import { MesosErrorType, type RunOnAgentInput, type RunOnAgentResult } from '../../common/mesos-activities';
import type { PlannedStep } from '../../common/node-steps';
import { parseStepResult, type StepResult } from '../../common/step-result';
import { mesos, mesosAgentMayLeave } from './mesos';

export interface StepOutcome extends StepResult {
  step: string;
  hostname: string;
  taskId: string;
  /** The Mesos agent the step ran on (a rebooted node comes back under a new one). */
  agentId?: string;
  attempts: number;
  reattached: boolean;
}

/** Exit codes the builders use for "will not do it": 3 refused downgrade, 4 conflict. */
const REFUSALS = new Set([3, 4]);
const MAX_ATTEMPTS = 3;

function tail(text: string, n = 600): string {
  const t = text.trim();
  return t.length > n ? `…${t.slice(-n)}` : t;
}

function stepFailure(run: RunOnAgentInput, r: RunOnAgentResult, attempts: number): ApplicationFailure {
  const why = tail(r.stderr) || tail(r.stdout) || 'no output';
  return ApplicationFailure.nonRetryable(
    `step ${run.taskName} on ${run.hostname} exited ${r.exitCode} (${r.state}) after ${attempts} attempt${attempts > 1 ? 's' : ''}: ${why}`,
    ErrorType.StepFailed,
    { hostname: run.hostname, step: run.taskName, exitCode: r.exitCode, taskId: r.taskId }
  );
}

export async function runNodeStep(planned: PlannedStep, via: typeof mesos = mesos): Promise<StepOutcome> {
  const { foundByProbe, ...run } = planned;
  // The planner saw it done in the node's probe (facts in history): nothing to launch.
  if (foundByProbe)
    return {
      changed: false,
      status: 'found',
      detail: foundByProbe,
      step: run.taskName,
      hostname: run.hostname,
      taskId: '',
      attempts: 0,
      reattached: false,
    };
  for (let attempt = 1; ; attempt++) {
    const input = attempt === 1 ? run : { ...run, taskName: `${run.taskName}-retry${attempt - 1}` };
    const r = await via.runOnAgent(input);
    const result = parseStepResult(r.stdout);
    if (r.exitCode === 0 && result) {
      return {
        ...result,
        step: run.taskName,
        hostname: run.hostname,
        taskId: r.taskId,
        agentId: r.agentId,
        attempts: attempt,
        reattached: r.reattached,
      };
    }
    if (r.exitCode === 0 || REFUSALS.has(r.exitCode) || attempt >= MAX_ATTEMPTS) {
      if (r.exitCode === 0) r.stderr = `${r.stderr}\nthe step printed no STEP-RESULT line`;
      throw stepFailure(run, r, attempt);
    }
    await sleep(5_000 * 2 ** (attempt - 1));
  }
}

/** Runs steps one after another (their order matters on one node). */
export async function runNodeSteps(runs: readonly PlannedStep[]): Promise<StepOutcome[]> {
  const out: StepOutcome[] = [];
  for (const run of runs) out.push(await runNodeStep(run));
  return out;
}

/**
 * A step that takes the node or its agent down (reboot, agent restart): losing the task or the agent is the
 * expected outcome, not a failure. The next step waits for the node's next offer.
 */
export async function runDisruptiveStep(run: RunOnAgentInput): Promise<'reported' | 'agent-went-down'> {
  try {
    await runNodeStep(run, mesosAgentMayLeave);
    return 'reported';
  } catch (err) {
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (
      cause instanceof ApplicationFailure &&
      (cause.type === MesosErrorType.AgentGone || cause.type === MesosErrorType.TaskLost)
    )
      return 'agent-went-down';
    throw err;
  }
}

/** One line for a step's progress detail, e.g. "installed 2.0-10000.2072" or "unchanged". */
export function describeOutcome(o: StepOutcome): string {
  if (o.status === 'found' && o.detail) return o.detail;
  const parts = [o.status];
  if (o.version) parts.push(o.version);
  if (o.previousVersion) parts.push(`(was ${o.previousVersion})`);
  if (o.attempts > 1) parts.push(`after ${o.attempts} attempts`);
  if (o.reattached) parts.push('(reattached)');
  return parts.join(' ');
}
