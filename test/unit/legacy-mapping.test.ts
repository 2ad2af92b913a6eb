// Every mapped old flag lands where the table says, with the value the old scheduler would have used; every
// deprecated or not-carried flag is named in a note, whether given as a flag or as its variable.
import { validateClusterSpec } from '../../common/spec';
import {
  canonicalFlag,
  findLegacyFlag,
  inputFromCommandLine,
  LEGACY_FLAGS,
  migrateLegacy,
  type LegacyFlag,
  type Migration,
} from '../../common/legacy';

const PRE =
  '-scaleio.preconfig.primary=10.0.0.1 -scaleio.preconfig.secondary=10.0.0.2 -scaleio.preconfig.tiebreaker=10.0.0.3';
const migrate = (flags: string, env: Record<string, string> = {}): Migration =>
  migrateLegacy({
    ...inputFromCommandLine(flags, '--flags'),
    env: [
      {
        origin: 'env',
        vars: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, { text: v, unresolved: [] }])),
      },
    ],
  });

/** The value at `spec.a.b` or `config.ENV` of a migration. */
function at(m: Migration, target: string): unknown {
  const [root, ...path] = target.split('.');
  if (root === 'config') return m.config[path.join('.')];
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], m.spec);
}

const MIRROR = 'http://mirror.local/sio';
const pkg = (os: string, role: string) => {
  const deb =
    role === 'gw'
      ? 'emc-scaleio-gateway_2.0-10000.2072_amd64.deb'
      : `EMC-ScaleIO-${role}-2.0-10000.2072.Ubuntu.14.04.x86_64.deb`;
  const rpm =
    role === 'gw'
      ? 'EMC-ScaleIO-gateway-2.0-10000.2072.x86_64.rpm'
      : `EMC-ScaleIO-${role}-2.0-10000.2072.el7.x86_64.rpm`;
  return `${MIRROR}/${os === 'ubuntu14' ? deb : rpm}`;
};

// [flag, the old command line, target, expected value there]
const CASES: [string, string, string, unknown][] = [
  ['loglevel', `${PRE} -loglevel=warn`, 'config.SCALEIO_LOG_LEVEL', 'warn'],
  ['debug', `${PRE} -debug=true`, 'spec.noReboot', true],
  ['experimental', '-experimental=true', 'spec.preconfiguredMdms', undefined],
  ['uri', `${PRE} -uri=m1:5050`, 'config.MESOS_MASTERS', 'http://m1:5050'],
  ['executor.cpu.mdm', `${PRE} -executor.cpu.mdm=2`, 'spec.nodeSelection.mdmMinCpus', 2],
  ['executor.cpu.non', `${PRE} -executor.cpu.non=1`, 'spec.nodeSelection.dataMinCpus', 1],
  ['executor.mem.mdm', `${PRE} -executor.mem.mdm=4096`, 'spec.nodeSelection.mdmMinMemMb', 4096],
  ['executor.mem.non', `${PRE} -executor.mem.non=1000.5`, 'spec.nodeSelection.dataMinMemMb', 1001],
  ['executor.cpu.factor', `${PRE} -executor.cpu.factor=0.5`, 'spec.nodeSelection.mdmMinCpus', 3],
  ['executor.mem.factor', `${PRE} -executor.mem.factor=0.5`, 'spec.nodeSelection.mdmMinMemMb', 6144],
  ['scaleio.clustername', `${PRE} -scaleio.clustername=prod`, 'spec.name', 'prod'],
  ['scaleio.clusterid', `${PRE} -scaleio.clusterid=6f831c6866417634`, 'spec.systemId', '6f831c6866417634'],
  ['scaleio.clustername', `${PRE} -scaleio.clustername=prod`, 'config.SCALEIO_CLUSTER', 'prod'],
  ['scaleio.lbgateway', '-experimental -scaleio.lbgateway=lb:8443', 'config.SCALEIO_GATEWAY_URL', 'https://lb:8443'],
  [
    'scaleio.lbgateway',
    '-experimental -scaleio.lbgateway=https://lb/api',
    'spec.volumeDriver.gatewayEndpoint',
    'https://lb/api',
  ],
  ['scaleio.protectiondomain', `${PRE} -scaleio.protectiondomain=pd9`, 'spec.protectionDomain', 'pd9'],
  ['scaleio.storagepool', `${PRE} -scaleio.storagepool=sp9`, 'spec.storagePool', 'sp9'],
  ['scaleio.password', `${PRE} -scaleio.password=pw`, 'spec.passwordRef', 'file:/run/secrets/scaleio_gateway_password'],
  [
    'scaleio.password',
    `${PRE} -scaleio.password=pw`,
    'config.SCALEIO_GATEWAY_PASSWORD_FILE',
    '/run/secrets/scaleio_gateway_password',
  ],
  ['scaleio.preconfig.primary', PRE, 'spec.preconfiguredMdms.primary', '10.0.0.1'],
  ['scaleio.preconfig.primary', PRE, 'config.SCALEIO_GATEWAY_URL', 'https://10.0.0.1'],
  ['scaleio.preconfig.secondary', PRE, 'spec.preconfiguredMdms.secondary', '10.0.0.2'],
  ['scaleio.preconfig.tiebreaker', PRE, 'spec.preconfiguredMdms.tiebreaker', '10.0.0.3'],
  ['scaleio.preconfig.gateway', `${PRE} -scaleio.preconfig.gateway=gw1`, 'spec.preconfiguredMdms.gateway', 'gw1'],
  ['scaleio.preconfig.gateway', `${PRE} -scaleio.preconfig.gateway=gw1`, 'config.SCALEIO_GATEWAY_URL', 'https://gw1'],
  ['rexray.version', `${PRE} -rexray.version=0.6.3`, 'spec.volumeDriver.rexrayVersion', '0.6.3'],
  [
    'isolator.binary',
    `${PRE} -isolator.binary=${MIRROR}/libmesos_dvdi_isolator-1.0.2.so`,
    'spec.volumeDriver.isolatorUrl',
    `${MIRROR}/libmesos_dvdi_isolator-1.0.2.so`,
  ],
  ...['ubuntu14', 'rhel7', 'centos7'].flatMap((os) =>
    ['mdm', 'sds', 'sdc', 'lia', 'gw'].flatMap((role): [string, string, string, unknown][] => {
      const family = os === 'centos7' ? 'rhel7' : os;
      const line = `${PRE} -scaleio.${os}.${role}=${pkg(family, role)}`;
      return [
        [`scaleio.${os}.${role}`, line, `spec.packages.os.${family}.${role}`, pkg(family, role)],
        [`scaleio.${os}.${role}`, line, 'spec.packages.version', '2.0-10000.2072'],
      ];
    })
  ),
];

