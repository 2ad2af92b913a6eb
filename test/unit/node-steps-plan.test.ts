// The planNodeSteps activity: node step requests -> runOnAgent inputs built for the node's OS from the cluster
// spec. Called directly (a plain async function); failures are ApplicationFailures as a workflow would see them.
import { ApplicationFailure } from '@temporalio/common';
import { stepsOf, createNodeStepActivities } from '../../activities/scaleio/node-steps';
import type { RunOnAgentInput } from '../../common/mesos-activities';
import type { NodeStepRequest, PlanNodeStepsInput } from '../../common/node-steps';
import { validateClusterSpec, type ClusterSpec } from '../../common/spec';
import { goodSpec } from '../fixtures/specs';

const REPO = 'http://127.0.0.1:8080/packages';
const V = '2.0-10000.2072';
const PASSWORD = 'S3cret-Passw0rd';

function spec(): ClusterSpec {
  const r = validateClusterSpec(goodSpec('demo'));
  if (!r.ok) throw new Error(`fixture spec rejected: ${JSON.stringify(r.problems)}`);
  return r.spec;
}

const { planNodeSteps } = createNodeStepActivities();

function plan(os: PlanNodeStepsInput['os'], steps: NodeStepRequest[], extra: Partial<PlanNodeStepsInput> = {}) {
  return planNodeSteps({ hostname: 'node-3', os, spec: spec(), steps, ...extra });
}

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

const MDM_IPS = ['127.0.1.2', '127.0.1.3'];
const ALL: NodeStepRequest[] = [
  { kind: 'prereqs' },
  { kind: 'package', role: 'mdm' },
  { kind: 'package', role: 'tb' },
  { kind: 'package', role: 'sds' },
  { kind: 'package', role: 'sdc', mdmIps: MDM_IPS },
  { kind: 'package', role: 'lia' },
  { kind: 'package', role: 'gw', mdmIps: MDM_IPS },
  { kind: 'mdm-cluster', primaryIp: '127.0.1.2', managerIps: ['127.0.1.3'], tieBreakerIps: ['127.0.1.4'] },
  { kind: 'rexray', gatewayEndpoint: 'https://127.0.1.2:8443/api' },
  { kind: 'isolator' },
  { kind: 'uninstall', role: 'sds' },
  { kind: 'reboot' },
  { kind: 'restart-agent' },
];

