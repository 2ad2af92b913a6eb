// The old scheduler's flags, written out from the reference (seed-framework.md section 2.1), against our table:
// a flag missing from the table, a wrong variable or a changed default fails here.
import { CONFIG_FIELDS } from '../../common/config';
import { canonicalFlag, findLegacyFlag, LEGACY_FLAGS } from '../../common/legacy';

const BASE = 'https://github.com/codedellemc/scaleio-framework/releases/download/v0.3.1/';
const VERSION = '2.0-10000.2072';
const DEB: Record<string, string> = {
  mdm: `${BASE}EMC-ScaleIO-mdm-${VERSION}.Ubuntu.14.04.x86_64.deb`,
  sds: `${BASE}EMC-ScaleIO-sds-${VERSION}.Ubuntu.14.04.x86_64.deb`,
  sdc: `${BASE}EMC-ScaleIO-sdc-${VERSION}.Ubuntu.14.04.x86_64.deb`,
  lia: `${BASE}EMC-ScaleIO-lia-${VERSION}.Ubuntu.14.04.x86_64.deb`,
  gw: `${BASE}emc-scaleio-gateway_${VERSION}_amd64.deb`,
};
const RPM: Record<string, string> = {
  mdm: `${BASE}EMC-ScaleIO-mdm-${VERSION}.el7.x86_64.rpm`,
  sds: `${BASE}EMC-ScaleIO-sds-${VERSION}.el7.x86_64.rpm`,
  sdc: `${BASE}EMC-ScaleIO-sdc-${VERSION}.el7.x86_64.rpm`,
  lia: `${BASE}EMC-ScaleIO-lia-${VERSION}.el7.x86_64.rpm`,
  gw: `${BASE}EMC-ScaleIO-gateway-${VERSION}.x86_64.rpm`,
};

// [flag, environment variable (undefined: none), old default (undefined: computed at start-up)]
const REFERENCE: [string, string | undefined, string | number | boolean | undefined][] = [
  ['loglevel', 'LOG_LEVEL', 'info'],
  ['debug', 'DEBUG', false],
  ['experimental', 'EXPERIMENTAL', false],
  ['uri', 'MESOS_MASTER_HTTP', 'http://127.0.0.1:5050/api/v1/scheduler'],
  ['rest.address', 'REST_ADDRESS', undefined],
  ['rest.port', 'REST_PORT', 35000],
  ['executor.altpath', 'ALT_EXECUTOR_PATH', ''],
  ['executor.cpu.mdm', 'EXECUTOR_MDM_CPU', 1.5],
  ['executor.cpu.non', 'EXECUTOR_NON_CPU', 0.5],
  ['executor.mem.mdm', 'EXECUTOR_MDM_MEM', 3072],
  ['executor.mem.non', 'EXECUTOR_NON_MEM', 512],
  ['executor.cpu.factor', 'EXECUTOR_CPU_FACTOR', 1.0],
  ['executor.mem.factor', 'EXECUTOR_MEMORY_FACTOR', 1.0],
  ['user', 'USER', undefined],
  ['hostname', 'HOSTNAME', undefined],
  ['role', 'ROLE', 'scaleio'],
  ['store.type', 'STORE_TYPE', 'zk'],
  ['store.uri', 'STORE_URI', undefined],
  ['store.delete', 'DELETE_STORE', false],
  ['store.dump', 'DUMP_STORE', false],
  ['store.add.key', 'STORE_ADD_KEY', ''],
  ['store.add.value', 'STORE_ADD_VAL', ''],
  ['store.del.key', 'STORE_DEL_KEY', ''],
  ['scaleio.clustername', 'CLUSTER_NAME', 'scaleio'],
  ['scaleio.clusterid', 'CLUSTER_ID', ''],
  ['scaleio.lbgateway', 'LB_GATEWAY', ''],
  ['scaleio.protectiondomain', 'PROTECTION_DOMAIN', 'default'],
  ['scaleio.storagepool', 'STORAGE_POOL', 'default'],
  ['scaleio.password', 'ADMIN_PASSWORD', 'Scaleio123'],
  ['scaleio.apiversion', 'API_VERSION', '2.0'],
  ['scaleio.preconfig.primary', 'PRIMARY_MDM_ADDRESS', ''],
  ['scaleio.preconfig.secondary', 'SECONDARY_MDM_ADDRESS', ''],
  ['scaleio.preconfig.tiebreaker', 'TIEBREAKER_MDM_ADDRESS', ''],
  ['scaleio.preconfig.gateway', 'GATEWAY_ADDRESS', ''],
  ...['mdm', 'sds', 'sdc', 'lia', 'gw'].flatMap((role): [string, string, string][] => [
    [`scaleio.ubuntu14.${role}`, `DEB_${role.toUpperCase()}`, DEB[role] as string],
    [`scaleio.rhel7.${role}`, `RPM_${role.toUpperCase()}`, RPM[role] as string],
    [`scaleio.centos7.${role}`, `RPM_${role.toUpperCase()}`, RPM[role] as string],
  ]),
  ['rexray.branch', 'REXRAY_BRANCH', 'stable'],
  ['rexray.version', 'REXRAY_VERSION', 'latest'],
  [
    'isolator.binary',
    'ISOLATOR_BINARY',
    'https://github.com/emccode/mesos-module-dvdi/releases/download/v0.4.6/libmesos_dvdi_isolator-1.0.1.so',
  ],
  ['aws.accesskey', 'AWS_ACCESS_KEY', ''],
  ['aws.secretkey', 'AWS_SECRET_KEY', ''],
  ['aws.threshold', 'AWS_USED_THRESHOLD', 90],
  // The old scheduler read AWS_USED_THRESHOLD for this one too: a defect we do not carry, so no variable.
  ['aws.checkfull', undefined, 60],
  ['aws.growthsize', 'AWS_GROWTH_SIZE', 1024],
];

