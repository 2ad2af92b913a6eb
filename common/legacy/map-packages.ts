// Package URLs and the volume driver: the old per-OS URL flags become `packages` overrides of one repository and
// one ScaleIO version (read, as the old framework did, from the file names); REX-Ray and the isolator become
// `volumeDriver`.
import { DEFAULT_REXRAY_VERSION, DEFAULT_SCALEIO_VERSION, defaultPackageUrls, rexrayUrls } from '../spec/packages';
import { PACKAGE_ROLES, type PackageRole } from '../spec/types';
import { cameFrom, type MapContext } from './context';
import { OLD_RELEASE_BASE } from './flags-packages';
import { findLegacyFlag } from './flags';

const OLD_OSES = ['ubuntu14', 'rhel7'] as const;
const VERSION_IN_NAME = /(\d{1,3}\.\d{1,3}-\d{1,6}\.\d{1,6})/;

const fileName = (url: string) => url.slice(url.lastIndexOf('/') + 1);

export function mapPackages(ctx: MapContext): Record<string, unknown> {
  const { s } = ctx;
  const repository = ctx.options.repository ?? OLD_RELEASE_BASE;
  ctx.origins.set('spec.packages.repository', ctx.options.repository ? '--repository' : 'the old release downloads');
  const versions = new Map<string, string[]>();
  for (const os of OLD_OSES)
    for (const role of PACKAGE_ROLES) {
      const given = s.given(`scaleio.${os}.${role}`);
      if (!given) continue;
      const version = VERSION_IN_NAME.exec(fileName(given.value.text))?.[1];
      if (!version)
        ctx.problems.push({
          field: given.spelling,
          problem: `file name ${JSON.stringify(fileName(given.value.text))} carries no ScaleIO version like ${DEFAULT_SCALEIO_VERSION}; keep ScaleIO's package names (the old framework read the version from them too)`,
        });
      else versions.set(version, [...(versions.get(version) ?? []), given.spelling]);
    }
  if (versions.size > 1)
    ctx.problems.push({
      field: [...versions.values()].flat().join(', '),
      problem: `name different ScaleIO versions (${[...versions.entries()].map(([v, f]) => `${v}: ${f.join(' ')}`).join('; ')}); a cluster runs one version`,
    });
  const version = [...versions.keys()][0] ?? DEFAULT_SCALEIO_VERSION;
  ctx.origins.set('spec.packages.version', [...versions.values()].flat().join(', ') || 'the old default packages');

  const os: Record<string, Partial<Record<PackageRole, string>>> = {};
  const derivedAnew: string[] = [];
  for (const family of OLD_OSES) {
    const derived = defaultPackageUrls(repository, family, version);
    for (const role of PACKAGE_ROLES) {
      const name = `scaleio.${family}.${role}`;
      const given = s.given(name);
      if (given && given.value.text !== derived[role]) {
        (os[family] ??= {})[role] = given.value.text;
        cameFrom(ctx, `spec.packages.os.${family}.${role}`, name);
      }
      if (!given && derived[role] !== findLegacyFlag(name)?.default) derivedAnew.push(`-${name}`);
    }
  }
  if (version !== DEFAULT_SCALEIO_VERSION && derivedAnew.length > 0 && !ctx.options.repository)
    ctx.notes.push({
      kind: 'changed',
      subject: derivedAnew.join(', '),
      message: `not given, so the old framework used its tested ${DEFAULT_SCALEIO_VERSION} packages; here the cluster runs one version, ${version}, so these come from ${repository} under ScaleIO's names for ${version}`,
    });
  if (!ctx.options.repository)
    ctx.notes.push({
      kind: 'info',
      subject: 'packages',
      message: `packages the old command line left default still come from the old framework's release downloads (${OLD_RELEASE_BASE}); pass --repository <url> to take them from your own repository`,
    });
  ctx.notes.push({
    kind: 'info',
    subject: 'ubuntu16',
    message: `Ubuntu 16.04 agents (the old framework did not support them) take their packages from ${repository}`,
  });
  return { repository, version, ...(Object.keys(os).length > 0 ? { os } : {}) };
}

export function mapVolumeDriver(ctx: MapContext, gatewayEndpoint: string | undefined): Record<string, unknown> {
  const { s } = ctx;
  const out: Record<string, unknown> = {};
  if (s.given('isolator.binary') || !ctx.options.repository) {
    // Without a repository of our own, the old default download stays the default.
    out.isolatorUrl = s.text('isolator.binary');
    cameFrom(ctx, 'spec.volumeDriver.isolatorUrl', 'isolator.binary');
  }
  const rexray = s.text('rexray.version');
  if (rexray !== 'latest') {
    out.rexrayVersion = rexray;
    cameFrom(ctx, 'spec.volumeDriver.rexrayVersion', 'rexray.version');
  }
  const version = rexray === 'latest' ? DEFAULT_REXRAY_VERSION : rexray;
  const urls = rexrayUrls(ctx.options.repository ?? OLD_RELEASE_BASE, version);
  const rexrayGiven = s.given('rexray.version');
  ctx.notes.push({
    kind: rexray === 'latest' ? 'changed' : 'info',
    subject: rexrayGiven?.spelling ?? '-rexray.version',
    message:
      (rexray === 'latest'
        ? `"latest" (${rexrayGiven ? 'given' : 'the old default'}) meant the newest build on bintray at install time; bintray is gone and a version must be pinned: REX-Ray ${version}. `
        : '') +
      `REX-Ray is installed from the package repository: provide ${fileName(urls.deb)} and ${fileName(urls.rpm)} at ${urls.deb.slice(0, -fileName(urls.deb).length)} (or set volumeDriver.rexrayDeb / rexrayRpm)`,
  });
  if (gatewayEndpoint) out.gatewayEndpoint = gatewayEndpoint;
  return out;
}
