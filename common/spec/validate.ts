// Parses a cluster spec from untrusted JSON into a normalized ClusterSpec, or lists every bad field.
// Pure and deterministic: the validateClusterSpec activity and any workflow may call it.
import { Checker } from '../validate';
import type { FieldProblem } from '../errors';
import {
  DEFAULT_REXRAY_VERSION,
  DEFAULT_SCALEIO_VERSION,
  defaultIsolatorUrl,
  defaultPackageUrls,
  rexrayUrls,
} from './packages';
import {
  ATTRIBUTE_NAME,
  CLUSTER_NAME,
  HOSTNAME,
  HTTP_URL,
  PASSWORD_REF,
  SCALEIO_OBJECT_NAME,
  SYSTEM_ID,
  TOOL_VERSION,
  VERSION,
} from './patterns';
import {
  MDM_MODES,
  OS_FAMILIES,
  PACKAGE_ROLES,
  type ClusterSpec,
  type NodeSelection,
  type OsFamily,
  type PackageSpec,
  type PreconfiguredMdms,
  type SpecValidation,
  type VolumeDriverSpec,
} from './types';

const TOP_FIELDS = [
  'name',
  'mdmMode',
  'protectionDomain',
  'storagePool',
  'passwordRef',
  'packages',
  'nodeSelection',
  'preconfiguredMdms',
  'volumeDriver',
  'autoOnboard',
  'noReboot',
  'systemId',
];

export function validateClusterSpec(input: unknown): SpecValidation {
  const problems: FieldProblem[] = [];
  const c = Checker.of(input, 'spec', problems);
  if (!c) return { ok: false, problems };
  if (c.has('password')) {
    c.fail('password', 'must not be given in clear; store it in a file or environment variable and pass passwordRef');
  }
  c.noUnknownKeys([...TOP_FIELDS, 'password']);

  const name = c.string('name', { required: true, ...CLUSTER_NAME });
  const mdmMode = c.oneOf('mdmMode', MDM_MODES) ?? 3;
  const protectionDomain = c.string('protectionDomain', SCALEIO_OBJECT_NAME) ?? 'default';
  const storagePool = c.string('storagePool', SCALEIO_OBJECT_NAME) ?? 'default';
  const passwordRef = c.string('passwordRef', { required: true, ...PASSWORD_REF });
  const packages = checkPackages(c);
  const nodeSelection = checkNodeSelection(c);
  const preconfiguredMdms = checkPreconfig(c, mdmMode);
  const volumeDriver = packages ? checkVolumeDriver(c, packages.repository) : undefined;
  const autoOnboard = c.boolean('autoOnboard') ?? true;
  const noReboot = c.boolean('noReboot') ?? false;
  const systemId = c.string('systemId', SYSTEM_ID);

  if (problems.length > 0 || !name || !passwordRef || !packages || !nodeSelection || !volumeDriver) {
    return { ok: false, problems };
  }
  const spec: ClusterSpec = {
    name,
    mdmMode,
    protectionDomain,
    storagePool,
    passwordRef,
    packages,
    nodeSelection,
    volumeDriver,
    autoOnboard,
    noReboot,
  };
  if (preconfiguredMdms) spec.preconfiguredMdms = preconfiguredMdms;
  if (systemId) spec.systemId = systemId;
  return { ok: true, spec };
}

function checkPackages(c: Checker): PackageSpec | undefined {
  const p = c.object('packages', true);
  if (!p) return undefined;
  p.noUnknownKeys(['repository', 'version', 'os']);
  const repository = p.string('repository', { required: true, ...HTTP_URL, maxLength: 1024 });
  const version = p.string('version', VERSION) ?? DEFAULT_SCALEIO_VERSION;
  const overrides = p.object('os');
  if (!repository) return undefined;
  const urls = Object.fromEntries(
    OS_FAMILIES.map((os) => [os, defaultPackageUrls(repository, os, version)])
  ) as PackageSpec['urls'];
  if (overrides) {
    overrides.noUnknownKeys([...OS_FAMILIES, 'centos7']);
    for (const key of overrides.keys()) {
      const os: OsFamily | undefined =
        key === 'centos7' ? 'rhel7' : (OS_FAMILIES as readonly string[]).includes(key) ? (key as OsFamily) : undefined;
      const roles = overrides.object(key);
      if (!os || !roles) continue;
      roles.noUnknownKeys(PACKAGE_ROLES);
      for (const role of PACKAGE_ROLES) {
        const url = roles.string(role, { ...HTTP_URL, maxLength: 1024 });
        if (url) urls[os][role] = url;
      }
    }
  }
  return { repository, version, urls };
}

