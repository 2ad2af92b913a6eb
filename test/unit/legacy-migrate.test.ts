// Whole migrations: the Marathon app of the reference (section 2.4), the old defaults, the old rules and defects,
// and the password, which never appears in anything we print.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../common/config';
import { InputError } from '../../common/errors';
import { validateClusterSpec } from '../../common/spec';
import {
  inputFromCommandLine,
  inputFromMarathon,
  migrateLegacy,
  parseEnvFile,
  renderText,
  type Migration,
} from '../../common/legacy';

const FIXTURES = join(__dirname, '../fixtures/legacy');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const PRE =
  '-scaleio.preconfig.primary=10.0.0.1 -scaleio.preconfig.secondary=10.0.0.2 -scaleio.preconfig.tiebreaker=10.0.0.3';
const fromFlags = (flags: string, options = {}) => migrateLegacy(inputFromCommandLine(flags, '--flags'), options);
const everything = (m: Migration) => `${JSON.stringify(m)}\n${renderText(m, 'x')}`;

function problemsOf(run: () => unknown): { field: string; problem: string }[] {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return [...err.problems];
    throw err;
  }
  throw new Error('expected an InputError');
}

test('the Marathon app of the reference migrates to a spec validateClusterSpec accepts', () => {
  const m = migrateLegacy(inputFromMarathon(fixture('sioframework.json'), 'sioframework.json'));
  const checked = validateClusterSpec(m.spec);
  expect(checked.ok).toBe(true);
  expect(checked.ok && checked.spec).toEqual(m.normalizedSpec);
  expect(m.spec).toMatchObject({
    name: 'scaleio',
    mdmMode: 3,
    protectionDomain: 'pd1',
    storagePool: 'sp1',
    systemId: '6f831c6866417634',
    preconfiguredMdms: { primary: '10.0.0.12', secondary: '10.0.0.11', tiebreaker: '10.0.0.13', gateway: '10.0.0.11' },
  });
  expect(m.config).toEqual({
    SCALEIO_LOG_LEVEL: 'debug',
    SCALEIO_CLUSTER: 'scaleio',
    MESOS_MASTERS: 'http://10.0.0.21:5050',
    SCALEIO_GATEWAY_URL: 'https://10.0.0.11',
    SCALEIO_GATEWAY_USER: 'admin',
    SCALEIO_GATEWAY_PASSWORD_FILE: '/run/secrets/scaleio_gateway_password',
  });
  const subjects = m.notes.map((n) => `${n.kind} ${n.subject}`);
  expect(subjects).toContain('deprecated -rest.port (sioframework.json cmd)');
  expect(subjects.filter((s) => s.startsWith('not-carried'))).toEqual([]);
  expect(everything(m)).not.toContain('F00barbaz');
});

test('the config it prints is accepted by the loader of our processes', () => {
  const m = migrateLegacy(inputFromMarathon(fixture('sioframework.json'), 'sioframework.json'));
  const config = loadConfig(m.config);
  expect(config.mesos.masters).toEqual(['http://10.0.0.21:5050']);
  expect(config.gateway).toMatchObject({
    url: 'https://10.0.0.11',
    passwordFile: '/run/secrets/scaleio_gateway_password',
  });
});

test('the old defaults come through unchanged', () => {
  const m = fromFlags(PRE);
  expect(validateClusterSpec(m.spec).ok).toBe(true);
  const { urls } = m.normalizedSpec.packages;
  const base = 'https://github.com/codedellemc/scaleio-framework/releases/download/v0.3.1/';
  expect(urls.ubuntu14).toEqual({
    mdm: `${base}EMC-ScaleIO-mdm-2.0-10000.2072.Ubuntu.14.04.x86_64.deb`,
    sds: `${base}EMC-ScaleIO-sds-2.0-10000.2072.Ubuntu.14.04.x86_64.deb`,
    sdc: `${base}EMC-ScaleIO-sdc-2.0-10000.2072.Ubuntu.14.04.x86_64.deb`,
    lia: `${base}EMC-ScaleIO-lia-2.0-10000.2072.Ubuntu.14.04.x86_64.deb`,
    gw: `${base}emc-scaleio-gateway_2.0-10000.2072_amd64.deb`,
  });
  expect(urls.rhel7.gw).toBe(`${base}EMC-ScaleIO-gateway-2.0-10000.2072.x86_64.rpm`);
  expect(urls.rhel7.sds).toBe(`${base}EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm`);
  expect(m.normalizedSpec).toMatchObject({
    name: 'scaleio',
    protectionDomain: 'default',
    storagePool: 'default',
    autoOnboard: true,
    nodeSelection: { mdmMinCpus: 1.5, mdmMinMemMb: 3072, dataMinCpus: 0.5, dataMinMemMb: 512 },
    volumeDriver: {
      isolatorUrl:
        'https://github.com/emccode/mesos-module-dvdi/releases/download/v0.4.6/libmesos_dvdi_isolator-1.0.1.so',
    },
  });
  expect(m.config).toMatchObject({ SCALEIO_LOG_LEVEL: 'info', SCALEIO_CLUSTER: 'scaleio' });
  expect(everything(m)).not.toContain('Scaleio123');
});