describe('planNodeSteps', () => {
  it('names every step by what it does, in the order asked', async () => {
    const runs = await plan('rhel7', ALL);
    expect(runs.map((r) => r.taskName)).toEqual([
      'install-prereqs',
      'install-mdm',
      'install-tb',
      'install-sds',
      'install-sdc',
      'install-lia',
      'install-gw',
      'mdm-cluster-create',
      'mdm-cluster-password',
      'mdm-cluster-add-mdm2',
      'mdm-cluster-add-tb',
      'mdm-cluster-mode',
      'mdm-cluster-rename',
      'install-rexray',
      'install-isolator',
      'uninstall-sds',
      'reboot-node',
      'restart-mesos-agent',
    ]);
    for (const r of runs) {
      expect(r.hostname).toBe('node-3');
      expect(r.command).toMatch(/^set -eu/);
      expect(r.timeoutMs).toBeGreaterThan(0);
    }
  });

  it('marks only the steps that take the node down urgent: they run in the reboot turn the cluster waits on', async () => {
    const runs = await plan('rhel7', ALL);
    const urgent = runs.filter((r) => r.urgent === true).map((r) => r.taskName);
    expect(urgent).toEqual(['reboot-node', 'restart-mesos-agent']);
  });

  it('tells an MDM manager from a tie-breaker by MDM_ROLE_IS_MANAGER', async () => {
    const [mdm, tb] = await plan('ubuntu16', [
      { kind: 'package', role: 'mdm' },
      { kind: 'package', role: 'tb' },
    ]);
    expect(mdm?.env).toEqual({ MDM_ROLE_IS_MANAGER: '1' });
    expect(tb?.env).toEqual({ MDM_ROLE_IS_MANAGER: '0' });
    // Both are the same MDM package.
    expect(mdm?.uris).toEqual(tb?.uris);
  });

  it('appends the suffix to every task name so a re-run is a new Mesos task', async () => {
    const runs = await plan('ubuntu16', [{ kind: 'prereqs' }, { kind: 'package', role: 'sds' }, { kind: 'reboot' }], {
      suffix: 'after-reboot',
    });
    expect(runs.map((r) => r.taskName)).toEqual([
      'install-prereqs-after-reboot',
      'install-sds-after-reboot',
      'reboot-node-after-reboot',
    ]);
  });

  it('picks the package URL of the node OS: rpm on rhel7 and centos7, deb on Ubuntu', async () => {
    const url = async (os: PlanNodeStepsInput['os'], req: NodeStepRequest) => (await plan(os, [req]))[0]?.uris;
    const sds: NodeStepRequest = { kind: 'package', role: 'sds' };
    expect(await url('rhel7', sds)).toEqual([{ value: `${REPO}/EMC-ScaleIO-sds-${V}.el7.x86_64.rpm` }]);
    expect(await url('centos7', sds)).toEqual([{ value: `${REPO}/EMC-ScaleIO-sds-${V}.el7.x86_64.rpm` }]);
    expect(await url('ubuntu16', sds)).toEqual([{ value: `${REPO}/EMC-ScaleIO-sds-${V}.Ubuntu.16.04.x86_64.deb` }]);
    expect(await url('ubuntu14', sds)).toEqual([{ value: `${REPO}/EMC-ScaleIO-sds-${V}.Ubuntu.14.04.x86_64.deb` }]);
    const rexray: NodeStepRequest = { kind: 'rexray', gatewayEndpoint: 'https://127.0.1.2/api' };
    expect(await url('rhel7', rexray)).toEqual([{ value: `${REPO}/rexray-0.8.2.x86_64.rpm` }]);
    expect(await url('ubuntu16', rexray)).toEqual([{ value: `${REPO}/rexray_0.8.2_amd64.deb` }]);
    expect(await url('ubuntu16', { kind: 'isolator' })).toEqual([{ value: `${REPO}/libmesos_dvdi_isolator-1.0.1.so` }]);
    // rpm installs on RHEL, dpkg on Ubuntu.
    const [rhel] = await plan('rhel7', [sds]);
    const [ubuntu] = await plan('ubuntu16', [sds]);
    expect(rhel?.command).toContain('rpm -Uvh ./EMC-ScaleIO-sds-');
    expect(ubuntu?.command).toContain('dpkg -i ./EMC-ScaleIO-sds-');
  });

  it('installs the spec version unless the request names another (upgrade, rollback)', async () => {
    const [spec] = await plan('rhel7', [{ kind: 'package', role: 'sds' }]);
    expect(spec?.command).toContain(`want=${V}`);
    const [other] = await plan('rhel7', [
      { kind: 'package', role: 'sds', version: '2.0-12000.122', allowDowngrade: true },
    ]);
    expect(other?.command).toContain('want=2.0-12000.122');
    expect(other?.command).toContain('rpm -Uvh --oldpackage');
  });

  it('carries secrets only as references in secretEnv, never a password value', async () => {
    const runs = await plan('ubuntu16', ALL);
    const withSecrets = runs.filter((r) => Object.keys(r.secretEnv ?? {}).length > 0);
    expect(withSecrets.map((r) => r.taskName)).toEqual([
      'install-lia',
      'install-gw',
      'mdm-cluster-create',
      'mdm-cluster-password',
      'mdm-cluster-add-mdm2',
      'mdm-cluster-add-tb',
      'mdm-cluster-mode',
      'mdm-cluster-rename',
      'install-rexray',
    ]);
    const byName = (n: string) => runs.find((r) => r.taskName === n) as RunOnAgentInput;
    expect(byName('install-lia').secretEnv).toEqual({ TOKEN: 'env:SCALEIO_ADMIN_PASSWORD' });
    expect(byName('install-gw').secretEnv).toEqual({ GATEWAY_ADMIN_PASSWORD: 'env:SCALEIO_ADMIN_PASSWORD' });
    expect(byName('install-rexray').secretEnv).toEqual({ SCALEIO_ADMIN_PASSWORD: 'env:SCALEIO_ADMIN_PASSWORD' });
    for (const r of withSecrets) {
      for (const ref of Object.values(r.secretEnv ?? {})) expect(ref).toBe('env:SCALEIO_ADMIN_PASSWORD');
      // A secret variable never also appears in the plain environment.
      for (const name of Object.keys(r.secretEnv ?? {})) expect(r.env?.[name]).toBeUndefined();
    }
  });

  it('never puts the password in a planned step, even when the process environment holds it', async () => {
    const saved = process.env.SCALEIO_ADMIN_PASSWORD;
    process.env.SCALEIO_ADMIN_PASSWORD = PASSWORD;
    try {
      const runs = await plan('rhel7', ALL);
      expect(JSON.stringify(runs)).not.toContain(PASSWORD);
    } finally {
      if (saved === undefined) delete process.env.SCALEIO_ADMIN_PASSWORD;
      else process.env.SCALEIO_ADMIN_PASSWORD = saved;
    }
  });

  it('passes the SDC its MDM addresses, primary first', async () => {
    const [sdc] = await plan('ubuntu16', [{ kind: 'package', role: 'sdc', mdmIps: MDM_IPS }]);
    expect(sdc?.env).toEqual({ MDM_IP: '127.0.1.2,127.0.1.3' });
  });

  it('plans nothing for an empty request list', async () => {
    expect(await plan('rhel7', [])).toEqual([]);
  });
});

