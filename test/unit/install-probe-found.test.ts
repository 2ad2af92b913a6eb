// What a probe proves done, against the builders' own expectations: a step is skipped only when every condition
// the step itself checks holds in the facts; any difference leaves it to run.
import { createHash } from 'node:crypto';
import {
  foundIsolator,
  foundPackage,
  foundPrerequisites,
  foundRexray,
  type NodeFacts,
  type RexrayInput,
} from '../../activities/install';
import { rexrayConfigWithoutPassword, REXRAY_SCINI_DROPIN } from '../../activities/install/rexray';

const REXRAY: RexrayInput = {
  os: 'rhel7',
  url: 'http://repo/rexray-0.8.2-1.x86_64.rpm',
  version: '0.8.2',
  gatewayEndpoint: 'https://10.0.0.11/api',
  protectionDomain: 'pd1',
  storagePool: 'sp1',
  systemName: 'prod',
  adminPasswordRef: 'file:/run/secrets/pw',
};
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const ISO_URL = 'http://repo/libmesos_dvdi_isolator-1.0.1.so';

function facts(over: Partial<NodeFacts> = {}): NodeFacts {
  return {
    os: { family: 'rhel7', id: 'rhel', versionId: '7.3', prettyName: null, supported: true },
    kernel: '3.10.0',
    arch: 'x86_64',
    disks: [],
    freeDevices: [],
    systemDisk: null,
    sdcGuid: null,
    ips: ['10.0.0.5'],
    packages: { libaio: '0.3', numactl: '2.0', zip: '3.0', unzip: '6.0', 'EMC-ScaleIO-sds': '2.0-10000.2072' },
    scaleio: { sds: '2.0-10000.2072' },
    rexray: '0.8.2-1',
    dvdcli: null,
    isolator: {
      so: '/usr/lib/libmesos_dvdi_isolator-1.0.1.so',
      modules: 'file:///usr/lib/dvdi-mod.json',
      isolation: 'com_emccode_mesos_DockerVolumeDriverIsolator,posix/cpu,posix/mem',
    },
    rexrayConfig: { sha256: sha(rexrayConfigWithoutPassword(REXRAY)), dropin: REXRAY_SCINI_DROPIN, initdReady: true },
    ...over,
  };
}

test('packages: found only at exactly the planned version', () => {
  expect(foundPackage('sds', '2.0-10000.2072', facts())).toMatch(/sds 2.0-10000.2072 already installed/);
  expect(foundPackage('sds', '2.0-12000.122', facts())).toBeUndefined();
  expect(foundPackage('sdc', '2.0-10000.2072', facts())).toBeUndefined();
});

test('prerequisites: every package present, and on Ubuntu 14.04 the planned kernel running', () => {
  expect(foundPrerequisites({ os: 'rhel7' }, facts())).toBeDefined();
  expect(foundPrerequisites({ os: 'rhel7', withGateway: true }, facts())).toBeUndefined(); // no java
  const ubuntu = facts({
    packages: { libaio1: '1', numactl: '1', zip: '1', unzip: '1', 'linux-image-4.4.0-38-generic': '1' },
  });
  expect(foundPrerequisites({ os: 'ubuntu14' }, { ...ubuntu, kernel: '4.4.0-38-generic' })).toBeDefined();
  expect(foundPrerequisites({ os: 'ubuntu14' }, { ...ubuntu, kernel: '3.13.0-24-generic' })).toBeUndefined();
});

test('REX-Ray: the version, the config as planned (password aside) and the scini ordering', () => {
  expect(foundRexray(REXRAY, facts())).toMatch(/rexray 0.8.2 with the planned config/);
  expect(foundRexray({ ...REXRAY, storagePool: 'sp2' }, facts())).toBeUndefined();
  expect(foundRexray({ ...REXRAY, version: '0.9.0' }, facts())).toBeUndefined();
  const cfg = facts().rexrayConfig!;
  expect(foundRexray(REXRAY, facts({ rexrayConfig: { ...cfg, dropin: '' } }))).toBeUndefined();
  expect(foundRexray(REXRAY, facts({ rexrayConfig: null }))).toBeUndefined(); // an older probe did not look
});

test('isolator: the planned .so, the modules flag and the isolation line', () => {
  expect(foundIsolator({ os: 'rhel7', url: ISO_URL }, facts())).toBeDefined();
  expect(foundIsolator({ os: 'rhel7', url: 'http://repo/libmesos_dvdi_isolator-1.0.2.so' }, facts())).toBeUndefined();
  const iso = facts().isolator!;
  expect(
    foundIsolator({ os: 'rhel7', url: ISO_URL }, facts({ isolator: { ...iso, isolation: 'posix/cpu' } }))
  ).toBeUndefined();
  expect(foundIsolator({ os: 'rhel7', url: ISO_URL }, facts({ isolator: { ...iso, modules: '' } }))).toBeUndefined();
});
