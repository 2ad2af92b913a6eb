// Which files the repository holds: ScaleIO packages per OS build and version with the vendor's
// file names, REX-Ray and DVDCLI packages, and the DVDI isolator module.
import { encodePackage, type PackageHeader, type PackageKind } from './package-file';

export const DEFAULT_SCALEIO_VERSIONS = ['2.0-10000.2072', '2.0-12000.122'];
export const DEFAULT_REXRAY_VERSIONS = ['0.6.3', '0.8.2'];
export const DEFAULT_DVDCLI_VERSIONS = ['0.2.1'];
export const DEFAULT_ISOLATOR_VERSIONS = ['1.0.1'];

/** Top-level directories of the repository. */
export const REPO_DIRS = ['scaleio', 'rexray', 'dvdcli', 'isolator'] as const;
export type RepoDir = (typeof REPO_DIRS)[number];

export interface CatalogEntry {
  dir: RepoDir;
  fileName: string;
  header: Omit<PackageHeader, 'payloadSha256'>;
  content: string;
}

export interface CatalogVersions {
  scaleio?: string[];
  rexray?: string[];
  dvdcli?: string[];
  isolator?: string[];
}

const SCALEIO_ROLES = ['mdm', 'sds', 'sdc', 'lia'] as const;

function entry(dir: RepoDir, fileName: string, h: Omit<PackageHeader, 'payloadSha256'>): CatalogEntry {
  return { dir, fileName, header: h, content: encodePackage(h) };
}

function pkg(name: string, version: string, role: string, format: PackageKind, os: string, depends: string[]) {
  return { name, version, role, format, arch: format === 'deb' ? 'amd64' : 'x86_64', os, depends };
}

function scaleio(v: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const os of ['Ubuntu.14.04', 'Ubuntu.16.04']) {
    for (const r of SCALEIO_ROLES) {
      out.push(
        entry(
          'scaleio',
          `EMC-ScaleIO-${r}-${v}.${os}.x86_64.deb`,
          pkg(`emc-scaleio-${r}`, v, r, 'deb', os, ['libaio1'])
        )
      );
    }
  }
  out.push(
    entry('scaleio', `emc-scaleio-gateway_${v}_amd64.deb`, pkg('emc-scaleio-gateway', v, 'gw', 'deb', 'any', []))
  );
  for (const r of SCALEIO_ROLES) {
    out.push(
      entry('scaleio', `EMC-ScaleIO-${r}-${v}.el7.x86_64.rpm`, pkg(`EMC-ScaleIO-${r}`, v, r, 'rpm', 'el7', ['libaio']))
    );
  }
  out.push(
    entry(
      'scaleio',
      `EMC-ScaleIO-gateway-${v}.x86_64.rpm`,
      pkg('EMC-ScaleIO-gateway', v, 'gw', 'rpm', 'el7', ['java-1.8.0-openjdk'])
    )
  );
  return out;
}

function tool(dir: 'rexray' | 'dvdcli', v: string): CatalogEntry[] {
  return [
    entry(dir, `${dir}-${v}.x86_64.rpm`, pkg(dir, v, dir, 'rpm', 'any', [])),
    entry(dir, `${dir}_${v}_amd64.deb`, pkg(dir, v, dir, 'deb', 'any', [])),
  ];
}

function isolator(v: string): CatalogEntry {
  const h = pkg('libmesos_dvdi_isolator', v, 'isolator', 'so', 'any', []);
  return entry('isolator', `libmesos_dvdi_isolator-${v}.so`, h);
}

function checkVersions(field: string, list: string[]): string[] {
  for (const v of list) {
    if (!/^[0-9][0-9A-Za-z.+~-]*$/.test(v))
      throw new TypeError(`PackageRepoOptions.${field}: bad version ${JSON.stringify(v)}`);
  }
  return list;
}

export function buildCatalog(v: CatalogVersions = {}): CatalogEntry[] {
  return [
    ...checkVersions('scaleioVersions', v.scaleio ?? DEFAULT_SCALEIO_VERSIONS).flatMap(scaleio),
    ...checkVersions('rexrayVersions', v.rexray ?? DEFAULT_REXRAY_VERSIONS).flatMap((x) => tool('rexray', x)),
    ...checkVersions('dvdcliVersions', v.dvdcli ?? DEFAULT_DVDCLI_VERSIONS).flatMap((x) => tool('dvdcli', x)),
    ...checkVersions('isolatorVersions', v.isolator ?? DEFAULT_ISOLATOR_VERSIONS).map(isolator),
  ];
}
