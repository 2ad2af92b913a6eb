// yum [-y] install|localinstall|remove|erase <pkgs or ./file.rpm>. A local rpm already installed at that
// version is "Nothing to do" (exit 0), as yum reports it.
import { installFromFile } from '../engine/install-file';
import { applyOsInstall, planOsInstall, removeOsPackages } from '../engine/os-install';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

export function yum(ctx: ToolContext): ShimResult {
  let yes = false;
  let command: string | undefined;
  const names: string[] = [];
  for (const a of ctx.args) {
    if (a === '-y' || a === '--assumeyes') yes = true;
    else if (a === '-q' || a === '--quiet' || a.startsWith('--disablerepo') || a.startsWith('--enablerepo')) continue;
    else if (a.startsWith('-')) return fail(1, `Command line error: no such option: ${a}\n`);
    else if (!command) command = a;
    else names.push(a);
  }
  if (!command) return fail(1, 'You need to give some command\n');
  if (command === 'remove' || command === 'erase') {
    const removed = removeOsPackages(ctx, names, 'yum');
    if (removed.length === 0)
      return ok('No Match for argument: ' + names.join(' ') + '\nNo Packages marked for removal\n');
    return ok(`Removed:\n${removed.map((n) => `  ${n}.x86_64\n`).join('')}\nComplete!\n`);
  }
  if (command !== 'install' && command !== 'localinstall')
    return fail(1, `No such command: ${command}. Please use /usr/bin/yum --help\n`);
  if (names.length === 0) return fail(1, 'Error: Need to pass a list of pkgs to install\n');
  const files = names.filter((n) => n.endsWith('.rpm'));
  const plan = planOsInstall(
    ctx,
    names.filter((n) => !files.includes(n))
  );
  let out = 'Loaded plugins: fastestmirror\n';
  out += plan.unknown.map((n) => `No package ${n} available.\n`).join('');
  out += plan.already
    .map((p) => `Package ${p.name}-${p.version}.x86_64 already installed and latest version\n`)
    .join('');
  if (plan.toInstall.length === 0 && files.length === 0) {
    return plan.unknown.length > 0 ? fail(1, 'Error: Nothing to do\n', out) : ok(`${out}Nothing to do\n`);
  }
  if (!yes) return fail(1, '', `${out}Resolving Dependencies\nIs this ok [y/d/N]: Exiting on user command\n`);
  applyOsInstall(ctx, plan, 'yum');
  if (plan.toInstall.length > 0) {
    out += `Resolving Dependencies\n\nInstalled:\n${plan.toInstall.map((p) => `  ${p.name}.x86_64 0:${p.version}\n`).join('')}\nComplete!\n`;
  }
  let err = '';
  for (const f of files) {
    const r = installFromFile(ctx, f, { tool: 'yum', upgrade: true });
    out += r.stdout;
    err += r.stderr;
    if (r.exitCode !== 0) return fail(1, err, out);
  }
  return ok(out, err);
}
