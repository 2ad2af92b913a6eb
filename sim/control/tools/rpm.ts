// rpm -i|-U|-F[vh] <file.rpm>..., -e <name>..., -q <name>... [--qf FMT], -qa, -qp <file>.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type InstalledPackage } from '../../nodes';
import { parsePackage } from '../../packages';
import { installFromFile, nvra } from '../engine/install-file';
import { removePackage } from '../engine/remove';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

type Mode = 'install' | 'upgrade' | 'erase' | 'query';
const LONG: Record<string, Mode> = {
  '--install': 'install',
  '--upgrade': 'upgrade',
  '--freshen': 'upgrade',
  '--erase': 'erase',
  '--query': 'query',
};
const SHORT: Record<string, Mode> = { i: 'install', U: 'upgrade', F: 'upgrade', e: 'erase', q: 'query' };

function installedNvra(p: InstalledPackage): string {
  const el7 = ['mdm', 'sds', 'sdc', 'lia'].includes(p.role);
  return nvra({ name: p.name, version: p.version, os: el7 ? 'el7' : 'any', arch: 'x86_64' });
}

function queryFormat(fmt: string, p: InstalledPackage): string {
  const dash = p.version.indexOf('-');
  const el7 = ['mdm', 'sds', 'sdc', 'lia'].includes(p.role) ? '.el7' : '';
  const fields: Record<string, string> = {
    NAME: p.name,
    VERSION: dash < 0 ? p.version : p.version.slice(0, dash),
    RELEASE: dash < 0 ? `1${el7}` : `${p.version.slice(dash + 1)}${el7}`,
    ARCH: 'x86_64',
  };
  return fmt.replace(/%\{(\w+)\}/g, (_, k: string) => fields[k.toUpperCase()] ?? '(none)').replace(/\\n/g, '\n');
}

export function rpm(ctx: ToolContext): ShimResult {
  let mode: Mode | undefined;
  const flags = new Set<string>();
  let qf: string | undefined;
  const operands: string[] = [];
  const setMode = (m: Mode): ShimResult | undefined => {
    if (mode && mode !== m) return fail(1, 'rpm: only one major mode may be specified\n');
    mode = m;
    return undefined;
  };
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    let err: ShimResult | undefined;
    if (LONG[a]) err = setMode(LONG[a]);
    else if (a === '--qf' || a === '--queryformat') qf = ctx.args[++i] ?? '';
    else if (a.startsWith('--qf=') || a.startsWith('--queryformat=')) qf = a.slice(a.indexOf('=') + 1);
    else if (['--oldpackage', '--force', '--replacepkgs', '--nodeps', '--quiet', '--verbose', '--hash'].includes(a))
      flags.add(a.slice(2));
    else if (/^-[iUFeqvhap]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (SHORT[c]) err = err ?? setMode(SHORT[c]);
        else flags.add(c);
      }
    } else if (a.startsWith('-')) return fail(1, `rpm: ${a}: unknown option\n`);
    else operands.push(a);
    if (err) return err;
  }
  if (!mode) return fail(1, 'rpm: no mode specified; use -i, -U, -e or -q\n');
  if (mode === 'query') return query(ctx, operands, flags, qf);
  if (operands.length === 0) return fail(1, `rpm: no packages given for ${mode === 'erase' ? 'erase' : 'install'}\n`);
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  for (const o of operands) {
    if (mode === 'erase') {
      if (!ctx.node.packages[o]) {
        stderr += `error: package ${o} is not installed\n`;
        exitCode = 1;
      } else removePackage(ctx, o, 'rpm');
      continue;
    }
    const r = installFromFile(ctx, o, {
      tool: 'rpm',
      upgrade: mode === 'upgrade',
      oldpackage: flags.has('oldpackage') || flags.has('force'),
      replacepkgs: flags.has('replacepkgs') || flags.has('force'),
      verbose: flags.has('v') || flags.has('h') || flags.has('verbose') || flags.has('hash'),
    });
    stdout += r.stdout;
    stderr += r.stderr;
    if (r.exitCode !== 0) exitCode = 1;
  }
  return exitCode === 0 ? ok(stdout, stderr) : fail(exitCode, stderr, stdout);
}

function query(ctx: ToolContext, names: string[], flags: Set<string>, qf: string | undefined): ShimResult {
  const rpms = Object.values(ctx.node.packages).filter((p) => p.format === 'rpm');
  const show = (p: InstalledPackage) => (qf !== undefined ? queryFormat(qf, p) : `${installedNvra(p)}\n`);
  if (flags.has('a')) return ok(rpms.map(show).join(''));
  if (names.length === 0) return fail(1, 'rpm: no arguments given for query\n');
  if (flags.has('p')) {
    let out = '';
    for (const f of names) {
      let parsed;
      try {
        parsed = parsePackage(readFileSync(path.resolve(ctx.cwd, f)));
      } catch {
        return fail(1, `error: open of ${f} failed: No such file or directory\n`, out);
      }
      if (!parsed.ok || parsed.header.format !== 'rpm')
        return fail(1, `error: ${f}: not an rpm package (or package manifest)\n`, out);
      out += `${nvra(parsed.header)}\n`;
    }
    return ok(out);
  }
  let out = '';
  let missing = false;
  for (const n of names) {
    const p = ctx.node.packages[n];
    if (p?.format === 'rpm') out += show(p);
    else {
      out += `package ${n} is not installed\n`;
      missing = true;
    }
  }
  return missing ? { exitCode: 1, stdout: out, stderr: '' } : ok(out);
}
