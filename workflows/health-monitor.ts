// healthMonitor: one per cluster (id scaleio/<cluster>/health), started by the supervisor after bootstrap. It
// reads the cluster through the gateway every `intervalSeconds` and raises and clears alerts with hysteresis
// (common/health.ts): capacity almost full / critical, degraded or failed capacity, rebuild stalled, SDS or MDM
// disconnected, performance drop against a rolling baseline, gateway unreachable. Every change is recorded in
// history and the worker's log, kept for the `alerts` query, written to search attributes, and posted to the
// webhook when one is set. It continues as new with its alerts and baselines, so its history stays bounded.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  log,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { describeProblems, ErrorType } from '../common/errors';
import { DEFAULT_THRESHOLDS, evaluateHealth, overallStatus, type AlertsView } from '../common/health';
import { alertsQuery, setThresholdsSignal } from '../common/messages';
import { ScaleioCluster, ScaleioProcedure } from '../common/search-attributes';
import {
  checkHealthMonitorInput,
  DEFAULT_CONTINUE_AS_NEW_AFTER,
  DEFAULT_INTERVAL_SECONDS,
  freshState,
  mergeThresholds,
  type HealthMonitorInput,
} from './lib/health-input';
import { AlertOutbox, publishAlerts, reader, recordChanges } from './lib/health-sink';
import { messageOf } from './lib/plan';

export type { HealthMonitorInput, HealthMonitorState } from './lib/health-input';

/** Changes the `alerts` query shows (and carries across continue-as-new). */
const RECENT_CHANGES = 50;

export async function healthMonitor(input: HealthMonitorInput): Promise<void> {
  const problems = checkHealthMonitorInput(input);
  if (problems.length > 0)
    throw ApplicationFailure.nonRetryable(describeProblems('healthMonitor input', problems), ErrorType.InvalidInput);
  let thresholds = mergeThresholds(DEFAULT_THRESHOLDS, input.thresholds ?? {}).thresholds;
  const state = input.state ?? freshState(workflowInfo().firstExecutionRunId);
  state.runs += 1;
  const intervalMs = Math.max(1, Math.round((input.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * 1000));
  const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  const outbox = new AlertOutbox(input.cluster, input.webhookUrl, state);
  let pollNow = false;
  let lastPollAt: string | undefined;
  let lastError: string | undefined;

  upsertSearchAttributes([
    { key: ScaleioCluster, value: input.cluster },
    { key: ScaleioProcedure, value: 'health' },
  ]);
  upsertMemo({ procedure: 'health', target: input.cluster });
  publishAlerts(state.memory.active);

  setHandler(alertsQuery, (): AlertsView => ({
    cluster: input.cluster,
    status: overallStatus(state.memory.active),
    active: state.memory.active,
    recent: state.recent,
    polls: state.polls,
    runs: state.runs,
    ...(lastPollAt !== undefined ? { lastPollAt } : {}),
    ...(lastError !== undefined ? { lastError } : {}),
    thresholds,
    ...(input.webhookUrl ? { webhook: { pending: outbox.pending, ...state.webhook } } : {}),
  }));
  setHandler(setThresholdsSignal, (patch) => {
    const merged = mergeThresholds(thresholds, patch);
    if (merged.problems.length > 0)
      return log.warn(`setThresholds ignored: ${describeProblems('thresholds', merged.problems)}`);
    thresholds = merged.thresholds;
    // Judge the new thresholds now rather than an interval later.
    pollNow = true;
  });

  outbox.kick(); // changes carried from the previous run
  for (;;) {
    pollNow = false;
    const reading = await reader.readHealth().catch((err: unknown): { error: string } => {
      if (isCancellation(err)) throw err;
      return { error: messageOf(err) };
    });
    const at = new Date().toISOString();
    const judged = evaluateHealth(state.memory, reading, thresholds, at);
    state.memory = judged.memory;
    state.polls += 1;
    lastPollAt = at;
    lastError = 'error' in reading ? reading.error : undefined;
    if (judged.changes.length > 0) {
      state.recent = [...state.recent, ...judged.changes].slice(-RECENT_CHANGES);
      publishAlerts(state.memory.active);
      outbox.push(judged.changes);
      await recordChanges(input.cluster, judged.changes);
    }
    if (workflowInfo().historyLength >= limit || workflowInfo().continueAsNewSuggested) break;
    await condition(() => pollNow, intervalMs);
  }
  await outbox.idle();
  await condition(allHandlersFinished);
  await continueAsNew<typeof healthMonitor>({ ...input, thresholds, state });
}
