import { validateClusterSpec } from '../../common/spec';
import { goodSpec } from '../fixtures/specs';

function problemsOf(input: unknown): string[] {
  const r = validateClusterSpec(input);
  if (r.ok) throw new Error('expected the spec to be rejected');
  return r.problems.map((p) => `${p.field}: ${p.problem}`);
}

test('defaults are filled in', () => {
  const r = validateClusterSpec({
    name: 'c1',
    passwordRef: 'file:/etc/scaleio/pw',
    packages: { repository: 'https://repo.local/sio/' },
  });
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.spec).toMatchObject({ mdmMode: 3, protectionDomain: 'default', storagePool: 'default', autoOnboard: true });
  expect(r.spec.packages.version).toBe('2.0-10000.2072');
  expect(r.spec.packages.urls.ubuntu14.gw).toBe('https://repo.local/sio/emc-scaleio-gateway_2.0-10000.2072_amd64.deb');
  expect(r.spec.packages.urls.ubuntu16.sdc).toBe(
    'https://repo.local/sio/EMC-ScaleIO-sdc-2.0-10000.2072.Ubuntu.16.04.x86_64.deb'
  );
  expect(r.spec.nodeSelection).toMatchObject({
    mdmMinCpus: 1.5,
    mdmMinMemMb: 3072,
    dataMinCpus: 0.5,
    dataMinMemMb: 512,
  });
});

test('per-OS package overrides apply, centos7 being rhel7', () => {
  const spec = {
    ...goodSpec(),
    packages: { repository: 'http://r/p', os: { centos7: { sds: 'http://mirror/sds.rpm' } } },
  };
  const r = validateClusterSpec(spec);
  expect(r.ok && r.spec.packages.urls.rhel7.sds).toBe('http://mirror/sds.rpm');
  expect(r.ok && r.spec.packages.urls.rhel7.mdm).toBe('http://r/p/EMC-ScaleIO-mdm-2.0-10000.2072.el7.x86_64.rpm');
});

test.each<[string, unknown, string]>([
  ['not an object', 'spec', 'spec: must be a JSON object, got "spec"'],
  ['array', [], 'spec: must be a JSON object, got a list of 0'],
  ['missing name', { ...goodSpec(), name: undefined }, 'name: is required'],
  ['name with shell characters', { ...goodSpec(), name: 'a;rm -rf /' }, 'name: must be a lowercase letter'],
  ['huge name', { ...goodSpec(), name: 'a'.repeat(100000) }, 'name: must be at most 256 characters, got 100000'],
  ['mdmMode as string', { ...goodSpec(), mdmMode: '3' }, 'mdmMode: must be one of 3, 5, got "3"'],
  [
    'package URL with a space',
    { ...goodSpec(), packages: { repository: 'http://x/ y' } },
    'packages.repository: must be an http(s) URL',
  ],
  [
    'unknown OS',
    { ...goodSpec(), packages: { repository: 'http://x', os: { windows: {} } } },
    'packages.os.windows: is not a known field',
  ],
  [
    'unknown package role',
    { ...goodSpec(), packages: { repository: 'http://x', os: { rhel7: { kernel: 'http://x/k' } } } },
    'packages.os.rhel7.kernel: is not a known field',
  ],
  [
    'negative cpus',
    { ...goodSpec(), nodeSelection: { mdmMinCpus: -1 } },
    'nodeSelection.mdmMinCpus: must be at least 0.1, got -1',
  ],
  [
    'duplicate excluded hostname',
    { ...goodSpec(), nodeSelection: { excludeHostnames: ['a', 'a'] } },
    'nodeSelection.excludeHostnames.1: duplicates "a"',
  ],
  [
    'attribute value with shell characters',
    { ...goodSpec(), nodeSelection: { requireAttributes: { rack: '$(reboot)' } } },
    'nodeSelection.requireAttributes.rack: must be letters',
  ],
  ['autoOnboard as string', { ...goodSpec(), autoOnboard: 'yes' }, 'autoOnboard: must be true or false, got "yes"'],
])('%s is refused with a message naming the field', (_what, input, expected) => {
  expect(problemsOf(input).join('\n')).toContain(expected);
});

describe('preconfigured MDMs (the old framework pre-configured mode)', () => {
  const pre = { primary: '10.0.0.12', secondary: '10.0.0.11', tiebreaker: '10.0.0.13' };

  test('all three roles given: the gateway defaults to the primary', () => {
    const r = validateClusterSpec({ ...goodSpec(), preconfiguredMdms: pre });
    expect(r.ok && r.spec.preconfiguredMdms).toEqual({ ...pre, gateway: '10.0.0.12' });
  });

  test('some but not all roles is refused (all-or-none rule)', () => {
    expect(problemsOf({ ...goodSpec(), preconfiguredMdms: { primary: 'a', secondary: 'b' } })).toEqual([
      'preconfiguredMdms.tiebreaker: primary, secondary and tiebreaker must all be given, or none of them',
    ]);
  });

  test('the same node in two roles is refused', () => {
    expect(problemsOf({ ...goodSpec(), preconfiguredMdms: { ...pre, tiebreaker: '10.0.0.12' } }).join()).toContain(
      'preconfiguredMdms.tiebreaker: uses "10.0.0.12", already the primary'
    );
  });

  test('a 5-node mode cannot adopt a 3-node cluster', () => {
    expect(problemsOf({ ...goodSpec(), mdmMode: 5, preconfiguredMdms: pre }).join()).toContain(
      'mdmMode: must be 3 with preconfiguredMdms'
    );
  });
});
