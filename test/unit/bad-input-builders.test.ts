// Defence in depth for every install-step builder (activities/install) and the planNodeSteps activity in front of
// them: hostile values in any input field (shell metacharacters, paths, newlines, lookalikes, huge strings, wrong
// types, unknown enums) are refused with an InputError naming the field, and what the builders do accept reaches
// the command only quoted. install-quote.test.ts covers shq/sh themselves.
import { execFileSync } from 'node:child_process';
import { ApplicationFailure } from '@temporalio/common';
import * as install from '../../activities/install';
import { createNodeStepActivities } from '../../activities/scaleio/node-steps';
import { InputError } from '../../common/errors';
import type { NodeStepRequest } from '../../common/node-steps';
import { validateClusterSpec, type ClusterSpec } from '../../common/spec';
import { goodSpec } from '../fixtures/specs';

const HUGE = 'x'.repeat(100_000);
/** Refused wherever a name, address, version, URL, path or reference is expected. */
const HOSTILE: unknown[] = [
  'node-1; rm -rf /',
  '$(reboot)',
  '`id`',
  '../../etc/passwd',
  '/dev/sdb; reboot',
  '/tmp/disk',
  'node-1\nreboot',
  'nоde-1', // Cyrillic "о"
  HUGE,
  '',
  42,
  {},
  ['node-1'],
];
const REF = 'env:SCALEIO_PASSWORD';
const V = '2.0-10000.2072';
const pkg = (file: string) => `http://127.0.0.1:8080/packages/${file}`;
const RPM = { os: 'rhel7', version: V };

type Input = Record<string, unknown>;
interface Field {
  name: string;
  /** A list field: the hostile value goes in as its first item, named `name[0]`. */
  list?: boolean;
  /** Optional: null means absent (the default), so it is not hostile here. */
  optional?: boolean;
  /** Hostile values this field legitimately accepts. */
  accepts?: unknown[];
  /** The failure type (default InvalidInput). */
  type?: string;
}
interface Builder {
  name: string;
  build(input: Input): unknown;
  base: Input;
  fields: Field[];
}

const OS: Field = { name: 'os', type: 'UnsupportedOs' };
const pkgFields: Field[] = [OS, { name: 'url' }, { name: 'version' }];
const as =
  <T>(f: (i: T) => unknown) =>
  (i: Input) =>
    f(i as unknown as T);
const BUILDERS: Builder[] = [
  {
    name: 'buildPrerequisitesStep',
    build: as(install.buildPrerequisitesStep),
    base: { os: 'ubuntu14', extraPackages: ['vim'] },
    fields: [OS, { name: 'ubuntu14Kernel', optional: true }, { name: 'extraPackages', list: true }],
  },
  {
    name: 'buildMdmStep',
    build: as(install.buildMdmStep),
    base: { ...RPM, url: pkg(`EMC-ScaleIO-mdm-${V}.el7.x86_64.rpm`), manager: true },
    fields: pkgFields,
  },
  {
    name: 'buildSdsStep',
    build: as(install.buildSdsStep),
    base: { ...RPM, url: pkg(`EMC-ScaleIO-sds-${V}.el7.x86_64.rpm`) },
    fields: pkgFields,
  },
  {
    name: 'buildSdcStep',
    build: as(install.buildSdcStep),
    base: { ...RPM, url: pkg(`EMC-ScaleIO-sdc-${V}.el7.x86_64.rpm`), mdmIps: ['10.0.0.1'] },
    fields: [...pkgFields, { name: 'mdmIps', list: true }],
  },
  {
    name: 'buildLiaStep',
    build: as(install.buildLiaStep),
    base: { ...RPM, url: pkg(`EMC-ScaleIO-lia-${V}.el7.x86_64.rpm`), tokenRef: REF },
    fields: [...pkgFields, { name: 'tokenRef' }],
  },
  {
    name: 'buildGatewayStep',
    build: as(install.buildGatewayStep),
    base: { ...RPM, url: pkg(`EMC-ScaleIO-gateway-${V}.x86_64.rpm`), adminPasswordRef: REF, mdmIps: ['10.0.0.1'] },
    fields: [...pkgFields, { name: 'adminPasswordRef' }, { name: 'mdmIps', list: true }],
  },
  {
    name: 'buildUninstallStep',
    build: as(install.buildUninstallStep),
    base: { os: 'rhel7', role: 'sds' },
    fields: [OS, { name: 'role' }],
  },
  {
    name: 'buildMdmClusterSteps',
    build: as(install.buildMdmClusterSteps),
    base: {
      mode: 3,
      primaryIp: '10.0.0.1',
      managerIps: ['10.0.0.2'],
      tieBreakerIps: ['10.0.0.3'],
      systemName: 'demo',
      adminPasswordRef: REF,
    },
    fields: ['mode', 'primaryIp', 'systemName', 'adminPasswordRef']
      .map((name): Field => ({ name }))
      .concat([
        { name: 'managerIps', list: true },
        { name: 'tieBreakerIps', list: true },
      ]),
  },
  {
    name: 'buildRexrayStep',
    build: as(install.buildRexrayStep),
    base: {
      os: 'rhel7',
      url: pkg('rexray-0.8.2.x86_64.rpm'),
      version: '0.8.2',
      gatewayEndpoint: 'https://127.0.0.1:8443/api',
      protectionDomain: 'pd1',
      storagePool: 'sp1',
      systemName: 'demo',
      adminPasswordRef: REF,
    },
    fields: [
      OS,
      ...['url', 'version', 'gatewayEndpoint', 'protectionDomain', 'storagePool', 'systemName'].map((name) => ({
        name,
      })),
    ]
      .concat(['systemId', 'userName'].map((name) => ({ name, optional: true })))
      .concat([{ name: 'adminPasswordRef' }]),
  },
  {
    name: 'buildIsolatorStep',
    build: as(install.buildIsolatorStep),
    base: { os: 'rhel7', url: pkg('libmesos_dvdi_isolator-1.0.1.so') },
    fields: [OS, { name: 'url' }, { name: 'isolatorCommand', optional: true, accepts: ['/tmp/disk'] }],
  },
  { name: 'buildRebootStep', build: as(install.buildRebootStep), base: { os: 'rhel7' }, fields: [OS] },
  { name: 'buildRestartAgentStep', build: as(install.buildRestartAgentStep), base: { os: 'rhel7' }, fields: [OS] },
];

