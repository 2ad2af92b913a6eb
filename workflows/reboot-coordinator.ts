// rebootCoordinator: one per cluster (id scaleio/<cluster>/reboots), started by the first procedure that asks for
// a turn (signalWithStart). It grants one turn at a time (a node reboot or a Mesos agent restart), by signalling
// the requesting run; the holder releases it once its node is back and verified. Nodes hosting our own worker or
// bridge go last: one is granted only when no other node waits, and only after peers had a short time to ask.
// A holder whose run ended (failed, terminated) holds nothing: the coordinator checks it while it waits. It ends
// after a quiet spell (the next request starts it again) and continues as new when its history grows long.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { describeProblems, ErrorType } from '../common/errors';
import { rebootGrantedSignal, rebootsQuery, releaseRebootSignal, requestRebootSignal } from '../common/messages';
import type {
  RebootCoordinatorInput,
  RebootCoordinatorState,
  RebootRecord,
  RebootRelease,
  RebootRequest,
  RebootTurn,
  RebootsView,
} from '../common/reboots';
import { ScaleioCluster, ScaleioProcedure } from '../common/search-attributes';
import { messageOf } from './lib/plan';
import { rebootLookups } from './lib/reboot-calls';
import {
  controlPlaneList,
  coordinatorInputProblems,
  knownRequest,
  nextTurn,
  RECENT_TURNS,
  releaseProblems,
  requestProblems,
  settingsOf,
} from './lib/reboot-queue';

export interface RebootCoordinatorReport {
  cluster: string;
  recent: RebootRecord[];
}

