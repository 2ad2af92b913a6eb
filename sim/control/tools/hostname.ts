// hostname [-I|-i|-s|-f]: the node's name, or its address (-I, as net-tools prints it: space-separated, then a
// space). Setting the hostname is not simulated.
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

export function hostname(ctx: ToolContext): ShimResult {
  const n = ctx.node;
  const [a, ...rest] = ctx.args;
  if (rest.length > 0) return fail(1, 'hostname: the simulator does not set hostnames\n');
  if (a === undefined || a === '-f' || a === '--fqdn' || a === '--long') return ok(`${n.hostname}\n`);
  if (a === '-s' || a === '--short') return ok(`${n.hostname.split('.')[0]}\n`);
  if (a === '-I' || a === '--all-ip-addresses' || a === '-i' || a === '--ip-address') return ok(`${n.ip} \n`);
  if (!a.startsWith('-')) return fail(1, 'hostname: you must be root to change the host name\n');
  return fail(1, `hostname: invalid option -- '${a.replace(/^-+/, '')}'\n`);
}
