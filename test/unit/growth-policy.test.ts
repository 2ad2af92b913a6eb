// The growth policy: defaults, patches applied all or nothing, every bad field named; the monitor's start input
// refuses a bad policy before it reads anything.
import { DEFAULT_GROWTH_POLICY, mergeGrowthPolicy } from '../../common/growth';
import { checkHealthMonitorInput } from '../../workflows/lib/health-input';

test('growth is off by default and a patch applies on top of the current policy', () => {
  expect(DEFAULT_GROWTH_POLICY).toEqual({
    enabled: false,
    dryRun: false,
    maxDevicesPerDay: 4,
    maxProviderVolumesPerDay: 1,
    providerVolumeGb: 100,
  });
  const on = mergeGrowthPolicy(DEFAULT_GROWTH_POLICY, { enabled: true, maxDevicesPerDay: 2 });
  expect(on.problems).toEqual([]);
  expect(on.policy).toEqual({ ...DEFAULT_GROWTH_POLICY, enabled: true, maxDevicesPerDay: 2 });
  const dry = mergeGrowthPolicy(on.policy, { dryRun: true });
  expect(dry.policy).toEqual({ ...on.policy, dryRun: true });
  // Zero is a valid limit: growth then never uses that path.
  expect(mergeGrowthPolicy(on.policy, { maxProviderVolumesPerDay: 0 }).policy.maxProviderVolumesPerDay).toBe(0);
});

test.each<[string, unknown, string, string]>([
  ['not an object', 'on', 'growth', 'must be an object'],
  ['enabled as text', { enabled: 'yes' }, 'growth.enabled', 'must be true or false'],
  ['fractional limit', { maxDevicesPerDay: 1.5 }, 'growth.maxDevicesPerDay', 'whole number'],
  ['negative limit', { maxDevicesPerDay: -1 }, 'growth.maxDevicesPerDay', 'at least 0'],
  ['huge limit', { maxProviderVolumesPerDay: 1000 }, 'growth.maxProviderVolumesPerDay', 'at most 20'],
  ['zero-sized volume', { providerVolumeGb: 0 }, 'growth.providerVolumeGb', 'at least 1'],
  ['unknown field', { maxGb: 5 }, 'growth.maxGb', 'is not a known field'],
])('%s is refused and changes nothing', (_name, patch, field, problem) => {
  const base = { ...DEFAULT_GROWTH_POLICY, enabled: true };
  // A good field next to the bad one is not applied either.
  const withGood = typeof patch === 'object' ? { dryRun: true, ...patch } : patch;
  const got = mergeGrowthPolicy(base, withGood);
  expect(got.problems).toContainEqual({ field, problem: expect.stringContaining(problem) });
  expect(got.policy).toBe(base);
});

test('the monitor input takes a growth policy and names a bad field of it', () => {
  expect(checkHealthMonitorInput({ cluster: 'c1', growth: { enabled: true, dryRun: true } })).toEqual([]);
  expect(checkHealthMonitorInput({ cluster: 'c1', growth: { enabled: 1 } })).toContainEqual({
    field: 'growth.enabled',
    problem: expect.stringContaining('must be true or false'),
  });
  expect(checkHealthMonitorInput({ cluster: 'c1', growth: [] })).toContainEqual({
    field: 'growth',
    problem: expect.stringContaining('must be an object'),
  });
});
