// REX-Ray: the package, /etc/rexray/config.yml (mode 0600, the password filled in on the node from a
// secret reference) and the scini-before-rexray ordering, then rexray (re)started after scini.
import type { OsFamily } from '../../common/spec/types';
import { osFamily, type OsInput, packageFormat, serviceCommand } from './os';
import { ensurePackage, fileInstallCommand, INSTALL_TIMEOUT_MS } from './package-step';
import { sh, type ShellScript } from './quote';
import { ADMIN_PASSWORD_ENV } from './mdm-cluster';
import { script } from './snippets';
import { INSTALL_RESOURCES, type Step } from './step';
import { FieldCheck, sandboxFileName } from './validate';

export const REXRAY_CONFIG = '/etc/rexray/config.yml';
export const REXRAY_SYSTEMD_DROPIN = '/etc/systemd/system/rexray.service.d/scaleio-scini.conf';
/** The drop-in's content: REX-Ray starts after scini. */
export const REXRAY_SCINI_DROPIN = '[Unit]\nAfter=scini.service\nRequires=scini.service\n';
const PASSWORD_MARK = '@@PASSWORD@@';

export interface RexrayInput {
  os: OsInput;
  /** REX-Ray package (.deb or .rpm for the OS) and its upstream version, e.g. 0.8.2. */
  url: string;
  version: string;
  /** https://<gateway>[:port]/api */
  gatewayEndpoint: string;
  protectionDomain: string;
  storagePool: string;
  /** systemId wins over systemName when given (old -scaleio.clusterid). */
  systemName: string;
  systemId?: string;
  adminPasswordRef: string;
  /** Skip TLS verification of the gateway (old framework: true; gateways ship self-signed). Default true. */
  insecure?: boolean;
  userName?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/** The config file, with PASSWORD_MARK where the node puts the YAML-quoted password. */
export function renderRexrayConfig(input: RexrayInput): string {
  const module = (sock: string, extra: string[] = []) => [
    `      type: docker`,
    `      host: unix:///run/docker/plugins/${sock}.sock`,
    `      libstorage:`,
    `        service: scaleio`,
    ...extra,
  ];
  const system = input.systemId ? `  systemID: ${input.systemId}` : `  systemName: ${input.systemName}`;
  return [
    'rexray:',
    `  logLevel: ${input.logLevel ?? 'warn'}`,
    '  modules:',
    '    default-docker:',
    ...module('docker'),
    '    mesos:',
    ...module('mesos', [
      '        integration:',
      '          volume:',
      '            operations:',
      '              unmount:',
      '                ignoreUsedCount: true',
    ]),
    '    rexray:',
    ...module('rexray'),
    'libstorage:',
    '  service: scaleio',
    '  integration:',
    '    volume:',
    '      operations:',
    '        mount:',
    '          preempt: true',
    'scaleio:',
    `  endpoint: ${input.gatewayEndpoint}`,
    `  insecure: ${input.insecure ?? true}`,
    '  thinOrThick: ThinProvisioned',
    `  userName: ${input.userName ?? 'admin'}`,
    `  password: ${PASSWORD_MARK}`,
    system,
    `  protectionDomainName: ${input.protectionDomain}`,
    `  storagePoolName: ${input.storagePool}`,
    '',
  ].join('\n');
}

function validate(input: RexrayInput): OsFamily {
  const os = osFamily(input.os);
  const c = new FieldCheck('REX-Ray step');
  c.url('url', input.url, [`.${packageFormat(os)}`]);
  c.looseVersion('version', input.version);
  c.url('gatewayEndpoint', input.gatewayEndpoint);
  if (typeof input.gatewayEndpoint === 'string' && !input.gatewayEndpoint.startsWith('https://')) {
    c.problems.push({ field: 'gatewayEndpoint', problem: 'must be an https:// URL (the gateway API)' });
  }
  c.objectName('protectionDomain', input.protectionDomain);
  c.objectName('storagePool', input.storagePool);
  c.objectName('systemName', input.systemName);
  // Both land in the YAML config as bare values: only known words.
  if (input.logLevel !== undefined && !['error', 'warn', 'info', 'debug'].includes(input.logLevel))
    c.problems.push({ field: 'logLevel', problem: 'must be error, warn, info or debug' });
  if (input.insecure !== undefined && typeof input.insecure !== 'boolean')
    c.problems.push({ field: 'insecure', problem: 'must be true or false' });
  if (input.systemId !== undefined && !/^[0-9a-f]{16}$/.test(input.systemId)) {
    c.problems.push({ field: 'systemId', problem: 'must be 16 lowercase hex digits' });
  }
  if (input.userName !== undefined) c.objectName('userName', input.userName);
  c.secretRef('adminPasswordRef', input.adminPasswordRef);
  c.done();
  return os;
}

/** scini before rexray: a systemd drop-in, or the sysv script on Ubuntu 14.04 (as the old framework did). */
function orderAfterScini(os: OsFamily): ShellScript {
  if (os === 'ubuntu14') {
    return sh`initd=$(cat /etc/init.d/rexray 2>/dev/null) || initd=
if [ -n "$initd" ] && ! printf '%s\\n' "$initd" | grep -q 'scini start'; then
  printf '%s\\n' "$initd" | sed 's|^\\([[:space:]]*\\)/usr/bin/rexray start|\\1/etc/init.d/scini start; /usr/bin/rexray start|' | install -D -m 0755 /dev/stdin /etc/init.d/rexray
  cfg_changed=true
fi`;
  }
  const dropin = REXRAY_SCINI_DROPIN;
  return sh`old=$(cat ${REXRAY_SYSTEMD_DROPIN} 2>/dev/null) || old=
if [ "$old" != ${dropin.trimEnd()} ]; then
  printf '%s' ${dropin} | install -D -m 0644 /dev/stdin ${REXRAY_SYSTEMD_DROPIN}
  systemctl daemon-reload
  cfg_changed=true
fi`;
}

function ensureRunning(os: OsFamily): ShellScript {
  const scini = os === 'ubuntu14' ? sh`service scini start >/dev/null 2>&1 || true` : sh`systemctl start scini`;
  const running =
    os === 'ubuntu14'
      ? sh`service rexray status 2>/dev/null | grep -q 'start/running'`
      : sh`systemctl is-active --quiet rexray`;
  return sh`${scini}
if [ "$status" != unchanged ] || [ "$cfg_changed" = true ]; then
  ${serviceCommand(os, 'restart', 'rexray')}
elif ! ${running}; then
  ${serviceCommand(os, 'start', 'rexray')}
fi`;
}

/**
 * The config file as the step writes it, without its password line: what the probe hashes on the node (it
 * never prints the password), so a planner can tell the file is already as planned.
 */
export function rexrayConfigWithoutPassword(input: RexrayInput): string {
  // As the node has it: the shell's $(…) drops trailing newlines, then the file gets one.
  const text = `${renderRexrayConfig(input).replace(PASSWORD_MARK, "'x'").replace(/\n+$/, '')}\n`;
  return text
    .split('\n')
    .filter((l) => !/^\s*password:/.test(l))
    .join('\n');
}

export function buildRexrayStep(input: RexrayInput): Step {
  const os = validate(input);
  const format = packageFormat(os);
  const file = `./${sandboxFileName(input.url)}`;
  // Vendor packages carry a packaging revision (0.8.2-1): compare upstream versions.
  const upstream = sh`upstream_version() { pkg_version "$1" | sed 's/-[0-9][0-9]*$//'; }`;
  const [head, tail] = renderRexrayConfig(input).split(PASSWORD_MARK) as [string, string];
  const body = sh`${upstream}
${ensurePackage('rexray', input.version, fileInstallCommand(format, file, false), false, sh`upstream_version`)}
: "\${SCALEIO_ADMIN_PASSWORD:?the admin password secret is not set}"
nl=$(printf '\\nx'); nl=\${nl%x}
case "$SCALEIO_ADMIN_PASSWORD" in *"$nl"*) echo "the admin password must not contain a newline" >&2; exit 1 ;; esac
pw=$(printf '%s' "$SCALEIO_ADMIN_PASSWORD" | sed "s/'/''/g")
new=$(printf '%s' ${head}; printf "'%s'" "$pw"; printf '%s' ${tail})
old=$(cat ${REXRAY_CONFIG} 2>/dev/null) || old=
cfg_changed=false
if [ "$new" != "$old" ]; then cfg_changed=true; fi
printf '%s\\n' "$new" | install -D -m 0600 /dev/stdin ${REXRAY_CONFIG}
${orderAfterScini(os)}
${ensureRunning(os)}
changed=false
if [ "$status" != unchanged ] || [ "$cfg_changed" = true ]; then changed=true; fi
if [ "$status" = unchanged ]; then have=; fi
step_result "$changed" "$status" "$want" "$have"`;
  return {
    name: 'install-rexray',
    role: 'rexray',
    os,
    command: script(format, body),
    uris: [{ value: input.url, extract: false }],
    env: {},
    secretEnv: { [ADMIN_PASSWORD_ENV]: input.adminPasswordRef },
    resources: { ...INSTALL_RESOURCES },
    timeoutMs: INSTALL_TIMEOUT_MS,
    check: `rexray ${input.version} installed, ${REXRAY_CONFIG} (0600) as rendered, ordered after scini and running; changed:false when all already hold`,
  };
}
