// The healthMonitor's input and setThresholds checks: every bad field named with its problem; a bad patch
// changes nothing.
import { DEFAULT_THRESHOLDS } from '../../common/health';
import { checkHealthMonitorInput, mergeThresholds, monitorSettingsProblems } from '../../workflows/lib/health-input';

test('a minimal input and a full one are accepted', () => {
  expect(checkHealthMonitorInput({ cluster: 'c1' })).toEqual([]);
  expect(
    checkHealthMonitorInput({
      cluster: 'c1',
      intervalSeconds: 0.2,
      thresholds: { capacityHighPercent: 70, capacityCriticalPercent: 85, rebuildStallPolls: 3 },
      webhookUrl: 'https://alerts.example.com/hooks/scaleio',
      continueAsNewAfterEvents: 40,
    })
  ).toEqual([]);
});

test.each<[string, unknown, string, string]>([
  ['not an object', 'c1', 'input', 'must be a JSON object'],
  ['missing cluster', {}, 'cluster', 'is required'],
  ['bad cluster name', { cluster: 'C 1' }, 'cluster', 'must be a lowercase letter'],
  ['interval 0', { cluster: 'c', intervalSeconds: 0 }, 'intervalSeconds', 'must be above 0'],
  ['negative interval', { cluster: 'c', intervalSeconds: -1 }, 'intervalSeconds', 'must be above 0'],
  ['interval as text', { cluster: 'c', intervalSeconds: '60' }, 'intervalSeconds', 'must be a number'],
  ['credentials in the webhook', { cluster: 'c', webhookUrl: 'https://u:pw@h/x' }, 'webhookUrl', 'no credentials'],
  ['query in the webhook', { cluster: 'c', webhookUrl: 'https://h/x?token=1' }, 'webhookUrl', 'no query string'],
  ['webhook not http', { cluster: 'c', webhookUrl: 'ftp://h/x' }, 'webhookUrl', 'http(s) URL'],
  ['low continue-as-new', { cluster: 'c', continueAsNewAfterEvents: 5 }, 'continueAsNewAfterEvents', 'at least 20'],
  ['unknown field', { cluster: 'c', interval: 5 }, 'interval', 'is not a known field'],
  ['a hand-made state', { cluster: 'c', state: {} }, 'state', 'leave it out'],
  [
    'threshold out of range',
    { cluster: 'c', thresholds: { capacityHighPercent: 120 } },
    'thresholds.capacityHighPercent',
    'at most 100',
  ],
  ['unknown threshold', { cluster: 'c', thresholds: { highPct: 1 } }, 'thresholds.highPct', 'is not a known field'],
])('%s', (_name, input, field, problem) => {
  const problems = checkHealthMonitorInput(input);
  expect(problems).toContainEqual({ field, problem: expect.stringContaining(problem) });
});

test('setThresholds: a patch applies on top of the current values', () => {
  const base = { ...DEFAULT_THRESHOLDS, capacityHighPercent: 70 };
  const r = mergeThresholds(base, { rebuildStallPolls: 9 });
  expect(r.problems).toEqual([]);
  expect(r.thresholds).toEqual({ ...base, rebuildStallPolls: 9 });
  // null: back to each pool's own thresholds
  expect(mergeThresholds(base, { capacityHighPercent: null }).thresholds.capacityHighPercent).toBeNull();
});

test.each<[string, unknown, string, string]>([
  [
    'high not below critical',
    { capacityHighPercent: 90, capacityCriticalPercent: 90 },
    'thresholds.capacityHighPercent',
    'below capacityCriticalPercent',
  ],
  ['stall polls fraction', { rebuildStallPolls: 1.5 }, 'thresholds.rebuildStallPolls', 'whole number'],
  [
    'margin not below the drop',
    { performanceDropPercent: 10, performanceClearMarginPercent: 10 },
    'thresholds.performanceClearMarginPercent',
    'below performanceDropPercent',
  ],
  [
    'warm-up longer than the window',
    { baselinePolls: 3, baselineWarmupPolls: 5 },
    'thresholds.baselineWarmupPolls',
    'at most baselinePolls',
  ],
  ['null where null means nothing', { rebuildStallPolls: null }, 'thresholds.rebuildStallPolls', 'is required'],
  ['not an object', [1], 'thresholds', 'must be an object'],
])('setThresholds refuses %s and keeps the old values', (_name, patch, field, problem) => {
  const r = mergeThresholds(DEFAULT_THRESHOLDS, patch);
  expect(r.problems).toContainEqual({ field, problem: expect.stringContaining(problem) });
  expect(r.thresholds).toBe(DEFAULT_THRESHOLDS);
});

test("the supervisor's healthMonitor settings: the monitor's own checks, named under healthMonitor", () => {
  expect(monitorSettingsProblems(undefined)).toEqual([]);
  expect(monitorSettingsProblems(false)).toEqual([]);
  const good = {
    intervalSeconds: 30,
    growth: { enabled: true, dryRun: true },
    thresholds: { capacityHighPercent: 70 },
  };
  expect(monitorSettingsProblems(good)).toEqual([]);
  expect(monitorSettingsProblems(true)).toEqual([
    { field: 'healthMonitor', problem: expect.stringContaining('must be false (no monitor) or an object') },
  ]);
  const fields = monitorSettingsProblems({
    intervalSeconds: 0,
    growth: { maxDevicesPerDay: 1000 },
    thresholds: { capacityHighPercent: 120 },
    webhookUrl: 'https://u:pw@h/x',
    cluster: 'c1',
    state: {},
  }).map((p) => p.field);
  expect(fields.sort()).toEqual([
    'healthMonitor.cluster',
    'healthMonitor.growth.maxDevicesPerDay',
    'healthMonitor.intervalSeconds',
    'healthMonitor.state',
    'healthMonitor.thresholds.capacityHighPercent',
    'healthMonitor.webhookUrl',
  ]);
});