const builder = (name: string) => BUILDERS.find((b) => b.name === name)!;

/** What a builder threw for an input: the failure type and the fields it named, or what went wrong instead. */
function refusal(build: () => unknown): { type: string; fields: string[] } | string {
  try {
    build();
    return 'accepted';
  } catch (err) {
    if (err instanceof InputError) return { type: err.type, fields: err.problems.map((p) => p.field) };
    return `threw ${(err as Error).name}: ${(err as Error).message}`;
  }
}

const label = (v: unknown) => JSON.stringify(v)?.slice(0, 30);
const cases = BUILDERS.flatMap((b) =>
  b.fields.flatMap((f) =>
    HOSTILE.filter((v) => !(f.accepts ?? []).includes(v))
      .filter((v) => !(f.optional && v === null))
      .map((v) => [`${b.name} ${f.name}=${label(v)}`, b, f, v] as const)
  )
);

describe('every builder refuses hostile values in every field, naming it', () => {
  it.each(BUILDERS.map((b) => [b.name, b]))('%s accepts its base input', (_, b) => {
    expect(refusal(() => b.build(b.base))).toBe('accepted');
  });

  it.each(cases)('%s', (_, b, f, v) => {
    const field = f.list ? `${f.name}[0]` : f.name;
    const out = refusal(() => b.build({ ...b.base, [f.name]: f.list ? [v] : v }));
    expect(out).toEqual({ type: f.type ?? 'InvalidInput', fields: expect.arrayContaining([field]) as unknown });
  });

  // Wrong types and unknown enum values of the non-string fields. Some reach config files (rexray's YAML, the
  // gateway's properties) where an unchecked value changes what the file says.
  const odd: [string, string, unknown][] = [
    ['buildMdmStep', 'manager', 'yes'],
    ['buildMdmClusterSteps', 'mode', 4],
    ['buildMdmClusterSteps', 'managerIps', 42],
    ['buildMdmClusterSteps', 'tieBreakerIps', '10.0.0.3'],
    ['buildPrerequisitesStep', 'extraPackages', 'vim; reboot'],
    ['buildUninstallStep', 'role', 'mdm; reboot'],
    ['buildRexrayStep', 'logLevel', 'verbose'],
    ['buildRexrayStep', 'logLevel', 'warn\nscaleio:\n  endpoint: https://evil/api'],
    ['buildRexrayStep', 'insecure', 'false\n  password: x'],
    ['buildGatewayStep', 'bypassCertificateCheck', 'no'],
    ['buildRexrayStep', 'url', `http://${HUGE}/rexray-0.8.2.x86_64.rpm`],
    ['buildRexrayStep', 'gatewayEndpoint', `https://${HUGE}/api`],
    ['buildSdsStep', 'url', pkg(`${HUGE}.rpm`)],
  ];
  it.each(odd.map(([n, f, v]) => [`${n} ${f}=${label(v)}`, builder(n), f, v] as const))('%s', (_, b, field, v) => {
    expect(refusal(() => b.build({ ...b.base, [field]: v }))).toEqual({
      type: 'InvalidInput',
      fields: expect.arrayContaining([field]) as unknown,
    });
  });
});

