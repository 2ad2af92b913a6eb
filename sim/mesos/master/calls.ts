// Validation of a decoded scheduler Call (the 400 messages of validation.cpp) and dispatch of the
// non-SUBSCRIBE calls once the HTTP layer has answered 202.
import { type Call } from '../json-form';
import { type MasterCore } from './core';
import { type Framework } from './framework';
import { reconcileAll, reconcileTasks } from './reconcile';
import { removeFramework } from './subscribe';
import { accept, acknowledge, decline, kill, shutdownExecutor } from './tasks';

const PAYLOAD_FIELD: Record<string, keyof Call | undefined> = {
  SUBSCRIBE: 'subscribe',
  ACCEPT: 'accept',
  DECLINE: 'decline',
  ACCEPT_INVERSE_OFFERS: 'accept_inverse_offers',
  DECLINE_INVERSE_OFFERS: 'decline_inverse_offers',
  KILL: 'kill',
  SHUTDOWN: 'shutdown',
  ACKNOWLEDGE: 'acknowledge',
  ACKNOWLEDGE_OPERATION_STATUS: 'acknowledge_operation_status',
  RECONCILE: 'reconcile',
  RECONCILE_OPERATIONS: 'reconcile_operations',
  MESSAGE: 'message',
  REQUEST: 'request',
  UPDATE_FRAMEWORK: 'update_framework',
};

/** Returns the validation error of a call (without the "Failed to validate" prefix), if any. */
export function validateCall(call: Call): string | undefined {
  if (!call.type) return "Expecting 'type' to be present";
  if (call.type !== 'SUBSCRIBE' && !call.framework_id) return "Expecting 'framework_id' to be present";
  const field = PAYLOAD_FIELD[call.type];
  if (field && call[field] === undefined) return `Expecting '${field}' to be present`;
  if (call.type === 'SUBSCRIBE') {
    const infoId = call.subscribe?.framework_info.id?.value;
    if (call.framework_id && infoId !== call.framework_id.value)
      return "'framework_id' differs from 'subscribe.framework_info.id'";
  }
  if (call.type === 'ACKNOWLEDGE') {
    const bytes = Buffer.from(call.acknowledge?.uuid ?? '', 'base64');
    if (bytes.length !== 16) return `Not a valid UUID: expected 16 bytes, got ${bytes.length}`;
  }
  if (call.type === 'UPDATE_FRAMEWORK') {
    const infoId = call.update_framework?.framework_info.id?.value;
    if (infoId !== call.framework_id?.value) return "'framework_id' differs from 'update_framework.framework_info.id'";
  }
  return undefined;
}

/** UPDATE_FRAMEWORK is answered synchronously (200 or 400); returns the 400 message if refused. */
export function updateFramework(core: MasterCore, fw: Framework, call: Call): string | undefined {
  const body = call.update_framework;
  if (!body) return "Expecting 'update_framework' to be present";
  const next = body.framework_info;
  for (const f of ['principal', 'user', 'checkpoint'] as const) {
    if ((next[f] ?? undefined) !== (fw.info[f] ?? undefined)) return `Updating 'FrameworkInfo.${f}' is unsupported`;
  }
  fw.info = { ...next, id: { value: fw.id } };
  fw.suppressedRoles.clear();
  for (const r of body.suppressed_roles ?? []) fw.suppressedRoles.add(r);
  core.scheduleAllocation();
  return undefined;
}

function rolesOrAll(fw: Framework, roles: string[] | undefined): string[] {
  return roles && roles.length > 0 ? roles : fw.roles;
}

/** Applies an accepted (202) call; all outcomes travel as events. */
export function dispatchCall(core: MasterCore, fw: Framework, call: Call): void {
  switch (call.type) {
    case 'TEARDOWN':
      return removeFramework(core, fw);
    case 'ACCEPT':
      return call.accept && accept(core, fw, call.accept);
    case 'DECLINE':
      return call.decline && decline(core, fw, call.decline);
    case 'REVIVE':
      for (const r of rolesOrAll(fw, call.revive?.roles)) fw.suppressedRoles.delete(r);
      fw.clearFilters();
      return core.scheduleAllocation();
    case 'SUPPRESS':
      for (const r of rolesOrAll(fw, call.suppress?.roles)) fw.suppressedRoles.add(r);
      return;
    case 'KILL':
      return call.kill && kill(core, fw, call.kill);
    case 'SHUTDOWN':
      return call.shutdown && shutdownExecutor(core, fw, call.shutdown);
    case 'ACKNOWLEDGE':
      return call.acknowledge && acknowledge(core, fw, call.acknowledge);
    case 'RECONCILE': {
      const tasks = call.reconcile?.tasks ?? [];
      return tasks.length === 0 ? reconcileAll(fw) : reconcileTasks(core, fw, tasks);
    }
    default:
      // MESSAGE, REQUEST, inverse offers and operation feedback: accepted, nothing to simulate.
      return;
  }
}
