// The volumeDriver part of the cluster spec: REX-Ray package URLs and the DVDI isolator module, defaulting to
// the ScaleIO package repository, each overridable, every bad value named by its path.
import { validateClusterSpec, type ClusterSpec } from '../../common/spec';
import { goodSpec } from '../fixtures/specs';

const REPO = 'http://127.0.0.1:8080/packages';

function accepted(volumeDriver?: unknown, packages?: Record<string, unknown>): ClusterSpec {
  const input: Record<string, unknown> = { ...goodSpec(), ...(packages ? { packages } : {}) };
  if (volumeDriver !== undefined) input.volumeDriver = volumeDriver;
  const r = validateClusterSpec(input);
  if (!r.ok) throw new Error(`expected the spec to be accepted: ${JSON.stringify(r.problems)}`);
  return r.spec;
}

function problemsOf(volumeDriver: unknown): string[] {
  const r = validateClusterSpec({ ...goodSpec(), volumeDriver });
  if (r.ok) throw new Error('expected the spec to be rejected');
  return r.problems.map((p) => `${p.field}: ${p.problem}`);
}

test('without volumeDriver, REX-Ray 0.8.2 and isolator 1.0.1 come from the ScaleIO repository', () => {
  expect(accepted().volumeDriver).toEqual({
    rexray: {
      version: '0.8.2',
      urls: { deb: `${REPO}/rexray_0.8.2_amd64.deb`, rpm: `${REPO}/rexray-0.8.2.x86_64.rpm` },
    },
    isolatorUrl: `${REPO}/libmesos_dvdi_isolator-1.0.1.so`,
  });
});

test('a repository with or without its trailing slash gives the same URLs', () => {
  const slash = accepted(undefined, { repository: `${REPO}/` }).volumeDriver;
  expect(slash).toEqual(accepted().volumeDriver);
  expect(accepted({}).volumeDriver).toEqual(accepted().volumeDriver);
});

test('volumeDriver.repository moves every default URL; rexrayVersion renames the packages', () => {
  const v = accepted({ repository: 'https://mirror.example.com/vd/', rexrayVersion: '0.9.1' }).volumeDriver;
  expect(v.rexray).toEqual({
    version: '0.9.1',
    urls: {
      deb: 'https://mirror.example.com/vd/rexray_0.9.1_amd64.deb',
      rpm: 'https://mirror.example.com/vd/rexray-0.9.1.x86_64.rpm',
    },
  });
  expect(v.isolatorUrl).toBe('https://mirror.example.com/vd/libmesos_dvdi_isolator-1.0.1.so');
  // The ScaleIO packages stay where packages.repository says.
  expect(accepted({ repository: 'https://mirror.example.com/vd/' }).packages.urls.rhel7.sds).toBe(
    `${REPO}/EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm`
  );
});

test('each URL can be given on its own; the others keep their defaults', () => {
  const v = accepted({
    rexrayDeb: 'http://debs.local/rexray_0.8.2-1_amd64.deb',
    isolatorUrl: 'http://mods.local/libmesos_dvdi_isolator-1.0.2.so',
    gatewayEndpoint: 'https://gw.local:8443/api',
  }).volumeDriver;
  expect(v.rexray.urls).toEqual({
    deb: 'http://debs.local/rexray_0.8.2-1_amd64.deb',
    rpm: `${REPO}/rexray-0.8.2.x86_64.rpm`,
  });
  expect(v.isolatorUrl).toBe('http://mods.local/libmesos_dvdi_isolator-1.0.2.so');
  expect(v.gatewayEndpoint).toBe('https://gw.local:8443/api');
  expect(accepted({ rexrayRpm: 'http://rpms.local/rexray-0.8.2-1.x86_64.rpm' }).volumeDriver.rexray.urls.rpm).toBe(
    'http://rpms.local/rexray-0.8.2-1.x86_64.rpm'
  );
});

test('bad values are named by their path, all at once', () => {
  const problems = problemsOf({
    rexrayVersion: '0.8.2; reboot',
    repository: 'ftp://repo.local/x',
    isolatorUrl: 'http://mods.local/$(id).so',
    rexrayDeb: 42,
    gatewayEndpoint: 'https://gw.local/api path',
  });
  expect(problems).toEqual([
    'volumeDriver.repository: must be an http(s) URL without spaces or shell characters, got "ftp://repo.local/x"',
    'volumeDriver.rexrayVersion: must be a dotted version like 0.8.2, got "0.8.2; reboot"',
    'volumeDriver.rexrayDeb: must be a string, got 42',
    'volumeDriver.isolatorUrl: must be an http(s) URL without spaces or shell characters, got "http://mods.local/$(id).so"',
    'volumeDriver.gatewayEndpoint: must be an http(s) URL without spaces or shell characters, got "https://gw.local/api path"',
  ]);
});

test('an unknown key is named with the known ones; a non-object volumeDriver is refused', () => {
  expect(problemsOf({ rexrayVerison: '0.8.2' })).toEqual([
    'volumeDriver.rexrayVerison: is not a known field (known: repository, rexrayVersion, rexrayDeb, rexrayRpm, isolatorUrl, gatewayEndpoint)',
  ]);
  expect(problemsOf('rexray')).toEqual(['volumeDriver: must be an object, got "rexray"']);
  expect(problemsOf(['x'])).toEqual(['volumeDriver: must be an object, got a list of 1']);
});

test('a version that is not dotted, or a URL that is too long, is refused', () => {
  expect(problemsOf({ rexrayVersion: '0' })).toEqual([
    'volumeDriver.rexrayVersion: must be a dotted version like 0.8.2, got "0"',
  ]);
  expect(problemsOf({ rexrayVersion: 'latest' })[0]).toMatch(/^volumeDriver\.rexrayVersion: /);
  expect(problemsOf({ isolatorUrl: `http://m.local/${'a'.repeat(1100)}.so` })).toEqual([
    'volumeDriver.isolatorUrl: must be at most 1024 characters, got 1118',
  ]);
});
