// apt-get [-y] install|remove|purge|update|upgrade <pkgs>. Local ./file.deb operands work from apt 1.1
// (Ubuntu 16.04), as on real systems; Ubuntu 14.04's apt 1.0 cannot locate them.
import { installFromFile } from '../engine/install-file';
import { applyOsInstall, planOsInstall, removeOsPackages } from '../engine/os-install';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

const HEAD = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n';
const FLAGS = new Set([
  '-y',
  '--yes',
  '--assume-yes',
  '-q',
  '-qq',
  '--quiet',
  '-f',
  '--fix-broken',
  '--no-install-recommends',
  '--force-yes',
  '--allow-unauthenticated',
]);

export function aptGet(ctx: ToolContext): ShimResult {
  let yes = false;
  let command: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    if (a === '-o') i++;
    else if (FLAGS.has(a)) yes = yes || ['-y', '--yes', '--assume-yes', '--force-yes'].includes(a);
    else if (a.startsWith('-'))
      return fail(100, `E: Command line option '${a}' is not understood in combination with the other options.\n`);
    else if (!command) command = a;
    else names.push(a);
  }
  if (!command) return fail(1, 'E: No command given. Try apt-get --help\n');
  if (command === 'update')
    return ok('Hit:1 http://archive.ubuntu.com/ubuntu trusty InRelease\nReading package lists... Done\n');
  if (command === 'upgrade')
    return ok(`${HEAD}Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n`);
  if (command === 'remove' || command === 'purge') {
    const removed = removeOsPackages(ctx, names, 'apt-get');
    return ok(
      `${HEAD}${removed.map((n) => `Removing ${n} ...\n`).join('')}0 upgraded, 0 newly installed, ${removed.length} to remove and 0 not upgraded.\n`
    );
  }
  if (command !== 'install') return fail(100, `E: Invalid operation ${command}\n`);
  const modernApt = !ctx.node.os.version.startsWith('14.04');
  const files = names.filter((n) => n.includes('/') && n.endsWith('.deb'));
  const plan = planOsInstall(
    ctx,
    names.filter((n) => !files.includes(n))
  );
  if (!modernApt && files.length > 0) plan.unknown.unshift(...files);
  if (plan.unknown.length > 0) return fail(100, `E: Unable to locate package ${plan.unknown[0]}\n`, HEAD);
  if ((plan.toInstall.length > 0 || (modernApt && files.length > 0)) && !yes) {
    return fail(
      1,
      '',
      `${HEAD}The following NEW packages will be installed:\n  ${plan.toInstall.map((p) => p.name).join(' ')}\nDo you want to continue? [Y/n] Abort.\n`
    );
  }
  let out = HEAD + plan.already.map((p) => `${p.name} is already the newest version (${p.version}).\n`).join('');
  if (plan.toInstall.length > 0)
    out += `The following NEW packages will be installed:\n  ${plan.toInstall.map((p) => p.name).join(' ')}\n`;
  out += `0 upgraded, ${plan.toInstall.length} newly installed, 0 to remove and 0 not upgraded.\n`;
  applyOsInstall(ctx, plan, 'apt-get');
  out += plan.toInstall.map((p) => `Setting up ${p.name} (${p.version}) ...\n`).join('');
  let err = '';
  if (modernApt) {
    for (const f of files) {
      const r = installFromFile(ctx, f, { tool: 'apt-get', upgrade: true });
      out += r.stdout;
      err += r.stderr;
      if (r.exitCode !== 0) return fail(100, `${err}E: Sub-process /usr/bin/dpkg returned an error code (1)\n`, out);
    }
  }
  return ok(out, err);
}
