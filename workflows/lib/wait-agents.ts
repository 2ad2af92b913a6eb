// Waiting, with a visible reason and a deadline, until the bridge knows enough eligible agents.
import { ApplicationFailure, sleep, workflowInfo } from '@temporalio/workflow';
import type { AgentInfo } from '../../common/agents';
import { ErrorType } from '../../common/errors';
import { mesos } from './mesos';
import type { Plan } from './plan';

/**
 * Polls the bridge's agent list until `enough` says yes (returning its result) or the deadline passes
 * (NotEnoughAgents with the last reason). Polls back off from 2 s to 30 s, so a long wait adds little history.
 */
export async function waitForAgents<T>(
  plan: Plan,
  phase: string,
  step: string,
  timeoutMs: number,
  enough: (agents: AgentInfo[]) => { ok: true; value: T } | { ok: false; reason: string }
): Promise<{ value: T; agents: AgentInfo[] }> {
  plan.enter(phase);
  const start = workflowInfo().runStartTime.getTime();
  let delay = 2_000;
  for (;;) {
    const agents = await mesos.listAgents();
    const r = enough(agents);
    if (r.ok) {
      plan.set(phase, step, 'COMPLETE', `${agents.length} agents known`);
      return { value: r.value, agents };
    }
    const waited = Date.now() - start; // workflow time: deterministic in the sandbox
    if (waited >= timeoutMs) {
      plan.set(phase, step, 'ERROR', r.reason);
      throw ApplicationFailure.nonRetryable(
        `gave up after ${Math.round(waited / 1000)} s: ${r.reason}`,
        ErrorType.NotEnoughAgents
      );
    }
    plan.set(phase, step, 'WAITING', `${r.reason}; waiting for more agents (${Math.round(waited / 1000)} s so far)`);
    await sleep(Math.min(delay, timeoutMs - waited));
    delay = Math.min(delay * 2, 30_000);
  }
}