describe('what the builders accept reaches the command quoted', () => {
  // Valid but shell-sensitive: `~` expands at the start of an unquoted word, `+` and `%` are plain.
  const edgy = {
    os: 'ubuntu16',
    url: 'http://127.0.0.1:8080/~ops/pkgs/rexray_0.8.2~rc1+b2_amd64.deb',
    version: '0.8.2~rc1+b2',
    gatewayEndpoint: 'https://127.0.0.1:8443/~gw/api',
    protectionDomain: 'pd-1.a_b',
    storagePool: 'sp.1',
    systemName: 'demo',
    adminPasswordRef: REF,
  };
  const steps: install.Step[] = [
    install.buildRexrayStep(edgy),
    install.buildPrerequisitesStep({ os: 'ubuntu14', extraPackages: ['libfoo+bar', 'g++'] }),
    install.buildIsolatorStep({ os: 'rhel7', url: 'http://127.0.0.1/~x/libmesos_dvdi_isolator-1.0.1.so' }),
    ...install.buildMdmClusterSteps({
      ...(builder('buildMdmClusterSteps').base as unknown as install.MdmClusterInput),
      systemName: 'my.sys-1',
    }),
  ];

  it.each(steps.map((s) => [s.name, s]))('%s parses as POSIX sh (sh -n)', (_, s) => {
    expect(() => execFileSync('/bin/sh', ['-n', '-c', s.command])).not.toThrow();
  });

  it('a value with ~ appears only single-quoted', () => {
    const rexray = steps[0]!.command;
    expect(rexray).toContain(`want='0.8.2~rc1+b2'`);
    expect(rexray).not.toMatch(/[\s=]0\.8\.2~rc1/);
    expect(steps[0]!.uris).toEqual([{ value: edgy.url, extract: false }]);
  });
});

describe('planNodeSteps refuses hostile requests with a non-retryable typed failure naming the field', () => {
  const { planNodeSteps, planNodeProbe } = createNodeStepActivities();
  const checked = validateClusterSpec(goodSpec('demo'));
  if (!checked.ok) throw new Error('fixture spec rejected');
  const spec: ClusterSpec = checked.spec;
  const plan = (over: Input, steps: unknown[] = [{ kind: 'prereqs' }]) =>
    planNodeSteps({ hostname: 'node-3', os: 'rhel7', spec, steps: steps as NodeStepRequest[], ...over } as never);
  type PlanRow = [label: string, run: () => Promise<unknown>, type: string, field: string];
  const rows: PlanRow[] = [
    ...HOSTILE.slice(0, 9).map((h): PlanRow => [
      `hostname=${label(h)}`,
      () => plan({ hostname: h }),
      'InvalidInput',
      'hostname',
    ]),
    ['probe hostname', () => planNodeProbe({ hostname: '$(reboot)' }), 'InvalidInput', 'hostname'],
    ['suffix', () => plan({ suffix: 'x; reboot' }), 'InvalidInput', 'suffix'],
    ['os', () => plan({ os: 'coreos; reboot' }), 'UnsupportedOs', 'os'],
    [
      'package version',
      () => plan({}, [{ kind: 'package', role: 'sds', version: '$(reboot)' }]),
      'InvalidInput',
      'version',
    ],
    ['sdc mdmIps', () => plan({}, [{ kind: 'package', role: 'sdc', mdmIps: ['`id`'] }]), 'InvalidInput', 'mdmIps[0]'],
    [
      'rexray gatewayEndpoint',
      () => plan({}, [{ kind: 'rexray', gatewayEndpoint: 'https://gw/api\nreboot' }]),
      'InvalidInput',
      'gatewayEndpoint',
    ],
    ['uninstall role', () => plan({}, [{ kind: 'uninstall', role: '../../etc/passwd' }]), 'InvalidInput', 'role'],
    [
      'mdm-cluster primaryIp',
      () =>
        plan({}, [
          { kind: 'mdm-cluster', primaryIp: '10.0.0.1; reboot', managerIps: ['10.0.0.2'], tieBreakerIps: ['10.0.0.3'] },
        ]),
      'InvalidInput',
      'primaryIp',
    ],
    ['unknown kind', () => plan({}, [{ kind: 'format-disk' }]), 'InvalidInput', 'kind'],
    ['steps not a list', () => plan({ steps: 'prereqs' }), 'InvalidInput', 'steps'],
  ];

  it.each(rows)('%s', async (_, run, type, field) => {
    const err = await run().then(
      () => 'accepted',
      (e: unknown) => e
    );
    const seen =
      err instanceof ApplicationFailure
        ? {
            type: err.type,
            nonRetryable: err.nonRetryable,
            names: err.message.includes(`${field}: `) ? field : err.message,
          }
        : String(err);
    expect(seen).toEqual({ type, nonRetryable: true, names: field });
  });
});
