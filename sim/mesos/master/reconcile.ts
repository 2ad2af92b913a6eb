// RECONCILE: the master answers from what it knows, with uuid-less SOURCE_MASTER updates carrying
// REASON_RECONCILIATION; unknown tasks get the state from the table in master.cpp's reconcile().
import { type TaskState, type TaskStatus } from '../json-form';
import { type MasterCore } from './core';
import { type Framework, type MasterTask } from './framework';

type ReconcileItem = { task_id: { value: string }; agent_id?: { value: string } };

function knownTaskStatus(t: MasterTask): TaskStatus {
  const status: TaskStatus = {
    task_id: { value: t.info.task_id.value },
    state: t.state,
    source: 'SOURCE_MASTER',
    reason: 'REASON_RECONCILIATION',
    message: 'Reconciliation: Latest task state',
    agent_id: { value: t.agentId },
    timestamp: Date.now() / 1000,
  };
  const executorId = t.latest?.executor_id;
  if (executorId) status.executor_id = executorId;
  return status;
}

function send(fw: Framework, status: TaskStatus): void {
  fw.send({ type: 'UPDATE', update: { status } });
}

function unknownTask(core: MasterCore, fw: Framework, item: ReconcileItem): void {
  const agentId = item.agent_id?.value;
  const agent = agentId === undefined ? undefined : core.agentsById.get(agentId);
  const retired = agentId === undefined ? undefined : core.retiredAgents.get(agentId);
  let pa: TaskState;
  let message: string;
  if (agent && agent.status === 'connected') {
    pa = 'TASK_GONE';
    message = 'Reconciliation: Task is unknown to the agent';
  } else if ((agent && agent.status !== 'removed') || retired === 'unreachable') {
    pa = 'TASK_UNREACHABLE';
    message = 'Reconciliation: Task is unreachable';
  } else if (retired === 'gone' || agent?.status === 'removed') {
    pa = 'TASK_GONE_BY_OPERATOR';
    message = 'Reconciliation: Task is gone';
  } else {
    pa = 'TASK_UNKNOWN';
    message = 'Reconciliation: Task is unknown';
  }
  const status: TaskStatus = {
    task_id: { value: item.task_id.value },
    state: fw.partitionAware ? pa : 'TASK_LOST',
    source: 'SOURCE_MASTER',
    reason: 'REASON_RECONCILIATION',
    message,
    timestamp: Date.now() / 1000,
  };
  if (agentId !== undefined) status.agent_id = { value: agentId };
  send(fw, status);
}

/** Explicit reconciliation of the listed tasks. */
export function reconcileTasks(core: MasterCore, fw: Framework, items: ReconcileItem[]): void {
  for (const item of items) {
    const tid = item.task_id.value;
    const known = fw.tasks.get(tid) ?? fw.unreachableTasks.get(tid);
    if (known && (item.agent_id === undefined || item.agent_id.value === known.agentId))
      send(fw, knownTaskStatus(known));
    else unknownTask(core, fw, item);
  }
}

/** Implicit reconciliation: the latest state of every task the master knows for this framework. */
export function reconcileAll(fw: Framework): void {
  for (const t of fw.tasks.values()) send(fw, knownTaskStatus(t));
  for (const t of fw.unreachableTasks.values()) send(fw, knownTaskStatus(t));
}