// Spellings the old 0.2.0 renamed (section 2.1 "Removed in 0.2.0"), and what they are now.
const RENAMED: [string, string][] = [
  ...['mdm', 'sds', 'sdc', 'lia', 'gw'].flatMap((role): [string, string][] => [
    [`scaleio.deb.${role}`, `scaleio.ubuntu14.${role}`],
    [`scaleio.rpm.${role}`, `scaleio.rhel7.${role}`],
  ]),
  ['executor.memory.mdm', 'executor.mem.mdm'],
  ['executor.memory.no', 'executor.mem.non'],
  ['executor.memory.non', 'executor.mem.non'],
  ['executor.memoryfactor', 'executor.mem.factor'],
  // Seen in the old 0.1 sources, not in the reference: the CPU factor's first spelling.
  ['executor.cpufactor', 'executor.cpu.factor'],
];

test.each(REFERENCE)('-%s is in the table with variable %s and default %p', (name, env, def) => {
  const flag = findLegacyFlag(name);
  expect(flag).toBeDefined();
  if (!flag) return;
  // centos7 is a second spelling of rhel7: the value, and the variable, belong to rhel7.
  expect(canonicalFlag(flag).env).toBe(env);
  if (def === undefined) expect(flag.dynamicDefault).toEqual(expect.any(String));
  else expect(flag.default).toBe(def);
});

test.each(RENAMED)('-%s (renamed in the old 0.2.0) is taken as -%s', (old, now) => {
  const flag = findLegacyFlag(old);
  expect(flag && [flag.fate, canonicalFlag(flag).name]).toEqual(['renamed', now]);
});

test('the table holds exactly the reference flags and the renamed spellings, each once', () => {
  const names = LEGACY_FLAGS.map((f) => f.name);
  expect(new Set(names).size).toBe(names.length);
  expect([...names].sort()).toEqual([...REFERENCE.map((r) => r[0]), ...RENAMED.map((r) => r[0])].sort());
});

test.each(LEGACY_FLAGS.map((f) => [f.name, f]))('-%s says where it lands or why it does not', (_name, flag) => {
  expect(flag.why.length).toBeGreaterThan(20);
  if (flag.fate === 'deprecated' || flag.fate === 'not-carried') expect(flag.to).toEqual([]);
  else expect(flag.to.length).toBeGreaterThan(0);
  const envs = CONFIG_FIELDS.map((f) => f.env);
  for (const target of flag.to) {
    expect(target).toMatch(/^(spec\.[a-zA-Z0-9.]+|config\.[A-Z_]+)$/);
    if (target.startsWith('config.')) expect(envs).toContain(target.slice('config.'.length));
  }
});

test('secrets are marked so no message shows them', () => {
  const secret = LEGACY_FLAGS.filter((f) => f.secret).map((f) => f.name);
  expect(secret.sort()).toEqual(['aws.accesskey', 'aws.secretkey', 'scaleio.password']);
});
