// OS families the builders support, how each names and installs ScaleIO packages, and how it runs services.
import { ErrorType, InputError } from '../../common/errors';
import type { OsFamily, PackageRole } from '../../common/spec/types';
import { sh, type ShellScript } from './quote';

/** What callers may pass: the spec's families, centos7 (alias of rhel7), or an OS we refuse (coreos, ...). */
export type OsInput = OsFamily | 'centos7' | (string & {});

export type PackageFormat = 'deb' | 'rpm';

/** Thrown for an OS we cannot install on (CoreOS needs a container-based install: roadmap). Non-retryable. */
export class UnsupportedOsError extends InputError {
  constructor(os: string, field = 'os') {
    const hint = os === 'coreos' ? ' (CoreOS needs a container-based install, not supported yet)' : '';
    super(ErrorType.UnsupportedOs, 'install step', [
      {
        field,
        problem: `unsupported OS ${JSON.stringify(os.slice(0, 40))}${hint}; supported: ubuntu14, ubuntu16, rhel7, centos7`,
      },
    ]);
  }
}

export function osFamily(os: OsInput, field = 'os'): OsFamily {
  if (os === 'ubuntu14' || os === 'ubuntu16' || os === 'rhel7') return os as OsFamily;
  if (os === 'centos7') return 'rhel7';
  throw new UnsupportedOsError(String(os), field);
}

export function packageFormat(os: OsFamily): PackageFormat {
  return os === 'rhel7' ? 'rpm' : 'deb';
}

/** The name the package manager knows a ScaleIO role by. */
export function scaleioPackageName(format: PackageFormat, role: PackageRole): string {
  const r = role === 'gw' ? 'gateway' : role;
  return format === 'rpm' ? `EMC-ScaleIO-${r}` : `emc-scaleio-${r}`;
}

/** Every package name the probe asks about, for both formats. */
export function allScaleioPackageNames(): string[] {
  const roles: PackageRole[] = ['mdm', 'sds', 'sdc', 'lia', 'gw'];
  return [
    ...roles.map((r) => scaleioPackageName('deb', r)),
    ...roles.map((r) => scaleioPackageName('rpm', r)),
    'rexray',
    'dvdcli',
  ];
}

/** Ubuntu 14.04 boots with upstart (no systemctl); the others use systemd. */
export function serviceCommand(os: OsFamily, action: 'start' | 'restart' | 'stop', service: string): ShellScript {
  return os === 'ubuntu14' ? sh`service ${service} ${action}` : sh`systemctl ${action} ${service}`;
}

/** The Mesos agent's service name in Mesosphere packages. */
export const MESOS_AGENT_SERVICE = 'mesos-slave';
