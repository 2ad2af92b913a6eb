// Reads the probe's output into typed node facts: OS family, kernel, disks and which of them are free for
// ScaleIO (raw: no filesystem or signature, not mounted, no partitions, not the system disk, not a ScaleIO
// volume, not already an SDS device), the SDC GUID and installed package versions. Pure; never throws on
// odd lines, only when the output is cut short.
import { ErrorType, InputError } from '../../common/errors';
import type { OsFamily, PackageRole } from '../../common/spec/types';
import { scaleioPackageName } from './os';
import { PROBE_SECTION } from './probe';

export type ProbedOsFamily = OsFamily | 'coreos' | 'unknown';

export interface DiskFact {
  /** e.g. /dev/sdb */
  path: string;
  sizeBytes: number;
  type: string;
  fstype: string | null;
  mountpoint: string | null;
  partitions: { path: string; sizeBytes: number; fstype: string | null; mountpoint: string | null }[];
}

export interface NodeFacts {
  os: { family: ProbedOsFamily; id: string; versionId: string; prettyName: string | null; supported: boolean };
  kernel: string | null;
  arch: string | null;
  disks: DiskFact[];
  /** Paths of disks ScaleIO may take. */
  freeDevices: string[];
  /** The disk holding / (or /boot), if seen. */
  systemDisk: string | null;
  sdcGuid: string | null;
  /** The node's IPv4 addresses (`hostname -I`), the first being the one ScaleIO uses; loopback 127.0.0.1 left out. */
  ips: string[];
  /** Every installed package the probe asked about: name -> version (ScaleIO's .el7 release suffix removed). */
  packages: Record<string, string>;
  /** Installed ScaleIO version per role, whichever package format. */
  scaleio: Partial<Record<PackageRole, string>>;
  rexray: string | null;
  dvdcli: string | null;
  /** The DVDI isolator as configured on the agent (null from a probe that did not look). */
  isolator: { so: string | null; modules: string; isolation: string } | null;
  /** REX-Ray's config (sha256 of the file without its password line) and its start-after-scini ordering. */
  rexrayConfig: { sha256: string | null; dropin: string; initdReady: boolean } | null;
}

export interface ProbeParseOptions {
  /** Device paths the cluster already uses on this node (from the gateway): never free. */
  scaleioDevices?: readonly string[];
  /** Smaller disks are not offered (ScaleIO needs sizeable devices). */
  minDeviceBytes?: number;
}

function sections(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(PROBE_SECTION)) {
      current = [];
      out.set(line.slice(PROBE_SECTION.length).trim(), current);
    } else current?.push(line);
  }
  return out;
}

/** KEY="value" pairs of one `lsblk -P` line (values may hold spaces). */
export function parsePairs(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/([A-Z:_-]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

function keyValues(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return out;
}

function osOf(s: Map<string, string[]>): NodeFacts['os'] {
  const rel = keyValues(s.get('os-release') ?? []);
  const lsb = keyValues(s.get('lsb-release') ?? []);
  const redhat = (s.get('redhat-release') ?? []).join(' ').trim();
  let id = (rel.ID ?? '').toLowerCase();
  let versionId = rel.VERSION_ID ?? '';
  if (!id && lsb.DISTRIB_ID) [id, versionId] = [lsb.DISTRIB_ID.toLowerCase(), lsb.DISTRIB_RELEASE ?? ''];
  if (!id && redhat) {
    id = /centos/i.test(redhat) ? 'centos' : 'rhel';
    versionId = /release (\d+(\.\d+)*)/.exec(redhat)?.[1] ?? '';
  }
  let family: ProbedOsFamily = 'unknown';
  if (id === 'ubuntu' && versionId.startsWith('14.04')) family = 'ubuntu14';
  else if (id === 'ubuntu' && versionId.startsWith('16.04')) family = 'ubuntu16';
  else if ((id === 'rhel' || id === 'centos') && /^7(\.|$)/.test(versionId)) family = 'rhel7';
  else if (id === 'coreos' || id === 'flatcar') family = 'coreos';
  const prettyName = rel.PRETTY_NAME ?? lsb.DISTRIB_DESCRIPTION ?? (redhat || null);
  return { family, id, versionId, prettyName, supported: family !== 'coreos' && family !== 'unknown' };
}

function disksOf(lines: readonly string[]): DiskFact[] {
  const disks: DiskFact[] = [];
  for (const line of lines) {
    const p = parsePairs(line);
    if (!p.NAME || !p.TYPE) continue;
    const mapped = p.TYPE === 'lvm' || p.TYPE === 'crypt' || p.TYPE === 'mpath';
    const path = p.NAME.startsWith('/') ? p.NAME : `/dev/${mapped ? 'mapper/' : ''}${p.NAME}`;
    const sizeBytes = Number(p.SIZE ?? '0');
    const entry = {
      path,
      sizeBytes: Number.isFinite(sizeBytes) ? sizeBytes : 0,
      fstype: p.FSTYPE || null,
      mountpoint: p.MOUNTPOINT || null,
    };
    // -P prints a disk's partitions (and LVM/crypt children) right after it.
    if (p.TYPE === 'disk' || p.TYPE === 'rom' || p.TYPE === 'loop')
      disks.push({ ...entry, type: p.TYPE, partitions: [] });
    else disks[disks.length - 1]?.partitions.push(entry);
  }
  return disks;
}

const SYSTEM_MOUNTS = new Set(['/', '/boot', '/boot/efi', '[SWAP]']);

function isSystemDisk(d: DiskFact): boolean {
  return [d, ...d.partitions].some((x) => x.mountpoint !== null && SYSTEM_MOUNTS.has(x.mountpoint));
}

function packagesOf(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    // "<name> install ok installed <version>"; other states (deinstall, config-files) are not installed.
    const m = /^(\S+) install ok installed (\S+)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/\.el\d[\d_]*$/, '');
  }
  return out;
}

