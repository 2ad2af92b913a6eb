// rebootCoordinator: one per cluster (id scaleio/<cluster>/reboots), started by the first procedure that asks for
// a turn (signalWithStart). It grants turns (a node reboot or a Mesos agent restart) by signalling the requesting
// run; the holder releases its turn once its node is back and verified. Never two reboots at once; agent restarts
// (ScaleIO's services keep running) go side by side, up to maxConcurrentTurns held in all. Nodes hosting our own
// worker or bridge go alone and last: only when no other node waits, and only after peers had a short time to ask.
// A holder whose run ended (failed, terminated) holds nothing: the coordinator checks it while it waits. It ends
// after a quiet spell (the next request starts it again) and continues as new when its history grows long.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
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
  RECENT_TURNS,
  releaseProblems,
  requestProblems,
  settingsOf,
  turnsToGrant,
} from './lib/reboot-queue';
import { refuseBadInput } from './lib/failures';

/** patched() id of concurrent turns: runs that began before them replay granting one turn at a time. */
export const CONCURRENT_TURNS_PATCH = 'concurrent-reboot-turns';
/**
 * patched() id of sending a pass's grants together: one after another, a reboot's grant waited behind a signal
 * round trip for each agent restart granted before it, and reboots are the cluster's serial chain.
 */
export const PARALLEL_GRANTS_PATCH = 'parallel-reboot-grants';
/** Where our worker and bridge run changes rarely (a redeploy); looked up at most this often with concurrent turns. */
const CONTROL_PLANE_TTL_MS = 30_000;

export interface RebootCoordinatorReport {
  cluster: string;
  recent: RebootRecord[];
}

