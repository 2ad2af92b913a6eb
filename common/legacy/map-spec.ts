// The cluster spec from the old settings: mode (pre-configured MDMs or full cluster, with the old all-or-none
// rule), names, node sizes, password reference, packages and volume driver.
import { cameFrom, type MapContext } from './context';
import { mapPackages, mapVolumeDriver } from './map-packages';

export const DEFAULT_PASSWORD_FILE = '/run/secrets/scaleio_gateway_password';
const MDM_ROLES = ['primary', 'secondary', 'tiebreaker'] as const;

/** Where the worker and the bridge find the gateway, as far as the old settings tell. */
export interface GatewayPlan {
  /** https://host[:port], the worker's SCALEIO_GATEWAY_URL; absent until bootstrap picks the primary MDM. */
  url?: string;
  origin?: string;
}

/** `host`, `host:port` or `https://host[:port][/api]` → https://host[:port]. */
export function gatewayBase(raw: string): { base?: string; problem?: string } {
  const m = /^(?:([A-Za-z]+):\/\/)?([A-Za-z0-9.-]+(?::\d{1,5})?)(?:\/api)?\/?$/.exec(raw.trim());
  if (!m?.[2]) return { problem: 'must be a gateway address: host, host:port or https://host[:port][/api]' };
  if (m[1] && m[1].toLowerCase() !== 'https') return { problem: 'must be https: the gateway API is served over TLS' };
  return { base: `https://${m[2]}` };
}

function mapMode(ctx: MapContext, spec: Record<string, unknown>): GatewayPlan {
  const { s } = ctx;
  const flag = (role: string) => `scaleio.preconfig.${role}`;
  const given = MDM_ROLES.filter((r) => s.text(flag(r)) !== '');
  const experimental = s.bool('experimental');
  const missing = MDM_ROLES.filter((r) => !given.includes(r)).map((r) => `-${flag(r)}`);
  if (given.length > 0 && given.length < MDM_ROLES.length) {
    ctx.problems.push({
      field: missing.join(', '),
      problem: `missing: ${given.map((r) => s.given(flag(r))?.spelling).join(' and ')} given without it; the pre-configured primary, secondary and tiebreaker MDM addresses must be given together or not at all (the old scheduler refused to start)`,
    });
    return {};
  }
  if (given.length === 0 && !experimental) {
    ctx.problems.push({
      field: missing.join(', '),
      problem:
        'are required unless -experimental=true: without them the old scheduler refused to start (it attached agents only to a pre-configured primary, secondary and tiebreaker MDM cluster)',
    });
    return {};
  }
  const lb = s.given('scaleio.lbgateway');
  if (given.length === MDM_ROLES.length) {
    const mdms: Record<string, string> = {};
    for (const role of [...MDM_ROLES, 'gateway']) {
      if (s.text(flag(role)) === '') continue;
      mdms[role] = s.text(flag(role));
      cameFrom(ctx, `spec.preconfiguredMdms.${role}`, flag(role));
    }
    spec.preconfiguredMdms = mdms;
    if (experimental)
      ctx.notes.push({
        kind: 'info',
        subject: s.given('experimental')?.spelling ?? '-experimental',
        message: 'has no effect with the three pre-configured MDM addresses, as in the old scheduler',
      });
    if (lb && lb.value.text !== '')
      ctx.notes.push({
        kind: 'not-carried',
        subject: lb.spelling,
        message:
          'the old scheduler ignored it with pre-configured MDMs (their gateway is -scaleio.preconfig.gateway, else the primary); so does this one',
      });
    const gwFlag = mdms.gateway ? flag('gateway') : flag('primary');
    return { url: `https://${mdms.gateway ?? mdms.primary}`, origin: s.given(gwFlag)?.spelling };
  }
  // Full cluster: bootstrap picks the MDMs.
  const gw = s.given(flag('gateway'));
  if (gw)
    ctx.notes.push({
      kind: 'not-carried',
      subject: gw.spelling,
      message: 'the old scheduler ignored it without the three pre-configured MDM addresses; so does this one',
    });
  if (s.text('scaleio.clustername') !== 'scaleio')
    ctx.notes.push({
      kind: 'changed',
      subject: s.given('scaleio.clustername')?.spelling ?? '-scaleio.clustername',
      message: `the old full-cluster mode named the ScaleIO system "scaleio" whatever this said (a defect); here the system is named "${s.text('scaleio.clustername')}". A cluster the old framework built is named "scaleio": migrate with -scaleio.clustername=scaleio to take it over`,
    });
  if (!lb || lb.value.text === '') return {};
  const { base, problem } = gatewayBase(lb.value.text);
  if (problem) {
    ctx.problems.push({ field: lb.spelling, problem });
    return {};
  }
  return { url: base, origin: lb.spelling };
}