function isolatorOf(lines: readonly string[] | undefined): NodeFacts['isolator'] {
  if (!lines) return null;
  const kv = keyValuesRaw(lines);
  return { so: kv.so || null, modules: kv.modules ?? '', isolation: kv.isolation ?? '' };
}

function rexrayConfigOf(lines: readonly string[] | undefined): NodeFacts['rexrayConfig'] {
  if (!lines) return null;
  const kv = keyValuesRaw(lines);
  const sha = kv['config-sha256'] ?? '';
  return {
    sha256: /^[0-9a-f]{64}$/.test(sha) ? sha : null,
    dropin: (kv.dropin ?? '').split('|').join('\n'),
    // No sysv script to order (nothing for the step to edit), or one that starts scini first.
    initdReady: kv['initd-scini'] === 'absent' || Number(kv['initd-scini'] ?? '0') > 0,
  };
}

/** `key=value` lines taken as they are (values may hold '=', quotes, spaces). */
function keyValuesRaw(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf('=');
    if (i > 0) out[l.slice(0, i)] = l.slice(i + 1);
  }
  return out;
}

export function parseNodeFacts(stdout: string, opts: ProbeParseOptions = {}): NodeFacts {
  const s = sections(stdout);
  const missing = ['uname', 'lsblk', 'packages', 'end'].filter((k) => !s.has(k));
  if (missing.length > 0) {
    throw new InputError(ErrorType.InvalidInput, 'node probe output', [
      { field: 'stdout', problem: `is cut short: no ${missing.join(', ')} section` },
    ]);
  }
  const [kernel = null, arch = null] = (s.get('uname') ?? []).join(' ').trim().split(/\s+/).filter(Boolean);
  const disks = disksOf(s.get('lsblk') ?? []);
  const system = disks.find(isSystemDisk);
  const used = new Set(opts.scaleioDevices ?? []);
  const min = opts.minDeviceBytes ?? 1;
  const freeDevices = disks
    .filter(
      (d) =>
        d.type === 'disk' &&
        d !== system &&
        d.fstype === null &&
        d.mountpoint === null &&
        d.partitions.length === 0 &&
        !/^\/dev\/(scini|loop|ram|sr|zram|nbd|md|dm-)/.test(d.path) &&
        !used.has(d.path) &&
        d.sizeBytes >= min
    )
    .map((d) => d.path);
  const guid = (s.get('sdc-guid') ?? []).map((l) => l.trim()).find((l) => /^[0-9A-Fa-f-]{16,}$/.test(l));
  const ips = (s.get('addresses') ?? [])
    .join(' ')
    .split(/\s+/)
    .filter((a) => /^\d{1,3}(\.\d{1,3}){3}$/.test(a) && a !== '127.0.0.1');
  const packages = packagesOf(s.get('packages') ?? []);
  const scaleio: NodeFacts['scaleio'] = {};
  for (const role of ['mdm', 'sds', 'sdc', 'lia', 'gw'] as const) {
    const v = packages[scaleioPackageName('deb', role)] ?? packages[scaleioPackageName('rpm', role)];
    if (v) scaleio[role] = v;
  }
  return {
    os: osOf(s),
    kernel,
    arch,
    disks,
    freeDevices,
    systemDisk: system?.path ?? null,
    sdcGuid: guid ?? null,
    ips,
    packages,
    scaleio,
    rexray: packages.rexray ?? null,
    dvdcli: packages.dvdcli ?? null,
    isolator: isolatorOf(s.get('isolator')),
    rexrayConfig: rexrayConfigOf(s.get('rexray')),
  };
}