export async function rebootCoordinator(input: RebootCoordinatorInput): Promise<RebootCoordinatorReport> {
  const problems = coordinatorInputProblems(input);
  refuseBadInput('rebootCoordinator input', problems);
  const settings = settingsOf(input);
  const limit = patched(CONCURRENT_TURNS_PATCH) ? settings.maxConcurrentTurns : 1;
  const carried = input.state;
  const s: Required<Omit<RebootCoordinatorState, 'holder'>> = {
    holders: [...(carried?.holders ?? []), ...(carried?.holder ? [carried.holder] : [])],
    queue: [...(carried?.queue ?? [])],
    recent: [...(carried?.recent ?? [])],
    controlPlaneHosts: [...(carried?.controlPlaneHosts ?? [])],
  };
  /** Holders whose grant must be signalled again (they asked again: they may have missed it). */
  const resend = new Set<string>();
  upsertSearchAttributes([
    { key: ScaleioCluster, value: settings.cluster },
    { key: ScaleioProcedure, value: 'reboots' },
  ]);
  const now = () => new Date().toISOString();

  setHandler(requestRebootSignal, (raw: RebootRequest) => {
    // A signal cannot be refused: a malformed request is logged and dropped, never queued half-read.
    const bad = requestProblems(raw);
    if (bad.length > 0) return log.warn('requestReboot ignored', { problems: bad });
    const known = knownRequest(raw.requestId, s.holders, s.queue, s.recent);
    // A retried request: the holder may have missed its grant; anything else is already in hand.
    if (known === 'holder') resend.add(raw.requestId);
    if (known) return;
    const { requestId, workflowId, runId, hostname, kind, reason } = raw;
    s.queue.push({ requestId, workflowId, runId, hostname, kind, reason, requestedAt: now() });
  });
  setHandler(releaseRebootSignal, (raw: RebootRelease) => {
    const bad = releaseProblems(raw);
    if (bad.length > 0) return log.warn('releaseReboot ignored', { problems: bad });
    if (holding(raw.requestId)) return finish(raw.requestId, raw.outcome);
    // A requester that gave up waiting (cancelled, or its procedure failed elsewhere).
    const i = s.queue.findIndex((t) => t.requestId === raw.requestId);
    if (i >= 0) s.queue.splice(i, 1);
  });
  setHandler(rebootsQuery, (): RebootsView => ({
    cluster: settings.cluster,
    holder: s.holders[0] ?? null,
    holders: [...s.holders],
    maxConcurrentTurns: limit,
    queue: [...s.queue],
    controlPlaneHosts: [...s.controlPlaneHosts],
    recent: [...s.recent],
  }));

  const holding = (requestId: string) => s.holders.some((h) => h.requestId === requestId);

  function finish(id: string, outcome: RebootRecord['outcome']): void {
    const h = s.holders.find((x) => x.requestId === id);
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
    s.holders = s.holders.filter((x) => x.requestId !== id);
  }

  async function sendGrant(turn: RebootTurn): Promise<void> {
    try {
      await getExternalWorkflowHandle(turn.workflowId, turn.runId).signal(rebootGrantedSignal, {
        requestId: turn.requestId,
        hostname: turn.hostname,
      });
    } catch (err) {
      log.warn('the turn went to a run that has ended', { workflowId: turn.workflowId, error: messageOf(err) });
      finish(turn.requestId, 'holder-gone');
    }
  }

  async function grant(turn: RebootTurn): Promise<void> {
    s.queue = s.queue.filter((t) => t.requestId !== turn.requestId);
    const held = { ...turn, grantedAt: now() };
    s.holders.push(held);
    log.info('reboot turn granted', { hostname: turn.hostname, kind: turn.kind, workflowId: turn.workflowId });
    await sendGrant(held);
  }

  const grantable = () => turnsToGrant(s.queue, s.holders, s.controlPlaneHosts, limit).turns.length > 0;

  /**
   * Waits for a release, a request that can be granted beside the turns held, or a holder asking again; every
   * holderCheckSeconds without any, makes sure each holder's run still runs.
   */
  async function watch(): Promise<void> {
    const before = s.holders.map((h) => h.requestId);
    const changed = () => s.holders.length !== before.length || resend.size > 0 || grantable();
    if (await condition(changed, settings.holderCheckSeconds * 1000)) {
      for (const id of [...resend]) {
        resend.delete(id);
        const h = s.holders.find((x) => x.requestId === id);
        if (h) await sendGrant(h);
      }
      return;
    }
    for (const holder of [...s.holders]) {
      const run = await holderRun(holder);
      if (!run.running && holding(holder.requestId)) {
        log.warn('the holder ended without releasing its turn', { workflowId: holder.workflowId, status: run.status });
        finish(holder.requestId, 'holder-gone');
      }
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

  /** When the control-plane hosts were last looked up (workflow time). */
  let lookedUpAt = -Infinity;

  /**
   * Looks the control-plane hosts up again before a grant: every time when turns go one at a time (as runs from
   * before concurrent turns did), else when the last look-up is older than CONTROL_PLANE_TTL_MS, so a burst of
   * grants does not wait for one look-up each.
   */
  async function refreshControlPlane(): Promise<void> {
    if (limit > 1 && Date.now() - lookedUpAt < CONTROL_PLANE_TTL_MS) return;
    lookedUpAt = Date.now();
    try {
      s.controlPlaneHosts = controlPlaneList(await rebootLookups.controlPlaneHosts());
    } catch (err) {
      log.warn('control-plane hosts not looked up; using the last known', { error: messageOf(err) });
    }
  }

  /** Grants what can be granted; a control-plane host only once peers had settleSeconds (since its request) to ask. */
  async function grantNext(): Promise<void> {
    await refreshControlPlane();
    const next = () => turnsToGrant(s.queue, s.holders, s.controlPlaneHosts, limit);
    const first = next();
    const lone = first.turns[0];
    if (first.waitForPeers && lone) {
      const waited = Date.now() - Date.parse(lone.requestedAt);
      const left = settings.settleSeconds * 1000 - waited;
      if (left > 0) await condition(() => !next().waitForPeers, left);
    }
    const turns = next().turns;
    if (turns.length > 1 && patched(PARALLEL_GRANTS_PATCH)) await Promise.all(turns.map(grant));
    else for (const turn of turns) await grant(turn);
  }

  const historyFull = () =>
    settings.continueAsNewAfterEvents !== undefined
      ? workflowInfo().historyLength >= settings.continueAsNewAfterEvents
      : workflowInfo().continueAsNewSuggested;

  for (;;) {
    if (historyFull()) break;
    if (s.holders.length > 0 && !grantable()) {
      await watch();
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
