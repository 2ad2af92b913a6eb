// The old per-OS package URL flags: -scaleio.{ubuntu14,rhel7,centos7}.{mdm,sds,sdc,lia,gw} (centos7 spells rhel7;
// both read RPM_*), and their spellings from before the old 0.2.0, -scaleio.deb.* and -scaleio.rpm.*.
import { DEFAULT_SCALEIO_VERSION, packageFileName } from '../spec/packages';
import { PACKAGE_ROLES, type PackageRole } from '../spec/types';
import type { LegacyFlag } from './types';

/** Where the old framework's v0.3.1 release downloaded its tested ScaleIO packages from. */
export const OLD_RELEASE_BASE = 'https://github.com/codedellemc/scaleio-framework/releases/download/v0.3.1/';

const ROLE_NAMES: Record<PackageRole, string> = { mdm: 'MDM', sds: 'SDS', sdc: 'SDC', lia: 'LIA', gw: 'gateway' };

function packageFlag(os: 'ubuntu14' | 'rhel7', role: PackageRole): LegacyFlag {
  const [env, what] = os === 'ubuntu14' ? ['DEB', 'Ubuntu 14.04 deb'] : ['RPM', 'RHEL/CentOS 7 rpm'];
  return {
    name: `scaleio.${os}.${role}`,
    env: `${env}_${role.toUpperCase()}`,
    type: 'string',
    default: `${OLD_RELEASE_BASE}${packageFileName(os, role, DEFAULT_SCALEIO_VERSION)}`,
    fate: 'mapped',
    to: [`spec.packages.os.${os}.${role}`, 'spec.packages.version'],
    why: `the ScaleIO ${ROLE_NAMES[role]} ${what}; its file name keeps ScaleIO's naming, which gives the package version`,
  };
}

function spelling(name: string, canonical: LegacyFlag, fate: 'mapped' | 'renamed', why: string): LegacyFlag {
  const { env: _env, ...rest } = canonical;
  return { ...rest, name, fate, aliasOf: canonical.name, why };
}

export const PACKAGE_FLAGS: readonly LegacyFlag[] = PACKAGE_ROLES.flatMap((role) => {
  const deb = packageFlag('ubuntu14', role);
  const rpm = packageFlag('rhel7', role);
  return [
    deb,
    rpm,
    spelling(`scaleio.centos7.${role}`, rpm, 'mapped', `the same flag as -${rpm.name} (RHEL 7 and CentOS 7 are one)`),
    spelling(`scaleio.deb.${role}`, deb, 'renamed', `renamed -${deb.name} in the old 0.2.0`),
    spelling(`scaleio.rpm.${role}`, rpm, 'renamed', `renamed -${rpm.name} in the old 0.2.0`),
  ];
});