function mapNodeSelection(ctx: MapContext): Record<string, number> {
  const { s } = ctx;
  const factor = (name: string) => {
    const value = s.number(name);
    if (value > 0) return value;
    ctx.problems.push({ field: s.given(name)?.spelling ?? `-${name}`, problem: `must be more than 0, got ${value}` });
    return 1;
  };
  const cpuFactor = factor('executor.cpu.factor');
  const memFactor = factor('executor.mem.factor');
  // The old check was "offered × factor > need", i.e. "offered > need ÷ factor".
  const sel = {
    mdmMinCpus: Math.ceil((s.number('executor.cpu.mdm') / cpuFactor) * 1000 - 1e-6) / 1000,
    mdmMinMemMb: Math.ceil(s.number('executor.mem.mdm') / memFactor - 1e-9),
    dataMinCpus: s.number('executor.cpu.non'),
    dataMinMemMb: Math.ceil(s.number('executor.mem.non')),
  };
  cameFrom(ctx, 'spec.nodeSelection.mdmMinCpus', 'executor.cpu.mdm');
  cameFrom(ctx, 'spec.nodeSelection.mdmMinMemMb', 'executor.mem.mdm');
  cameFrom(ctx, 'spec.nodeSelection.dataMinCpus', 'executor.cpu.non');
  cameFrom(ctx, 'spec.nodeSelection.dataMinMemMb', 'executor.mem.non');
  for (const [name, field] of [
    ['executor.cpu.factor', 'mdmMinCpus'],
    ['executor.mem.factor', 'mdmMinMemMb'],
  ] as const) {
    cameFrom(ctx, `spec.nodeSelection.${field}`, name);
    if (s.differsFromDefault(name))
      ctx.notes.push({
        kind: 'changed',
        subject: s.given(name)?.spelling ?? `-${name}`,
        message: `folded into nodeSelection.${field} = ${sel[field]}: the old check "offered × factor > need" is "offered > need ÷ factor"`,
      });
  }
  return sel;
}

export function mapSpec(ctx: MapContext): { spec: Record<string, unknown>; gateway: GatewayPlan } {
  const { s } = ctx;
  const spec: Record<string, unknown> = {
    name: s.text('scaleio.clustername'),
    mdmMode: 3, // the old framework knew only 3-node MDM clusters
    protectionDomain: s.text('scaleio.protectiondomain'),
    storagePool: s.text('scaleio.storagepool'),
    passwordRef: ctx.options.passwordRef ?? `file:${DEFAULT_PASSWORD_FILE}`,
  };
  cameFrom(ctx, 'spec.name', 'scaleio.clustername');
  cameFrom(ctx, 'spec.protectionDomain', 'scaleio.protectiondomain');
  cameFrom(ctx, 'spec.storagePool', 'scaleio.storagepool');
  ctx.origins.set('spec.passwordRef', ctx.options.passwordRef ? '--password-ref' : 'the default password file');
  const gateway = mapMode(ctx, spec);
  spec.packages = mapPackages(ctx);
  spec.nodeSelection = mapNodeSelection(ctx);
  const lbEndpoint = !spec.preconfiguredMdms && gateway.url ? `${gateway.url}/api` : undefined;
  if (lbEndpoint) cameFrom(ctx, 'spec.volumeDriver.gatewayEndpoint', 'scaleio.lbgateway');
  spec.volumeDriver = mapVolumeDriver(ctx, lbEndpoint);
  spec.autoOnboard = true; // the old framework on-boarded every agent that offered
  const systemId = s.text('scaleio.clusterid');
  if (systemId !== '') {
    spec.systemId = systemId.toLowerCase();
    cameFrom(ctx, 'spec.systemId', 'scaleio.clusterid');
  }
  if (s.bool('debug')) {
    spec.noReboot = true;
    cameFrom(ctx, 'spec.noReboot', 'debug');
  }
  return { spec, gateway };
}
