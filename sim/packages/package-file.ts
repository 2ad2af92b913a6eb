// The fake package format: a magic first line, a JSON header line, then a payload whose SHA-256 the
// header carries. The dpkg/rpm shims read it like the real tools read an archive's control data.
import { createHash } from 'node:crypto';

export const PACKAGE_MAGIC = '!<sim-package/1>';

export type PackageKind = 'deb' | 'rpm' | 'so';

export interface PackageHeader {
  /** Package name as the package manager knows it (emc-scaleio-mdm, EMC-ScaleIO-mdm, rexray, ...). */
  name: string;
  version: string;
  /** mdm, sds, sdc, lia, gw, rexray, dvdcli, isolator */
  role: string;
  format: PackageKind;
  arch: string;
  /** OS build: Ubuntu.14.04, Ubuntu.16.04, el7, or any. */
  os: string;
  /** Package names that must be installed first. */
  depends: string[];
  payloadSha256: string;
}

export type PackageProblem = 'bad-magic' | 'bad-header' | 'bad-payload';

export type ParsedPackage = { ok: true; header: PackageHeader } | { ok: false; problem: PackageProblem };

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function encodePackage(h: Omit<PackageHeader, 'payloadSha256'>): string {
  const lines: string[] = [];
  for (let i = 0; i < 16; i++) lines.push(`data ${h.name} ${h.version} ${h.os} block ${i} ${'.'.repeat(40)}`);
  const payload = lines.join('\n') + '\n';
  const header: PackageHeader = { ...h, payloadSha256: sha256(payload) };
  return `${PACKAGE_MAGIC}\n${JSON.stringify(header)}\n${payload}`;
}

function isHeader(x: unknown): x is PackageHeader {
  const h = x as Record<string, unknown> | null;
  return (
    !!h &&
    typeof h.name === 'string' &&
    typeof h.version === 'string' &&
    typeof h.role === 'string' &&
    (h.format === 'deb' || h.format === 'rpm' || h.format === 'so') &&
    Array.isArray(h.depends) &&
    typeof h.payloadSha256 === 'string'
  );
}

export function parsePackage(content: string | Buffer): ParsedPackage {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const first = text.indexOf('\n');
  if (first < 0 || text.slice(0, first) !== PACKAGE_MAGIC) return { ok: false, problem: 'bad-magic' };
  const second = text.indexOf('\n', first + 1);
  if (second < 0) return { ok: false, problem: 'bad-header' };
  let header: unknown;
  try {
    header = JSON.parse(text.slice(first + 1, second));
  } catch {
    return { ok: false, problem: 'bad-header' };
  }
  if (!isHeader(header)) return { ok: false, problem: 'bad-header' };
  if (sha256(text.slice(second + 1)) !== header.payloadSha256) return { ok: false, problem: 'bad-payload' };
  return { ok: true, header };
}

/** A damaged copy: 'bad-magic' breaks the first line, 'checksum' flips payload bytes. */
export function corruptPackage(content: string, mode: 'bad-magic' | 'checksum'): string {
  if (mode === 'bad-magic') return `!<not-a-package>\n${content.slice(content.indexOf('\n') + 1)}`;
  const cut = Math.floor(content.length * 0.75);
  return `${content.slice(0, cut)}XXXXXXXX${content.slice(cut + 8)}`;
}
