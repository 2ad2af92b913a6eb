// SchedulerClient: the subscription engine plus one helper per scheduler call. Every helper
// resolves when the master has queued the call (202); outcomes arrive later as events.
import type { Call, Filters, OfferOperation, TaskStatus } from '../../proto/types';
import {
  acceptCall,
  acknowledgeCallFor,
  acknowledgeCall,
  declineCall,
  type IdLike,
  killCall,
  reconcileCall,
  type ReconcileTask,
  reviveCall,
  suppressCall,
  teardownCall,
} from './calls';
import { MesosForbiddenError, MesosRedirectError, NotSubscribedError } from './errors';
import { SchedulerCore } from './scheduler-core';

export class SchedulerClient extends SchedulerCore {
  /** Sends any call with framework_id and Mesos-Stream-Id filled in (202 = queued, not done). */
  async call(call: Call): Promise<void> {
    const session = this.session;
    if (!session) throw new NotSubscribedError(call.type ?? 'UNKNOWN');
    try {
      await this.sender.send(session, call);
    } catch (err) {
      // 403: the master no longer sees this subscription; 307: it lost leadership. Re-subscribe.
      if (this.session === session && err instanceof MesosForbiddenError)
        session.sub.abort({ reason: 'forbidden', error: err });
      if (this.session === session && err instanceof MesosRedirectError)
        session.sub.abort({ reason: 'redirected', error: err });
      throw err;
    }
  }

  /** Acknowledges an update if it carries a uuid; false (nothing sent) when it does not. */
  async acknowledgeUpdate(status: TaskStatus): Promise<boolean> {
    const call = acknowledgeCallFor(status);
    if (!call) return false;
    await this.call(call);
    this.m.acknowledgements++;
    return true;
  }

  /** Applies operations (LAUNCH…) to offers from one agent; unused resources are declined with `filters`. */
  async accept(offerIds: IdLike[], operations: OfferOperation[], filters?: Filters): Promise<void> {
    await this.call(acceptCall(offerIds, operations, filters));
  }

  /** Declines offers; `refuseSeconds` keeps the same resources away that long (master default 5 s). */
  async decline(offerIds: IdLike[], refuseSeconds?: number): Promise<void> {
    await this.call(declineCall(offerIds, refuseSeconds));
  }

  /** Stops offers for the roles (all of the framework's roles when omitted); kept across re-subscribes. */
  async suppress(roles?: string[]): Promise<void> {
    await this.call(suppressCall(roles));
    for (const r of roles && roles.length > 0 ? roles : (this.o.frameworkInfo.roles ?? [])) this.suppressed.add(r);
  }

  /** Resumes offers for the roles (all when omitted) and clears decline filters. */
  async revive(roles?: string[]): Promise<void> {
    await this.call(reviveCall(roles));
    if (roles && roles.length > 0) for (const r of roles) this.suppressed.delete(r);
    else this.suppressed.clear();
  }

  async kill(taskId: IdLike, agentId?: IdLike): Promise<void> {
    await this.call(killCall(taskId, agentId));
  }

  /** Acknowledges one status update; `uuid` is the update's base64 uuid, unchanged. */
  async acknowledge(agentId: IdLike, taskId: IdLike, uuid: string): Promise<void> {
    await this.call(acknowledgeCall(agentId, taskId, uuid));
  }

  /** Explicit reconciliation of the tasks; an empty list asks for all of them (implicit). */
  async reconcile(tasks: ReconcileTask[]): Promise<void> {
    await this.call(reconcileCall(tasks));
  }

  /**
   * Removes the framework: the master kills all its tasks and never accepts its id again. The
   * stored id is cleared and the client closed.
   */
  async teardown(): Promise<void> {
    // The master closes the stream after TEARDOWN; that end must not trigger a re-subscribe.
    this.stopping = true;
    try {
      await this.call(teardownCall());
    } catch (err) {
      this.resumeAfterFailedStop();
      throw err;
    }
    await this.close();
    await this.forgetFrameworkId();
  }
}
