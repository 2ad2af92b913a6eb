// reboot and shutdown -r: the node goes down after the command returns (the response is sent first).
import { completeReboot } from '../engine/reboot';
import { beginReboot } from '../../nodes';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

function goDown(ctx: ToolContext): ShimResult {
  const { node, deps } = ctx;
  ctx.later(() => {
    beginReboot(node);
    if (deps.reboot) deps.reboot(node.hostname);
    else completeReboot(deps, node.hostname);
  });
  return ok();
}

export function reboot(ctx: ToolContext): ShimResult {
  const bad = ctx.args.find((a) => !['-f', '--force', '-n', '--no-wall'].includes(a));
  if (bad) return fail(1, `reboot: invalid option -- '${bad.replace(/^-+/, '')}'\n`);
  return goDown(ctx);
}

export function shutdown(ctx: ToolContext): ShimResult {
  if (!ctx.args.includes('-r') && !ctx.args.includes('--reboot')) {
    return fail(1, 'shutdown: the simulator only supports reboots (shutdown -r)\n');
  }
  return goDown(ctx);
}