test('only two of the three pre-configured MDMs: the old all-or-none rule', () => {
  const problems = problemsOf(() =>
    fromFlags('-scaleio.preconfig.primary=10.0.0.1 -scaleio.preconfig.tiebreaker=10.0.0.3 -scaleio.password=Pw0rd')
  );
  expect(problems).toEqual([
    {
      field: '-scaleio.preconfig.secondary',
      problem: expect.stringContaining('must be given together or not at all (the old scheduler refused to start)'),
    },
  ]);
  expect(JSON.stringify(problems)).not.toContain('Pw0rd');
});

test('no pre-configured MDMs without -experimental: the old scheduler refused to start', () => {
  expect(problemsOf(() => fromFlags('-uri=m:5050'))).toEqual([
    {
      field: '-scaleio.preconfig.primary, -scaleio.preconfig.secondary, -scaleio.preconfig.tiebreaker',
      problem: expect.stringContaining('are required unless -experimental=true'),
    },
  ]);
});

test('experimental with a load-balanced gateway, the AWS keys and the password from env', () => {
  const m = migrateLegacy(inputFromMarathon(fixture('sioframework-experimental.json'), 'exp.json'));
  expect(m.spec.preconfiguredMdms).toBeUndefined();
  expect(m.normalizedSpec.volumeDriver.gatewayEndpoint).toBe('https://gw.example.com:8443/api');
  expect(m.config.SCALEIO_GATEWAY_URL).toBe('https://gw.example.com:8443');
  expect(m.notes.filter((n) => n.kind === 'not-carried').map((n) => n.subject)).toEqual([
    '-aws.accesskey (exp.json cmd)',
    '-aws.secretkey (exp.json cmd)',
  ]);
  // Variables the command expanded are not reported as ignored.
  expect(m.notes.some((n) => n.message.includes('AWS_KEY'))).toBe(false);
  const text = everything(m);
  for (const secret of ['Experim3ntal!', 'AKIAOLDFRAMEWORKKEY', 'old-framework-aws-secret'])
    expect(text).not.toContain(secret);
  expect(m.instructions[0]).toContain('given as ADMIN_PASSWORD (exp.json env)');
});

test('an old environment file alone, with a mirrored package', () => {
  const env = parseEnvFile(readFileSync(join(FIXTURES, 'old-scheduler.env'), 'utf8'), 'old.env');
  const m = migrateLegacy({ env: [env] });
  expect(m.spec).toMatchObject({ name: 'prod', protectionDomain: 'pd-env', storagePool: 'sp-env' });
  expect(m.normalizedSpec.packages.urls.rhel7.sds).toBe(
    'http://mirror.local/sio/EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm'
  );
  expect(m.normalizedSpec.nodeSelection.dataMinMemMb).toBe(1024);
  expect(m.notes).toContainEqual(expect.objectContaining({ kind: 'deprecated', subject: 'REST_PORT (old.env)' }));
  expect(everything(m)).not.toContain('Env-Pa55word');
});

test('flags override the old variables, as in the old scheduler', () => {
  const input = inputFromCommandLine(`${PRE} -scaleio.storagepool=from-flag`, '--flags', [
    { origin: 'env', vars: { STORAGE_POOL: { text: 'from-env', unresolved: [] } } },
  ]);
  expect(migrateLegacy(input).spec.storagePool).toBe('from-flag');
});

test('unknown flags are refused by name', () => {
  expect(problemsOf(() => fromFlags(`${PRE} -scaleio.pasword=x -rest.prot=1`)).map((p) => p.field)).toEqual([
    '-scaleio.pasword',
    '-rest.prot',
  ]);
});

