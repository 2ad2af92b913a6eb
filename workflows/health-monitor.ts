// healthMonitor: one per cluster (id scaleio/<cluster>/health), started by the supervisor after bootstrap. It
// reads the cluster through the gateway every `intervalSeconds` and raises and clears alerts with hysteresis
// (common/health.ts): capacity almost full / critical, degraded or failed capacity, rebuild stalled, SDS or MDM
// disconnected, performance drop against a rolling baseline, gateway unreachable. Every change is recorded in
// history and the worker's log, kept for the `alerts` query, written to search attributes, and posted to the
// webhook when one is set. It continues as new with its alerts and baselines, so its history stays bounded.
// With a growth policy (input `growth`, signal setGrowthPolicy) it also adds capacity to a pool whose capacity alert
// is raised: free devices of the pool's nodes, then a capacity provider's volume (lib/capacity-growth.ts).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { describeProblems } from '../common/errors';
import { DEFAULT_THRESHOLDS, evaluateHealth, overallStatus, type AlertsView } from '../common/health';
import { alertsQuery, setGrowthPolicySignal, setThresholdsSignal } from '../common/messages';
import { ScaleioCluster, ScaleioProcedure } from '../common/search-attributes';
import {
  checkHealthMonitorInput,
  DEFAULT_CONTINUE_AS_NEW_AFTER,
  DEFAULT_INTERVAL_SECONDS,
  freshState,
  mergeThresholds,
  type HealthMonitorInput,
} from './lib/health-input';
import { CapacityGrowth } from './lib/capacity-growth';
import { AlertOutbox, publishAlerts, reader, recordChanges } from './lib/health-sink';
import { messageOf } from './lib/plan';
import { refuseBadInput } from './lib/failures';

export type { HealthMonitorInput, HealthMonitorState } from './lib/health-input';

/** The `growth` section of the alerts view, once a growth policy was set. */
function withGrowth(growth: CapacityGrowth): Pick<AlertsView, 'growth'> {
  const view = growth.view(Date.now());
  return view ? { growth: view } : {};
}

/** Changes the `alerts` query shows (and carries across continue-as-new). */
const RECENT_CHANGES = 50;

export async function healthMonitor(input: HealthMonitorInput): Promise<void> {
  const problems = checkHealthMonitorInput(input);
  refuseBadInput('healthMonitor input', problems);
  let thresholds = mergeThresholds(DEFAULT_THRESHOLDS, input.thresholds ?? {}).thresholds;
  const state = input.state ?? freshState(workflowInfo().firstExecutionRunId);
  state.runs += 1;
  const intervalMs = Math.max(1, Math.round((input.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * 1000));
  const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  const outbox = new AlertOutbox(input.cluster, input.webhookUrl, state);
  const growth = new CapacityGrowth(input.cluster, state.monitorId, state, input.growth);
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
    ...withGrowth(growth),
  }));
  setHandler(setThresholdsSignal, (patch) => {
    const merged = mergeThresholds(thresholds, patch);
    if (merged.problems.length > 0)
      return log.warn(`setThresholds ignored: ${describeProblems('thresholds', merged.problems)}`);
    thresholds = merged.thresholds;
    // Judge the new thresholds now rather than an interval later.
    pollNow = true;
  });
  setHandler(setGrowthPolicySignal, (patch) => {
    const problems = growth.setPolicy(patch);
    if (problems.length > 0) return log.warn(`setGrowthPolicy ignored: ${describeProblems('growth', problems)}`);
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
    growth.consider(reading, state.memory.active, thresholds, state.polls);
    // A growth round in flight finishes first (its children are waited for).
    const full = workflowInfo().historyLength >= limit || workflowInfo().continueAsNewSuggested;
    if (full && !growth.inFlight) break;
    await condition(() => pollNow, intervalMs);
  }
  await outbox.idle();
  await growth.idle();
  await condition(allHandlersFinished);
  await continueAsNew<typeof healthMonitor>({ ...input, thresholds, state });
}
