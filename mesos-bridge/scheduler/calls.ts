// Builders of the non-SUBSCRIBE Calls, in Mesos JSON form. They check their arguments first so a
// mistake is a SchedulerInputError naming the argument, not a 400 (or a silently dropped field).
import type { Call, Filters, FrameworkInfo, Id, OfferOperation, TaskStatus } from '../../proto/types';
import { SchedulerInputError } from './errors';

/** An id given either as its string value or in wire form `{value}`. */
export type IdLike = string | Id;

/** Longest decline filter the master honours (one year). */
export const MAX_REFUSE_SECONDS = 31_536_000;

function id(field: string, v: unknown): Id {
  const value = typeof v === 'object' && v !== null ? (v as { value?: unknown }).value : v;
  if (typeof value !== 'string' || value === '')
    throw new SchedulerInputError(field, `must be a non-empty id, got ${JSON.stringify(v)}`);
  return { value };
}

function ids(field: string, v: unknown): Id[] {
  if (!Array.isArray(v) || v.length === 0) throw new SchedulerInputError(field, 'must be a non-empty array of ids');
  return v.map((x, i) => id(`${field}[${i}]`, x));
}

function roles(field: string, v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SchedulerInputError(field, 'must be an array of role names');
  return v.map((r, i) => {
    if (typeof r !== 'string' || r === '') throw new SchedulerInputError(`${field}[${i}]`, 'must be a non-empty role');
    return r;
  });
}

function filters(field: string, f: Filters | undefined): Filters | undefined {
  if (f === undefined) return undefined;
  const s = f.refuse_seconds;
  if (s !== undefined && (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > MAX_REFUSE_SECONDS))
    throw new SchedulerInputError(`${field}.refuse_seconds`, `must be between 0 and ${MAX_REFUSE_SECONDS}, got ${s}`);
  return f;
}

/** A status uuid must be exactly 16 bytes in base64, or the master answers 400. */
export function checkUuid(field: string, uuid: unknown): string {
  if (typeof uuid !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(uuid))
    throw new SchedulerInputError(field, 'must be a base64 string');
  const n = Buffer.from(uuid, 'base64').length;
  if (n !== 16) throw new SchedulerInputError(field, `must decode to 16 bytes, got ${n}`);
  return uuid;
}

export function acceptCall(offerIds: IdLike[], operations: OfferOperation[], f?: Filters): Call {
  if (!Array.isArray(operations)) throw new SchedulerInputError('operations', 'must be an array');
  const accept: NonNullable<Call['accept']> = { offer_ids: ids('offerIds', offerIds), operations };
  const checked = filters('filters', f);
  if (checked) accept.filters = checked;
  return { type: 'ACCEPT', accept };
}

export function declineCall(offerIds: IdLike[], refuseSeconds?: number): Call {
  const decline: NonNullable<Call['decline']> = { offer_ids: ids('offerIds', offerIds) };
  if (refuseSeconds !== undefined) {
    decline.filters = filters('refuseSeconds', { refuse_seconds: refuseSeconds });
  }
  return { type: 'DECLINE', decline };
}

export function suppressCall(r?: string[]): Call {
  return { type: 'SUPPRESS', suppress: { roles: roles('roles', r) } };
}

export function reviveCall(r?: string[]): Call {
  return { type: 'REVIVE', revive: { roles: roles('roles', r) } };
}

export function killCall(taskId: IdLike, agentId?: IdLike): Call {
  const kill: NonNullable<Call['kill']> = { task_id: id('taskId', taskId) };
  if (agentId !== undefined) kill.agent_id = id('agentId', agentId);
  return { type: 'KILL', kill };
}

export function acknowledgeCall(agentId: IdLike, taskId: IdLike, uuid: string): Call {
  return {
    type: 'ACKNOWLEDGE',
    acknowledge: { agent_id: id('agentId', agentId), task_id: id('taskId', taskId), uuid: checkUuid('uuid', uuid) },
  };
}

/** The ACKNOWLEDGE for an update, or undefined when it carries no uuid (must not be acked). */
export function acknowledgeCallFor(status: TaskStatus): Call | undefined {
  if (status.uuid === undefined || status.uuid === '') return undefined;
  if (!status.agent_id) throw new SchedulerInputError('status.agent_id', 'is required to acknowledge an update');
  return acknowledgeCall(status.agent_id, status.task_id, status.uuid);
}

export interface ReconcileTask {
  taskId: IdLike;
  agentId?: IdLike;
}

/** Explicit reconciliation of the listed tasks; an empty list is implicit reconciliation. */
export function reconcileCall(tasks: ReconcileTask[]): Call {
  if (!Array.isArray(tasks)) throw new SchedulerInputError('tasks', 'must be an array (empty = implicit)');
  return {
    type: 'RECONCILE',
    reconcile: {
      tasks: tasks.map((t, i) => {
        const task: { task_id: Id; agent_id?: Id } = { task_id: id(`tasks[${i}].taskId`, t?.taskId) };
        if (t.agentId !== undefined) task.agent_id = id(`tasks[${i}].agentId`, t.agentId);
        return task;
      }),
    },
  };
}

export function teardownCall(): Call {
  return { type: 'TEARDOWN' };
}

/**
 * SUBSCRIBE: a known id goes both at the top level and in framework_info.id (the master answers
 * 400 if they differ); no id registers a new framework.
 */
export function subscribeCall(info: FrameworkInfo, frameworkId: string | undefined, suppressedRoles: string[]): Call {
  const frameworkInfo: FrameworkInfo = { ...info };
  delete frameworkInfo.id;
  const call: Call = { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo } };
  if (suppressedRoles.length > 0 && call.subscribe) call.subscribe.suppressed_roles = [...suppressedRoles];
  if (frameworkId !== undefined) {
    frameworkInfo.id = { value: frameworkId };
    call.framework_id = { value: frameworkId };
  }
  return call;
}
