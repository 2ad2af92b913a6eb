// What the master does when agents report (status updates, freed resources, executor exits) and
// when they disappear or come back (crash, partition, reboot under a new id, operator removal).
import { isTerminalState } from '../../../proto/codec';
import { type AgentMasterLink, type SimAgent } from '../agent/agent';
import { type TaskState } from '../json-form';
import { type MasterCore } from './core';
import { type MasterTask } from './framework';

const MAX_STATUSES = 20;

export function agentLink(core: MasterCore): AgentMasterLink {
  return {
    statusUpdate(agent, frameworkId, status, latest) {
      if (agent.status !== 'connected') return; // cannot reach the master; the agent retries
      const fw = core.frameworks.get(frameworkId);
      if (!fw) return;
      const tid = status.task_id.value;
      const task = fw.tasks.get(tid) ?? fw.unreachableTasks.get(tid);
      if (task) {
        task.state = latest.state;
        task.latest = latest;
        if (!task.statuses.some((s) => s.uuid === status.uuid)) {
          task.statuses.push(status);
          if (task.statuses.length > MAX_STATUSES) task.statuses.shift();
        }
      }
      fw.send({ type: 'UPDATE', update: { status } });
    },
    terminalAcknowledged(_agent, frameworkId, taskId) {
      const fw = core.frameworks.get(frameworkId);
      const task = fw?.tasks.get(taskId);
      if (fw && task) fw.complete(task);
    },
    resourcesRecovered() {
      core.scheduleAllocation();
    },
    executorExited(agent, frameworkId, executorId, waitStatus) {
      if (agent.status !== 'connected') return;
      const failure: { agent_id: { value: string }; executor_id: { value: string }; status?: number } = {
        agent_id: { value: agent.id },
        executor_id: { value: executorId },
      };
      if (waitStatus !== undefined) failure.status = waitStatus;
      core.frameworks.get(frameworkId)?.send({ type: 'FAILURE', failure });
    },
  };
}

function tasksOn(core: MasterCore, agentId: string): MasterTask[] {
  const out: MasterTask[] = [];
  for (const fw of core.frameworks.values()) {
    for (const t of fw.tasks.values()) if (t.agentId === agentId) out.push(t);
    for (const t of fw.unreachableTasks.values()) if (t.agentId === agentId) out.push(t);
  }
  return out;
}

/**
 * The agent stopped answering (crash or partition) or was removed by the operator: its offer is
 * rescinded, its live tasks become LOST (UNREACHABLE / GONE_BY_OPERATOR when partition-aware),
 * and every framework gets a FAILURE event for the agent.
 */
export function agentLost(core: MasterCore, agent: SimAgent, byOperator: boolean): void {
  const offer = core.offers.forAgent(agent.id);
  if (offer) core.rescind(offer);
  for (const t of tasksOn(core, agent.id)) {
    const fw = core.frameworks.get(t.frameworkId);
    if (!fw) continue;
    if (isTerminalState(t.state)) {
      fw.complete(t);
      continue;
    }
    const paState: TaskState = byOperator ? 'TASK_GONE_BY_OPERATOR' : 'TASK_UNREACHABLE';
    t.state = fw.partitionAware ? paState : 'TASK_LOST';
    const reason = byOperator ? 'REASON_AGENT_REMOVED_BY_OPERATOR' : 'REASON_AGENT_REMOVED';
    const why = byOperator ? 'removed by the operator' : 'unreachable: health check timed out';
    const status = core.masterUpdate(
      fw,
      t.info.task_id.value,
      t.state,
      reason,
      `Agent ${agent.hostname} is ${why}`,
      agent.id
    );
    t.latest = status;
    fw.tasks.delete(t.info.task_id.value);
    if (byOperator) fw.complete(t);
    else fw.unreachableTasks.set(t.info.task_id.value, t);
  }
  for (const fw of core.frameworks.values()) fw.send({ type: 'FAILURE', failure: { agent_id: { value: agent.id } } });
  core.scheduleAllocation();
}

/** The agent registers again: under its old id its surviving tasks resume; under a new id they stay unreachable. */
export function agentBack(core: MasterCore, agent: SimAgent, previousId: string | undefined): void {
  if (previousId !== undefined && previousId !== agent.id) {
    core.agentsById.delete(previousId);
    core.retiredAgents.set(previousId, 'unreachable');
    core.agentsById.set(agent.id, agent);
  } else {
    for (const t of tasksOn(core, agent.id)) {
      const fw = core.frameworks.get(t.frameworkId);
      if (!fw || !fw.unreachableTasks.has(t.info.task_id.value)) continue;
      const running = agent.task(t.frameworkId, t.info.task_id.value);
      fw.unreachableTasks.delete(t.info.task_id.value);
      if (running) {
        t.state = running.state;
        fw.tasks.set(t.info.task_id.value, t);
      } else {
        fw.complete(t); // the agent restarted without it: the task is gone for good
      }
    }
  }
  core.scheduleAllocation();
}
