// The healthMonitor's input and carried state, and their checks: a bad start fails at once naming each field;
// a bad setThresholds signal is refused as a whole (a signal cannot fail, so it is logged and ignored).
import type { AlertEvent } from '../../activities/scaleio/health';
import type { FieldProblem } from '../../common/errors';
import {
  DEFAULT_THRESHOLDS,
  emptyMemory,
  type AlertChange,
  type HealthThresholds,
  type MonitorMemory,
} from '../../common/health';
import { DEFAULT_GROWTH_POLICY, mergeGrowthPolicy, type GrowthState } from '../../common/growth';
import type { HealthMonitorSettings } from '../../common/supervisor';
import { CLUSTER_NAME, HTTP_URL } from '../../common/spec/patterns';
import { Checker, isPlainObject, show } from '../../common/validate';

export interface HealthMonitorInput extends HealthMonitorSettings {
  cluster: string;
  /** Carried across continue-as-new; absent on the first run. */
  state?: HealthMonitorState;
}

export interface HealthMonitorState {
  /** The first run's id: with a change's seq it names the change uniquely (the webhook's idempotency key). */
  monitorId: string;
  memory: MonitorMemory;
  recent: AlertChange[];
  /** Changes not posted to the webhook yet. */
  outbox: AlertEvent[];
  polls: number;
  runs: number;
  webhook: { delivered: number; failed: number };
  /** Capacity growth: its policy now and its recent actions (the per-day limits count them). */
  growth?: GrowthState;
}

export const DEFAULT_INTERVAL_SECONDS = 60;
export const DEFAULT_CONTINUE_AS_NEW_AFTER = 2000;

const PERCENT = { min: 1, max: 100 };
/** Field -> its rule; capacity thresholds also take null (back to the pool's own). */
const RULES: Record<keyof HealthThresholds, { min: number; max: number; integer?: boolean; nullable?: boolean }> = {
  capacityHighPercent: { ...PERCENT, nullable: true },
  capacityCriticalPercent: { ...PERCENT, nullable: true },
  capacityClearMarginPercent: { min: 0, max: 50 },
  rebuildStallPolls: { min: 1, max: 10000, integer: true },
  performanceDropPercent: { min: 1, max: 99 },
  latencyRisePercent: { min: 1, max: 10000 },
  performanceClearMarginPercent: { min: 0, max: 50 },
  baselinePolls: { min: 1, max: 10000, integer: true },
  baselineWarmupPolls: { min: 1, max: 10000, integer: true },
  minBaselineIops: { min: 0, max: 1e9 },
  minBaselineBandwidthKbPerSec: { min: 0, max: 1e12 },
  gatewayFailurePolls: { min: 1, max: 1000, integer: true },
};

/** `base` with `patch` applied, or the problems of the patch (field names prefixed with `at`). */
export function mergeThresholds(
  base: HealthThresholds,
  patch: unknown,
  at = 'thresholds'
): { thresholds: HealthThresholds; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isPlainObject(patch)) {
    problems.push({ field: at, problem: `must be an object, got ${show(patch)}` });
    return { thresholds: base, problems };
  }
  const c = new Checker(patch, problems, at);
  c.noUnknownKeys(Object.keys(RULES));
  const out: Record<string, number | null> = { ...base };
  for (const [field, rule] of Object.entries(RULES)) {
    if (!(field in patch)) continue;
    if (patch[field] === null && rule.nullable) out[field] = null;
    else {
      const v = c.number(field, { required: true, min: rule.min, max: rule.max, integer: rule.integer === true });
      if (v !== undefined) out[field] = v;
    }
  }
  const t = out as unknown as HealthThresholds;
  if (problems.length === 0) {
    if (t.capacityHighPercent !== null && t.capacityCriticalPercent !== null)
      if (t.capacityHighPercent >= t.capacityCriticalPercent)
        c.fail('capacityHighPercent', `must be below capacityCriticalPercent (${t.capacityCriticalPercent})`);
    if (t.performanceClearMarginPercent >= t.performanceDropPercent)
      c.fail('performanceClearMarginPercent', `must be below performanceDropPercent (${t.performanceDropPercent})`);
    if (t.baselineWarmupPolls > t.baselinePolls)
      c.fail('baselineWarmupPolls', `must be at most baselinePolls (${t.baselinePolls})`);
  }
  return { thresholds: problems.length === 0 ? t : base, problems };
}

const SETTINGS_KEYS: (keyof HealthMonitorSettings)[] = [
  'intervalSeconds',
  'thresholds',
  'webhookUrl',
  'continueAsNewAfterEvents',
  'growth',
];

/** The checks of the settings fields, on the object `c` reads; nested fields are named under `c`'s prefix. */
function checkSettings(c: Checker, problems: FieldProblem[]): void {
  const interval = c.number('intervalSeconds', { max: 86400 });
  if (interval !== undefined && interval <= 0) c.fail('intervalSeconds', `must be above 0, got ${interval}`);
  // The value is never echoed: a URL with credentials in it must not land in the failure message either.
  const url = c.raw('webhookUrl');
  if (url !== undefined && (typeof url !== 'string' || url.length > 2048 || !HTTP_URL.pattern.test(url)))
    c.fail(
      'webhookUrl',
      `must be ${HTTP_URL.patternText}, at most 2048 characters, with no credentials and no query string ` +
        '(it is kept in workflow history)'
    );
  c.number('continueAsNewAfterEvents', { min: 20, max: 50000, integer: true });
  if (c.has('thresholds'))
    problems.push(...mergeThresholds(DEFAULT_THRESHOLDS, c.raw('thresholds'), c.path('thresholds')).problems);
  if (c.has('growth'))
    problems.push(...mergeGrowthPolicy(DEFAULT_GROWTH_POLICY, c.raw('growth'), c.path('growth')).problems);
}

/** Problems of a start input; an empty list when it is good. */
export function checkHealthMonitorInput(raw: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = Checker.of(raw, 'input', problems);
  if (!c) return problems;
  c.noUnknownKeys(['cluster', ...SETTINGS_KEYS, 'state']);
  c.string('cluster', { required: true, ...CLUSTER_NAME });
  checkSettings(c, problems);
  const state = c.raw('state');
  if (state !== undefined && !(isPlainObject(state) && isPlainObject(state.memory) && Array.isArray(state.outbox)))
    c.fail('state', 'is carried by the monitor across continue-as-new; leave it out when starting one');
  return problems;
}

/**
 * Problems of the settings a supervisor starts its cluster's monitor with (its input's `healthMonitor`; false: no
 * monitor), named `healthMonitor.<field>`: a bad one is refused when the supervisor starts, not found later by a
 * monitor that fails alone.
 */
export function monitorSettingsProblems(raw: unknown): FieldProblem[] {
  if (raw === undefined || raw === false) return [];
  const problems: FieldProblem[] = [];
  if (!isPlainObject(raw)) {
    problems.push({
      field: 'healthMonitor',
      // Not echoed: a misplaced webhook URL could carry a credential into history.
      problem: `must be false (no monitor) or an object of its settings, got ${Array.isArray(raw) ? 'a list' : typeof raw}`,
    });
    return problems;
  }
  const c = new Checker(raw, problems, 'healthMonitor');
  c.noUnknownKeys(SETTINGS_KEYS);
  checkSettings(c, problems);
  return problems;
}

export function freshState(monitorId: string): HealthMonitorState {
  return {
    monitorId,
    memory: emptyMemory(),
    recent: [],
    outbox: [],
    polls: 0,
    runs: 0,
    webhook: { delivered: 0, failed: 0 },
  };
}