test.each(CASES)('-%s: %s → %s', (_flag, line, target, expected) => {
  const m = migrate(line);
  expect(at(m, target)).toEqual(expected);
  expect(validateClusterSpec(m.spec).ok).toBe(true);
});

const mapped = LEGACY_FLAGS.filter((f) => f.fate === 'mapped');
test.each(mapped.map((f) => [f.name, f]))('-%s: every target of the table is covered by a case', (name, flag) => {
  const covered = CASES.filter((c) => c[0] === name).map((c) => c[2]);
  expect(covered).toEqual(expect.arrayContaining([...flag.to]));
});

const SAMPLE: Record<LegacyFlag['type'], string> = { bool: 'true', int: '7', float: '2.5', string: 'x1' };

test.each(LEGACY_FLAGS.filter((f) => f.fate === 'deprecated').map((f) => [f.name, f]))(
  'deprecated -%s is accepted and named, as a flag and as its variable',
  (name, flag) => {
    const asFlag = migrate(`${PRE} -${name}=${SAMPLE[flag.type]}`);
    expect(asFlag.notes).toContainEqual({
      kind: 'deprecated',
      subject: `-${name} (--flags)`,
      message: `no meaning any more: ${flag.why}`,
    });
    if (!flag.env) return;
    const asEnv = migrate(PRE, { [flag.env]: SAMPLE[flag.type] });
    expect(asEnv.notes).toContainEqual({
      kind: 'deprecated',
      subject: `${flag.env} (env)`,
      message: `no meaning any more: ${flag.why}`,
    });
  }
);

test.each(LEGACY_FLAGS.filter((f) => f.fate === 'not-carried').map((f) => [f.name, f]))(
  'not-carried -%s is named when it differs from the old default, never with its value',
  (name, flag) => {
    const m = migrate(`${PRE} -${name}=${SAMPLE[flag.type]}`);
    expect(m.notes).toContainEqual({ kind: 'not-carried', subject: `-${name} (--flags)`, message: flag.why });
    expect(JSON.stringify(m.notes)).not.toContain('=x1');
    expect(migrate(`${PRE} -${name}=${String(flag.default)}`).notes.map((n) => n.kind)).not.toContain('not-carried');
  }
);

test.each(LEGACY_FLAGS.filter((f) => f.fate === 'renamed').map((f) => [f.name, f]))(
  'renamed -%s lands where its new name does, with a note',
  (name, flag) => {
    const now = canonicalFlag(flag);
    const [, family = '', role = ''] = now.name.split('.');
    const value = now.type === 'float' ? (now.name.endsWith('factor') ? '2' : '2048') : pkg(family, role);
    const m = migrate(`${PRE} -${name}=${value}`);
    expect(m.spec).toEqual(migrate(`${PRE} -${now.name}=${value}`).spec);
    expect(m.spec).not.toEqual(migrate(PRE).spec);
    expect(m.notes).toContainEqual({
      kind: 'deprecated',
      subject: `-${name}`,
      message: expect.stringContaining(`taken as -${now.name}`),
    });
  }
);

test('every variable of the table sets its flag like the flag does', () => {
  let checked = 0;
  for (const flag of LEGACY_FLAGS.filter((f) => f.env && f.fate === 'mapped')) {
    const cases = CASES.filter((c) => findLegacyFlag(c[0])?.env === flag.env && c[1].startsWith(PRE + ' -'));
    for (const [, line, target, expected] of cases) {
      const value = line.slice(line.indexOf('=', PRE.length) + 1);
      expect([flag.env, at(migrate(PRE, { [flag.env as string]: value }), target)]).toEqual([flag.env, expected]);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(25);
});
