// Installing a package file from the task sandbox, shared by dpkg, rpm, yum and apt-get: read and
// verify the archive, check OS build and dependencies, compare with the installed version, run the
// maintainer scripts, record the change in the install log. Messages follow each real tool.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type InstalledPackage, type NodeState } from '../../nodes';
import { type PackageHeader, parsePackage } from '../../packages';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';
import { applyInstall, preinstallError } from './package-effects';
import { compareVersions } from './versions';

export type Frontend = 'dpkg' | 'rpm' | 'yum' | 'apt-get';

export interface InstallOptions {
  tool: Frontend;
  /** rpm -i refuses to replace another version; -U, dpkg, yum and apt-get upgrade. */
  upgrade: boolean;
  /** rpm --oldpackage: allow a downgrade. */
  oldpackage?: boolean;
  /** rpm --replacepkgs/--force: reinstall the same version. */
  replacepkgs?: boolean;
  /** rpm -v/-h progress lines. */
  verbose?: boolean;
}

export function nodeBuild(node: NodeState): string {
  if (node.os.family === 'ubuntu') return node.os.version.startsWith('14.04') ? 'Ubuntu.14.04' : 'Ubuntu.16.04';
  return 'el7';
}

export function nvra(h: Pick<PackageHeader, 'name' | 'version' | 'os' | 'arch'>): string {
  return `${h.name}-${h.version}${h.os === 'el7' ? '.el7' : ''}.${h.arch}`;
}

function dpkgArchiveError(file: string, detail: string): ShimResult {
  return fail(
    1,
    `${detail}dpkg: error processing archive ${file} (--install):\n subprocess dpkg-deb --control returned error exit status 2\nErrors were encountered while processing:\n ${file}\n`
  );
}

function readError(
  o: InstallOptions,
  file: string,
  problem: 'missing' | 'bad-magic' | 'bad-header' | 'bad-payload'
): ShimResult {
  const deb = o.tool === 'dpkg' || o.tool === 'apt-get';
  if (problem === 'missing') {
    if (deb)
      return fail(
        1,
        `dpkg: error processing archive ${file} (--install):\n cannot access archive: No such file or directory\nErrors were encountered while processing:\n ${file}\n`
      );
    return fail(
      1,
      o.tool === 'yum'
        ? `Cannot open: ${file}. Skipping.\nError: Nothing to do\n`
        : `error: open of ${file} failed: No such file or directory\n`
    );
  }
  if (deb) {
    if (problem === 'bad-payload')
      return dpkgArchiveError(
        file,
        `dpkg-deb (subprocess): decompressing archive member: lzma error: compressed data is corrupt\ndpkg-deb: error: subprocess <decompress> returned error exit status 2\n`
      );
    return dpkgArchiveError(file, `dpkg-deb: error: '${file}' is not a debian format archive\n`);
  }
  if (problem === 'bad-payload')
    return fail(1, `error: ${file}: digest: SHA256 digest: BAD\nerror: ${file} cannot be installed\n`);
  return fail(1, `error: ${file}: not an rpm package (or package manifest)\n`);
}

function installedVersionOf(node: NodeState, name: string): InstalledPackage | undefined {
  return node.packages[name];
}

