// dpkg-query -W [-f=FORMAT] | -s | -l, also behind dpkg -s / -l.
import { type InstalledPackage } from '../../nodes';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

const NOT_FOUND_HINT =
  'Use dpkg --info (= dpkg-deb --info) to examine archive files,\nand dpkg --contents (= dpkg-deb --contents) to list their contents.\n';

function debPackages(ctx: ToolContext): InstalledPackage[] {
  return Object.values(ctx.node.packages).filter((p) => p.format === 'deb');
}

export function dpkgStatus(ctx: ToolContext, names: string[], tool: string): ShimResult {
  if (names.length === 0) return fail(2, `${tool}: error: --status needs at least one package name argument\n`);
  let out = '';
  let err = '';
  for (const n of names) {
    const p = ctx.node.packages[n];
    if (!p || p.format !== 'deb') {
      err += `dpkg-query: package '${n}' is not installed and no information is available\n`;
      continue;
    }
    out += `Package: ${p.name}\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: ${p.role === 'os' ? 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>' : 'EMC <support@emc.com>'}\nArchitecture: amd64\nVersion: ${p.version}\nDescription: ${p.name}\n\n`;
  }
  if (err) err += NOT_FOUND_HINT;
  return err ? fail(1, err, out) : ok(out);
}

export function dpkgList(ctx: ToolContext, patterns: string[]): ShimResult {
  const re = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`
      )
  );
  const rows = debPackages(ctx).filter((p) => re.length === 0 || re.some((r) => r.test(p.name)));
  if (rows.length === 0 && patterns.length > 0)
    return fail(1, `dpkg-query: no packages found matching ${patterns.join(' ')}\n`);
  const head =
    'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n||/ Name                 Version              Architecture Description\n+++-====================-====================-============-=================\n';
  return ok(
    head + rows.map((p) => `ii  ${p.name.padEnd(20)} ${p.version.padEnd(20)} amd64        ${p.name}\n`).join('')
  );
}

function render(format: string, p: InstalledPackage): string {
  const fields: Record<string, string> = {
    Package: p.name,
    Version: p.version,
    Status: 'install ok installed',
    Architecture: 'amd64',
    'db:Status-Abbrev': 'ii ',
  };
  return format
    .replace(/\$\{([^}]+)\}/g, (_, k: string) => fields[k.split(';')[0]!] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

export function dpkgQuery(ctx: ToolContext): ShimResult {
  let format = '${Package}\t${Version}\n';
  let action: 'W' | 's' | 'l' | undefined;
  const names: string[] = [];
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-W' || a === '--show') action = 'W';
    else if (a === '-s' || a === '--status') action = 's';
    else if (a === '-l' || a === '--list') action = 'l';
    else if (a === '-f' || a === '--showformat') format = args[++i] ?? '';
    else if (a.startsWith('-f=') || a.startsWith('--showformat=')) format = a.slice(a.indexOf('=') + 1);
    else if (a.startsWith('-f') && a.length > 2) format = a.slice(2);
    else if (a.startsWith('-'))
      return fail(2, `dpkg-query: error: unknown option ${a}\n\nUse --help for help about querying packages.\n`);
    else names.push(a);
  }
  if (!action)
    return fail(2, 'dpkg-query: error: need an action option\n\nUse --help for help about querying packages.\n');
  if (action === 's') return dpkgStatus(ctx, names, 'dpkg-query');
  if (action === 'l') return dpkgList(ctx, names);
  const rows = names.length === 0 ? debPackages(ctx) : names.map((n) => ctx.node.packages[n]);
  const missing = names.filter((n) => ctx.node.packages[n]?.format !== 'deb');
  const out = rows
    .filter((p): p is InstalledPackage => p?.format === 'deb')
    .map((p) => render(format, p))
    .join('');
  if (missing.length > 0)
    return fail(1, missing.map((n) => `dpkg-query: no packages found matching ${n}\n`).join(''), out);
  return ok(out);
}