describe('old defects are not carried', () => {
  test('the old -uri default was a broken URL; the master is http://127.0.0.1:5050', () => {
    const m = fromFlags(PRE);
    expect(m.config.MESOS_MASTERS).toBe('http://127.0.0.1:5050');
    expect(m.notes).toContainEqual(expect.objectContaining({ kind: 'changed', subject: '-uri' }));
    expect(fromFlags(`${PRE} -uri=http://m:5050/api/v1/scheduler`).config.MESOS_MASTERS).toBe('http://m:5050');
  });

  test('-role was never sent to Mesos, so it does not become MESOS_ROLE', () => {
    const m = fromFlags(`${PRE} -role=storage`);
    expect(m.config.MESOS_ROLE).toBeUndefined();
    expect(m.notes).toContainEqual(expect.objectContaining({ kind: 'deprecated', subject: '-role (--flags)' }));
  });

  test('AWS_USED_THRESHOLD is -aws.threshold only, not also -aws.checkfull', () => {
    const input = { env: [{ origin: 'env', vars: { AWS_USED_THRESHOLD: { text: '70', unresolved: [] } } }] };
    const m = migrateLegacy({ ...inputFromCommandLine(PRE, '--flags'), env: input.env });
    expect(m.notes.filter((n) => n.kind === 'not-carried').map((n) => n.subject)).toEqual(['AWS_USED_THRESHOLD (env)']);
  });

  test('in full-cluster mode the system takes -scaleio.clustername (the old one was always "scaleio")', () => {
    const m = fromFlags('-experimental -scaleio.clustername=prod');
    expect(m.normalizedSpec.name).toBe('prod');
    expect(m.notes).toContainEqual(expect.objectContaining({ kind: 'changed', subject: '-scaleio.clustername' }));
  });
});

test('package URLs with another ScaleIO version: one version for the cluster', () => {
  const url = 'http://m/EMC-ScaleIO-sds-2.0-12000.122.el7.x86_64.rpm';
  const m = fromFlags(`${PRE} -scaleio.rhel7.sds=${url}`);
  expect(m.normalizedSpec.packages.version).toBe('2.0-12000.122');
  expect(m.normalizedSpec.packages.urls.rhel7.sds).toBe(url);
  expect(m.notes).toContainEqual(
    expect.objectContaining({ kind: 'changed', message: expect.stringContaining('2.0-12000.122') })
  );
  const mixed = `${PRE} -scaleio.rhel7.sds=${url} -scaleio.rhel7.sdc=http://m/EMC-ScaleIO-sdc-2.0-10000.2072.el7.x86_64.rpm`;
  expect(problemsOf(() => fromFlags(mixed))[0]?.field).toBe('-scaleio.rhel7.sds, -scaleio.rhel7.sdc');
  expect(problemsOf(() => fromFlags(`${PRE} -scaleio.rhel7.sds=http://m/sds.rpm`))[0]?.field).toBe(
    '-scaleio.rhel7.sds'
  );
});

test('--repository replaces the old download sites for whatever was left default', () => {
  const m = fromFlags(PRE, { repository: 'http://repo.local/sio' });
  expect(m.normalizedSpec.packages.urls.ubuntu14.mdm).toBe(
    'http://repo.local/sio/EMC-ScaleIO-mdm-2.0-10000.2072.Ubuntu.14.04.x86_64.deb'
  );
  expect(m.normalizedSpec.volumeDriver.isolatorUrl).toBe('http://repo.local/sio/libmesos_dvdi_isolator-1.0.1.so');
});

test('--password-ref env:NAME: the spec names the variable, the worker still reads a file', () => {
  const m = fromFlags(PRE, { passwordRef: 'env:SIO_PW' });
  expect(m.spec.passwordRef).toBe('env:SIO_PW');
  expect(m.config.SCALEIO_GATEWAY_PASSWORD_FILE).toBe('/run/secrets/scaleio_gateway_password');
  const problems = problemsOf(() => fromFlags(PRE, { passwordRef: 'Pl41n-password' }));
  expect(problems).toEqual([
    { field: '--password-ref (spec.passwordRef)', problem: expect.stringContaining('env:VARIABLE_NAME') },
  ]);
  expect(JSON.stringify(problems)).not.toContain('Pl41n');
});

test('bad values are named by the flag they came from', () => {
  const problems = problemsOf(() =>
    fromFlags(`${PRE} -scaleio.clustername=Bad_Name -executor.cpu.non=0 -rest.port=abc -uri=zk://z:2181/mesos`)
  );
  expect(problems.map((p) => p.field)).toEqual(['-rest.port']);
  expect(
    problemsOf(() => fromFlags(`${PRE} -scaleio.clustername=Bad_Name -executor.cpu.non=0`)).map((p) => p.field)
  ).toEqual(['-scaleio.clustername (spec.name)', '-executor.cpu.non (spec.nodeSelection.dataMinCpus)']);
  expect(problemsOf(() => fromFlags(`${PRE} -uri=zk://z:2181/mesos`))[0]?.problem).toContain('ZooKeeper');
  expect(problemsOf(() => fromFlags(`-experimental -scaleio.lbgateway=http://lb`))[0]?.problem).toContain('https');
  expect(problemsOf(() => fromFlags(`${PRE} -uri=$MASTER:5050`))[0]).toEqual({
    field: '-uri',
    problem: expect.stringContaining('uses $MASTER'),
  });
});