export async function rebootCoordinator(input: RebootCoordinatorInput): Promise<RebootCoordinatorReport> {
  const problems = coordinatorInputProblems(input);
  if (problems.length > 0)
    throw ApplicationFailure.nonRetryable(
      describeProblems('rebootCoordinator input', problems),
      ErrorType.InvalidInput
    );
  const settings = settingsOf(input);
  const s: RebootCoordinatorState = {
    holder: input.state?.holder ?? null,
    queue: [...(input.state?.queue ?? [])],
    recent: [...(input.state?.recent ?? [])],
    controlPlaneHosts: [...(input.state?.controlPlaneHosts ?? [])],
  };
  let resendGrant = false;
  upsertSearchAttributes([
    { key: ScaleioCluster, value: settings.cluster },
    { key: ScaleioProcedure, value: 'reboots' },
  ]);
  const now = () => new Date().toISOString();

  setHandler(requestRebootSignal, (raw: RebootRequest) => {
    // A signal cannot be refused: a malformed request is logged and dropped, never queued half-read.
    const bad = requestProblems(raw);
    if (bad.length > 0) return log.warn('requestReboot ignored', { problems: bad });
    const known = knownRequest(raw.requestId, s.holder, s.queue, s.recent);
    // A retried request: the holder may have missed its grant; anything else is already in hand.
    if (known === 'holder') resendGrant = true;
    if (known) return;
    const { requestId, workflowId, runId, hostname, kind, reason } = raw;
    s.queue.push({ requestId, workflowId, runId, hostname, kind, reason, requestedAt: now() });
  });
  setHandler(releaseRebootSignal, (raw: RebootRelease) => {
    const bad = releaseProblems(raw);
    if (bad.length > 0) return log.warn('releaseReboot ignored', { problems: bad });
    if (s.holder?.requestId === raw.requestId) return finish(raw.outcome);
    // A requester that gave up waiting (cancelled, or its procedure failed elsewhere).
    const i = s.queue.findIndex((t) => t.requestId === raw.requestId);
    if (i >= 0) s.queue.splice(i, 1);
  });
  setHandler(rebootsQuery, (): RebootsView => ({
    cluster: settings.cluster,
    holder: s.holder,
    queue: [...s.queue],
    controlPlaneHosts: [...s.controlPlaneHosts],
    recent: [...s.recent],
  }));

  function finish(outcome: RebootRecord['outcome']): void {
    const h = s.holder;
    if (!h) return;
    const { requestId, workflowId, hostname, kind } = h;
    s.recent.push({
      requestId,
      workflowId,
      hostname,
      kind,
      grantedAt: h.grantedAt ?? now(),
      releasedAt: now(),
      outcome,
    });
    s.recent.splice(0, Math.max(0, s.recent.length - RECENT_TURNS));
    s.holder = null;
  }

  async function sendGrant(turn: RebootTurn): Promise<void> {
    try {
      await getExternalWorkflowHandle(turn.workflowId, turn.runId).signal(rebootGrantedSignal, {
        requestId: turn.requestId,
        hostname: turn.hostname,
      });
    } catch (err) {
      log.warn('the turn went to a run that has ended', { workflowId: turn.workflowId, error: messageOf(err) });
      if (s.holder?.requestId === turn.requestId) finish('holder-gone');
    }
  }

  async function grant(turn: RebootTurn): Promise<void> {
    s.queue = s.queue.filter((t) => t.requestId !== turn.requestId);
    s.holder = { ...turn, grantedAt: now() };
    log.info('reboot turn granted', { hostname: turn.hostname, kind: turn.kind, workflowId: turn.workflowId });
    await sendGrant(s.holder);
  }

  /** Waits for the holder's release; every holderCheckSeconds, makes sure its run still runs. */
  async function watch(holder: RebootTurn): Promise<void> {
    const released = await condition(
      () => s.holder?.requestId !== holder.requestId || resendGrant,
      settings.holderCheckSeconds * 1000
    );
    if (resendGrant) {
      resendGrant = false;
      if (s.holder?.requestId === holder.requestId) await sendGrant(holder);
      return;
    }
    if (released) return;
    const run = await holderRun(holder);
    if (!run.running && s.holder?.requestId === holder.requestId) {
      log.warn('the holder ended without releasing its turn', { workflowId: holder.workflowId, status: run.status });
      finish('holder-gone');
    }
  }

  /** Whether the holder's run still runs; when that cannot be looked up, it keeps the turn. */
  async function holderRun(holder: RebootTurn): Promise<{ running: boolean; status: string }> {
    try {
      return await rebootLookups.describeWorkflowRun({ workflowId: holder.workflowId, runId: holder.runId });
    } catch (err) {
      log.warn('could not look at the holder; it keeps the turn', { error: messageOf(err) });
      return { running: true, status: 'UNKNOWN' };
    }
  }

  async function refreshControlPlane(): Promise<void> {
    try {
      s.controlPlaneHosts = controlPlaneList(await rebootLookups.controlPlaneHosts());
    } catch (err) {
      log.warn('control-plane hosts not looked up; using the last known', { error: messageOf(err) });
    }
  }

  /** Grants the next turn; a control-plane host only once peers had settleSeconds (since its request) to ask. */
  async function grantNext(): Promise<void> {
    await refreshControlPlane();
    const first = nextTurn(s.queue, s.controlPlaneHosts);
    if (first.waitForPeers && first.turn) {
      const waited = Date.now() - Date.parse(first.turn.requestedAt);
      const left = settings.settleSeconds * 1000 - waited;
      if (left > 0) await condition(() => !nextTurn(s.queue, s.controlPlaneHosts).waitForPeers, left);
    }
    const { turn } = nextTurn(s.queue, s.controlPlaneHosts);
    if (turn) await grant(turn);
  }

  const historyFull = () =>
    settings.continueAsNewAfterEvents !== undefined
      ? workflowInfo().historyLength >= settings.continueAsNewAfterEvents
      : workflowInfo().continueAsNewSuggested;

  for (;;) {
    if (historyFull()) break;
    if (s.holder) {
      await watch(s.holder);
      continue;
    }
    if (s.queue.length > 0) {
      await grantNext();
      continue;
    }
    const asked = await condition(() => s.queue.length > 0, settings.idleMinutes * 60_000);
    if (!asked) {
      await condition(allHandlersFinished);
      return { cluster: settings.cluster, recent: s.recent };
    }
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof rebootCoordinator>({ ...input, state: s });
}
