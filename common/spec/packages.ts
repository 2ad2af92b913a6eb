// ScaleIO package file names per OS family, as the vendor names them (the old framework parsed the version
// from these names, so URLs keep them).
import type { OsFamily, PackageRole, PackageUrls } from './types';

export const DEFAULT_SCALEIO_VERSION = '2.0-10000.2072';

const DEB_OS: Record<'ubuntu14' | 'ubuntu16', string> = { ubuntu14: 'Ubuntu.14.04', ubuntu16: 'Ubuntu.16.04' };

export function packageFileName(os: OsFamily, role: PackageRole, version: string): string {
  if (os === 'rhel7') {
    return role === 'gw'
      ? `EMC-ScaleIO-gateway-${version}.x86_64.rpm`
      : `EMC-ScaleIO-${role}-${version}.el7.x86_64.rpm`;
  }
  return role === 'gw'
    ? `emc-scaleio-gateway_${version}_amd64.deb`
    : `EMC-ScaleIO-${role}-${version}.${DEB_OS[os]}.x86_64.deb`;
}

export function defaultPackageUrls(repository: string, os: OsFamily, version: string): PackageUrls {
  const base = repository.endsWith('/') ? repository : `${repository}/`;
  const url = (role: PackageRole) => `${base}${packageFileName(os, role, version)}`;
  return { mdm: url('mdm'), sds: url('sds'), sdc: url('sdc'), lia: url('lia'), gw: url('gw') };
}

export const DEFAULT_REXRAY_VERSION = '0.8.2';
export const DEFAULT_ISOLATOR_FILE = 'libmesos_dvdi_isolator-1.0.1.so';

function joinUrl(base: string, file: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${file}`;
}

/** REX-Ray package URLs per package format, in the names its releases use. */
export function rexrayUrls(repository: string, version: string): { deb: string; rpm: string } {
  return {
    deb: joinUrl(repository, `rexray_${version}_amd64.deb`),
    rpm: joinUrl(repository, `rexray-${version}.x86_64.rpm`),
  };
}

export function defaultIsolatorUrl(repository: string): string {
  return joinUrl(repository, DEFAULT_ISOLATOR_FILE);
}

/**
 * The URL of a role's package at `version`: the spec's own URL when the version is the spec's; else that URL
 * with the version swapped in (ScaleIO file names carry it); else the repository's default name.
 */
export function packageUrlAt(
  spec: { packages: { repository: string; version: string; urls: Record<OsFamily, PackageUrls> } },
  os: OsFamily,
  role: PackageRole,
  version: string
): string {
  const own = spec.packages.urls[os][role];
  if (version === spec.packages.version) return own;
  if (own.includes(spec.packages.version)) return own.split(spec.packages.version).join(version);
  return defaultPackageUrls(spec.packages.repository, os, version)[role];
}