export function installFromFile(ctx: ToolContext, file: string, o: InstallOptions): ShimResult {
  const deb = o.tool === 'dpkg' || o.tool === 'apt-get';
  let content: Buffer;
  try {
    content = readFileSync(path.resolve(ctx.cwd, file));
  } catch {
    return readError(o, file, 'missing');
  }
  const parsed = parsePackage(content);
  if (!parsed.ok) return readError(o, file, parsed.problem);
  const h = parsed.header;
  if (h.format !== (deb ? 'deb' : 'rpm')) return readError(o, file, 'bad-magic');
  const node = ctx.node;
  const build = nodeBuild(node);
  const missing = h.depends.filter((d) => !node.packages[d]);
  if (h.os !== 'any' && h.os !== build) missing.unshift(deb ? 'libc6 (>= 2.23)' : 'rpmlib(PayloadIsXz) <= 5.2-1');
  if (missing.length > 0) {
    if (deb) {
      const why = missing
        .map((d) => ` ${h.name} depends on ${d}; however:\n  Package ${d.split(' ')[0]} is not installed.\n`)
        .join('');
      return fail(
        1,
        `dpkg: dependency problems prevent configuration of ${h.name}:\n${why}\ndpkg: error processing package ${h.name} (--install):\n dependency problems - leaving unconfigured\nErrors were encountered while processing:\n ${h.name}\n`
      );
    }
    return fail(1, `error: Failed dependencies:\n${missing.map((d) => `\t${d} is needed by ${nvra(h)}\n`).join('')}`);
  }
  const prev = installedVersionOf(node, h.name);
  const cmp = prev ? compareVersions(h.version, prev.version) : 1;
  const prevNvra = prev ? nvra({ ...h, version: prev.version }) : '';
  if (prev && cmp === 0 && !deb && !o.replacepkgs) {
    if (o.tool === 'yum')
      return ok(
        `Examining ${file}: ${nvra(h)}\nPackage ${nvra(h)} already installed and latest version\nNothing to do\n`
      );
    return fail(1, `\tpackage ${nvra(h)} is already installed\n`);
  }
  if (prev && cmp === 0 && o.tool === 'apt-get')
    return ok(
      `${h.name} is already the newest version (${h.version}).\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n`
    );
  if (prev && !deb && cmp > 0 && !o.upgrade) {
    return fail(
      1,
      `\tfile /opt/emc/scaleio/${h.role}/bin from install of ${nvra(h)} conflicts with file from package ${prevNvra}\n`
    );
  }
  if (prev && !deb && cmp < 0 && !o.oldpackage) {
    if (o.tool === 'yum')
      return ok(`Examining ${file}: ${nvra(h)}\n${file}: does not update installed package.\nNothing to do\n`);
    return fail(1, `\tpackage ${prevNvra} (which is newer than ${nvra(h)}) is already installed\n`);
  }
  const pre = preinstallError(ctx, h, prev);
  if (pre) {
    if (deb)
      return fail(
        1,
        `dpkg: error processing archive ${file} (--install):\n subprocess new pre-installation script returned error exit status 1\nErrors were encountered while processing:\n ${file}\n`,
        `${pre}\n`
      );
    return fail(
      1,
      `error: %pre(${nvra(h)}) scriptlet failed, exit status 1\nerror: ${nvra(h)}: install failed\n`,
      `${pre}\n`
    );
  }
  const scriptOut = applyInstall(ctx, h, prev);
  node.packages[h.name] = {
    name: h.name,
    version: h.version,
    format: h.format as 'deb' | 'rpm',
    role: h.role,
    installedAtMs: ctx.deps.registry.now(),
  };
  const action = !prev ? 'install' : cmp > 0 ? 'upgrade' : cmp < 0 ? 'downgrade' : 'reinstall';
  ctx.deps.registry.record({
    hostname: node.hostname,
    action,
    package: h.name,
    version: h.version,
    previousVersion: prev?.version ?? null,
    format: h.format as 'deb' | 'rpm',
    tool: o.tool,
  });
  let out = '';
  let err = '';
  if (deb) {
    if (!prev) out += `Selecting previously unselected package ${h.name}.\n`;
    if (cmp < 0) err += `dpkg: warning: downgrading ${h.name} from ${prev!.version} to ${h.version}\n`;
    out += `(Reading database ... ${40000 + Object.keys(node.packages).length * 37} files and directories currently installed.)\n`;
    out += `Preparing to unpack ${file} ...\nUnpacking ${h.name} (${h.version})${prev ? ` over (${prev.version})` : ''} ...\nSetting up ${h.name} (${h.version}) ...\n`;
  } else if (o.verbose || o.tool === 'yum') {
    out += `Preparing...                          ################################# [100%]\n${prev ? 'Updating / installing...' : 'Updating / installing...'}\n   1:${nvra(h)}    ################################# [${prev ? ' 50' : '100'}%]\n`;
    if (prev) out += `Cleaning up / removing...\n   2:${prevNvra}    ################################# [100%]\n`;
  }
  out += scriptOut;
  if (o.tool === 'yum') out += `\nInstalled:\n  ${h.name}.${h.arch} 0:${h.version}\n\nComplete!\n`;
  return ok(out, err);
}
