// Call builders for tests that drive the simulated master with MiniScheduler.
import { type Call, type CommandInfo, type Offer, type Resource, type TaskInfo } from '../json-form';

export function cpusMem(cpus: number, mem: number, role?: string): Resource[] {
  const alloc = role === undefined ? {} : { allocation_info: { role } };
  return [
    { name: 'cpus', type: 'SCALAR', scalar: { value: cpus }, ...alloc },
    { name: 'mem', type: 'SCALAR', scalar: { value: mem }, ...alloc },
  ];
}

/** A command TaskInfo on the offer's agent, with resources tagged with the offer's role. */
export function commandTask(
  offer: Offer,
  taskId: string,
  command: CommandInfo | string,
  extra: Partial<TaskInfo> = {}
): TaskInfo {
  return {
    name: taskId,
    task_id: { value: taskId },
    agent_id: offer.agent_id,
    resources: cpusMem(0.1, 32, offer.allocation_info?.role),
    command: typeof command === 'string' ? { value: command } : command,
    ...extra,
  };
}

export function launchCall(offers: Offer[], tasks: TaskInfo[], refuseSeconds?: number): Call {
  return {
    type: 'ACCEPT',
    accept: {
      offer_ids: offers.map((o) => o.id),
      operations: [{ type: 'LAUNCH', launch: { task_infos: tasks } }],
      ...(refuseSeconds === undefined ? {} : { filters: { refuse_seconds: refuseSeconds } }),
    },
  };
}

export function declineCall(offers: Offer[], refuseSeconds?: number): Call {
  return {
    type: 'DECLINE',
    decline: {
      offer_ids: offers.map((o) => o.id),
      ...(refuseSeconds === undefined ? {} : { filters: { refuse_seconds: refuseSeconds } }),
    },
  };
}