describe('planNodeSteps refuses bad input with a typed, non-retryable failure', () => {
  it('CoreOS is UnsupportedOs, naming the os field', async () => {
    const f = await failureOf(plan('coreos' as PlanNodeStepsInput['os'], [{ kind: 'package', role: 'sds' }]));
    expect(f.type).toBe('UnsupportedOs');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toMatch(/^install step has 1 problem: os: unsupported OS "coreos"/);
    expect(f.message).toContain('container-based install');
  });

  it('an SDC without MDM addresses is InvalidInput naming mdmIps', async () => {
    const f = await failureOf(plan('rhel7', [{ kind: 'package', role: 'sdc' }]));
    expect(f.type).toBe('InvalidInput');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toContain('SDC install step has 1 problem: mdmIps: must be a non-empty list of IPv4 addresses');
  });

  it('an MDM address with shell characters is InvalidInput naming the element', async () => {
    const f = await failureOf(plan('rhel7', [{ kind: 'package', role: 'sdc', mdmIps: ['127.0.1.2; reboot'] }]));
    expect(f.type).toBe('InvalidInput');
    expect(f.message).toContain('mdmIps[0]: must be an IPv4 address');
  });

  it('an unknown step kind is InvalidInput naming kind', async () => {
    const f = await failureOf(plan('rhel7', [{ kind: 'format-disk' } as unknown as NodeStepRequest]));
    expect(f.type).toBe('InvalidInput');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toContain('kind: unknown step kind "format-disk"');
  });

  it('one bad request fails the whole plan: nothing half-planned', async () => {
    const f = await failureOf(
      plan('rhel7', [{ kind: 'prereqs' }, { kind: 'package', role: 'sdc', mdmIps: [] }, { kind: 'reboot' }])
    );
    expect(f.type).toBe('InvalidInput');
  });
});

describe('stepsOf', () => {
  it('returns the builder steps with what a re-run finds (check) and the rebootRequired mark', () => {
    const input: PlanNodeStepsInput = { hostname: 'node-2', os: 'ubuntu16', spec: spec(), steps: [] };
    const [reboot] = stepsOf(input, { kind: 'reboot' });
    expect(reboot).toMatchObject({ name: 'reboot-node', role: 'node', rebootRequired: true });
    const [sds] = stepsOf(input, { kind: 'package', role: 'sds' });
    expect(sds).toMatchObject({ name: 'install-sds', role: 'sds', os: 'ubuntu16' });
    expect(sds?.check).toContain(`emc-scaleio-sds at ${V}`);
    const mdm = stepsOf(input, {
      kind: 'mdm-cluster',
      primaryIp: '127.0.1.2',
      managerIps: ['127.0.1.3'],
      tieBreakerIps: ['127.0.1.4'],
    });
    expect(mdm.every((s) => s.role === 'mdm-cluster')).toBe(true);
  });
});
