// Framework lifecycle: SUBSCRIBE (new, re-subscribe, failover of a live stream), disconnection
// with its failover timeout, and removal (TEARDOWN or expiry), after which the id is dead.
import type http from 'node:http';
import { type WireFormat } from '../../../proto/codec';
import { type Call, type FrameworkInfo } from '../json-form';
import { type MasterCore } from './core';
import { Framework } from './framework';
import { SubscriptionStream } from './stream';

function rolesProblem(info: FrameworkInfo): string | undefined {
  const multiRole = (info.capabilities ?? []).some((c) => c.type === 'MULTI_ROLE');
  if (multiRole && info.role !== undefined)
    return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
  if (!multiRole && (info.roles ?? []).length > 0)
    return "'FrameworkInfo.roles' must be empty when the framework is not MULTI_ROLE capable";
  return undefined;
}

/** Answers a validated SUBSCRIBE: the response becomes the framework's event stream. */
export function subscribe(
  core: MasterCore,
  call: Call,
  res: http.ServerResponse,
  format: WireFormat,
  principal: string | undefined
): void {
  const sub = call.subscribe;
  if (!sub) return;
  const info = { ...sub.framework_info };
  if (principal !== undefined && info.principal === undefined) info.principal = principal;
  const requestedId = call.framework_id?.value ?? info.id?.value;
  let fw: Framework | undefined;
  const stream = new SubscriptionStream(res, format, (s) => {
    if (fw) disconnected(core, fw, s);
  });
  const refuse = (message: string): void => {
    stream.send({ type: 'ERROR', error: { message } });
    stream.end();
  };
  if (requestedId !== undefined && core.removedFrameworks.has(requestedId)) return refuse('Framework has been removed');
  const problem = rolesProblem(info);
  if (problem) return refuse(problem);

  fw = requestedId === undefined ? undefined : core.frameworks.get(requestedId);
  const isNew = !fw;
  if (!fw) {
    const id = requestedId ?? core.newFrameworkId();
    fw = new Framework(id, { ...info, id: { value: id } }, principal);
    core.frameworks.set(id, fw);
  } else {
    clearTimeout(fw.failoverTimer);
    fw.failoverTimer = undefined;
    const old = fw.stream;
    if (old?.isOpen) {
      old.send({ type: 'ERROR', error: { message: 'Framework failed over' } });
      old.end();
    }
    // As on a real master, re-subscribing may change FrameworkInfo except `user` and `checkpoint`.
    fw.info = { ...info, id: { value: fw.id }, user: fw.info.user, checkpoint: fw.info.checkpoint ?? false };
    fw.reregisteredTime = Date.now() / 1000;
    fw.unregisteredTime = undefined;
  }
  fw.stream = stream;
  fw.suppressedRoles.clear();
  for (const r of sub.suppressed_roles ?? []) fw.suppressedRoles.add(r);
  stream.send({
    type: 'SUBSCRIBED',
    subscribed: {
      framework_id: { value: fw.id },
      heartbeat_interval_seconds: core.opts.heartbeatIntervalSeconds,
      master_info: core.masterInfo,
    },
  });
  stream.startHeartbeats(core.opts.heartbeatIntervalSeconds);
  // Offers made to the previous connection are void; say so on the new one.
  if (!isNew) core.rescindOffersOf(fw);
  core.scheduleAllocation();
}

/** The subscription connection broke: offers go back, and the failover timeout starts. */
function disconnected(core: MasterCore, fw: Framework, stream: SubscriptionStream): void {
  if (fw.stream !== stream || !core.frameworks.has(fw.id)) return;
  fw.unregisteredTime = Date.now() / 1000;
  core.removeOffersOf(fw);
  if (core.leader) return; // a non-leading master keeps no timers; the leader decides
  const seconds = fw.info.failover_timeout ?? 0;
  clearTimeout(fw.failoverTimer);
  fw.failoverTimer = setTimeout(
    () => {
      if (!fw.connected) removeFramework(core, fw);
    },
    Math.min(seconds * 1000, 2 ** 31 - 1)
  );
  fw.failoverTimer.unref();
}

/** TEARDOWN or failover expiry: kill every task, close the stream, and retire the id. */
export function removeFramework(core: MasterCore, fw: Framework): void {
  clearTimeout(fw.failoverTimer);
  const agentIds = new Set([...fw.tasks.values(), ...fw.unreachableTasks.values()].map((t) => t.agentId));
  for (const agentId of agentIds) core.agentsById.get(agentId)?.removeFramework(fw.id);
  for (const t of [...fw.tasks.values(), ...fw.unreachableTasks.values()]) {
    t.state = 'TASK_KILLED';
    fw.complete(t);
  }
  core.removeOffersOf(fw);
  core.frameworks.delete(fw.id);
  core.removedFrameworks.set(fw.id, fw);
  fw.unregisteredTime = Date.now() / 1000;
  fw.stream?.end();
}