function checkNodeSelection(c: Checker): NodeSelection | undefined {
  const n = c.object('nodeSelection');
  const sel: NodeSelection = {
    mdmMinCpus: 1.5,
    mdmMinMemMb: 3072,
    dataMinCpus: 0.5,
    dataMinMemMb: 512,
    requireAttributes: {},
    excludeHostnames: [],
    spreadAttribute: 'rack',
  };
  // null counts as absent (defaults), like a missing key; any other non-object was reported by object().
  if (!n) return c.raw('nodeSelection') != null ? undefined : sel;
  n.noUnknownKeys(Object.keys(sel));
  sel.mdmMinCpus = n.number('mdmMinCpus', { min: 0.1, max: 1024 }) ?? sel.mdmMinCpus;
  sel.mdmMinMemMb = n.number('mdmMinMemMb', { min: 64, max: 4194304, integer: true }) ?? sel.mdmMinMemMb;
  sel.dataMinCpus = n.number('dataMinCpus', { min: 0.1, max: 1024 }) ?? sel.dataMinCpus;
  sel.dataMinMemMb = n.number('dataMinMemMb', { min: 64, max: 4194304, integer: true }) ?? sel.dataMinMemMb;
  sel.excludeHostnames = n.stringList('excludeHostnames', { ...HOSTNAME, unique: true }) ?? [];
  sel.spreadAttribute = n.string('spreadAttribute', ATTRIBUTE_NAME) ?? sel.spreadAttribute;
  const attrs = n.object('requireAttributes');
  for (const key of attrs?.keys() ?? []) {
    if (!ATTRIBUTE_NAME.pattern.test(key))
      attrs?.fail(key, `is not a valid attribute name (${ATTRIBUTE_NAME.patternText})`);
    const value = attrs?.string(key, { required: true, ...ATTRIBUTE_NAME });
    if (value !== undefined) sel.requireAttributes[key] = value;
  }
  return sel;
}

function checkPreconfig(c: Checker, mdmMode: number): PreconfiguredMdms | undefined {
  const p = c.object('preconfiguredMdms');
  if (!p) return undefined;
  p.noUnknownKeys(['primary', 'secondary', 'tiebreaker', 'gateway']);
  const roles = ['primary', 'secondary', 'tiebreaker'] as const;
  const given = roles.filter((r) => p.has(r));
  if (given.length !== roles.length) {
    // The old framework's all-or-none rule for -scaleio.preconfig.{primary,secondary,tiebreaker}.
    const missing = roles.filter((r) => !p.has(r));
    p.fail(missing.join(', '), 'primary, secondary and tiebreaker must all be given, or none of them');
    return undefined;
  }
  if (mdmMode !== 3) c.fail('mdmMode', 'must be 3 with preconfiguredMdms (an adopted cluster keeps its 3-node layout)');
  const [primary, secondary, tiebreaker] = roles.map((r) => p.string(r, { required: true, ...HOSTNAME }));
  const gateway = p.string('gateway', HOSTNAME) ?? primary;
  if (!primary || !secondary || !tiebreaker || !gateway) return undefined;
  const seen = new Map<string, string>();
  for (const [role, addr] of [
    ['primary', primary],
    ['secondary', secondary],
    ['tiebreaker', tiebreaker],
  ] as const) {
    const other = seen.get(addr);
    if (other) p.fail(role, `uses ${JSON.stringify(addr)}, already the ${other}; each MDM role needs its own node`);
    seen.set(addr, role);
  }
  return { primary, secondary, tiebreaker, gateway };
}

/** REX-Ray and isolator packages default to the ScaleIO repository; each URL can be given on its own. */
function checkVolumeDriver(c: Checker, scaleioRepository: string): VolumeDriverSpec | undefined {
  const v = c.object('volumeDriver');
  if (!v && c.raw('volumeDriver') != null) return undefined;
  v?.noUnknownKeys(['repository', 'rexrayVersion', 'rexrayDeb', 'rexrayRpm', 'isolatorUrl', 'gatewayEndpoint']);
  const url = { ...HTTP_URL, maxLength: 1024 };
  const repository = v?.string('repository', url) ?? scaleioRepository;
  const version = v?.string('rexrayVersion', TOOL_VERSION) ?? DEFAULT_REXRAY_VERSION;
  const urls = rexrayUrls(repository, version);
  const ending = (field: string, value: string | undefined, re: RegExp, what: string) => {
    if (value !== undefined && !re.test(value)) v?.fail(field, `must end in ${what}`);
    return value;
  };
  urls.deb = ending('rexrayDeb', v?.string('rexrayDeb', url), /\.deb$/, '.deb') ?? urls.deb;
  urls.rpm = ending('rexrayRpm', v?.string('rexrayRpm', url), /\.rpm$/, '.rpm') ?? urls.rpm;
  const isolatorUrl =
    ending(
      'isolatorUrl',
      v?.string('isolatorUrl', url),
      /libmesos_dvdi_isolator-\d+\.\d+\.\d+\.so$/,
      'libmesos_dvdi_isolator-<x.y.z>.so'
    ) ?? defaultIsolatorUrl(repository);
  // REX-Ray talks to the gateway over TLS only.
  const gatewayEndpoint = ending(
    'gatewayEndpoint',
    v?.string('gatewayEndpoint', url),
    /^https:\/\//,
    'an https:// URL (start with https://)'
  );
  return { rexray: { version, urls }, isolatorUrl, ...(gatewayEndpoint ? { gatewayEndpoint } : {}) };
}
