// dpkg -i <file.deb>..., -r|-P <name>..., -s <name>..., -l [pattern]. --force-* options are accepted.
import { installFromFile } from '../engine/install-file';
import { removePackage } from '../engine/remove';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';
import { dpkgList, dpkgStatus } from './dpkg-query';

const ACTIONS: Record<string, 'install' | 'remove' | 'status' | 'list'> = {
  '-i': 'install',
  '--install': 'install',
  '-r': 'remove',
  '--remove': 'remove',
  '-P': 'remove',
  '--purge': 'remove',
  '-s': 'status',
  '--status': 'status',
  '-l': 'list',
  '--list': 'list',
};

const HELP =
  "\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\n";

export function dpkg(ctx: ToolContext): ShimResult {
  let action: (typeof ACTIONS)[string] | undefined;
  const operands: string[] = [];
  for (const a of ctx.args) {
    if (ACTIONS[a]) {
      if (action && action !== ACTIONS[a])
        return fail(2, `dpkg: error: conflicting actions -${a.replace(/^-+/, '')} and --${action}${HELP}`);
      action = ACTIONS[a];
    } else if (a.startsWith('--force-') || a.startsWith('--no-force-') || a === '--refuse-downgrade') {
      // accepted, no effect in the simulator
    } else if (a.startsWith('-')) return fail(2, `dpkg: error: unknown option ${a}${HELP}`);
    else operands.push(a);
  }
  if (!action) return fail(2, `dpkg: error: need an action option${HELP}`);
  if (action === 'status') return dpkgStatus(ctx, operands, 'dpkg');
  if (action === 'list') return dpkgList(ctx, operands);
  if (operands.length === 0) {
    return fail(
      2,
      `dpkg: error: --${action} needs at least one ${action === 'install' ? 'package archive file' : 'package name'} argument${HELP}`
    );
  }
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  for (const o of operands) {
    if (action === 'install') {
      const r = installFromFile(ctx, o, { tool: 'dpkg', upgrade: true });
      stdout += r.stdout;
      stderr += r.stderr;
      if (r.exitCode !== 0) exitCode = 1;
    } else if (!ctx.node.packages[o]) {
      stderr += `dpkg: warning: ignoring request to remove ${o} which isn't installed\n`;
    } else {
      const p = removePackage(ctx, o, 'dpkg')!;
      stdout += `(Reading database ... 41234 files and directories currently installed.)\nRemoving ${o} (${p.version}) ...\n`;
    }
  }
  return exitCode === 0 ? ok(stdout, stderr) : fail(exitCode, stderr, stdout);
}
