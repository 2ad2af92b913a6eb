// uname [-a|-r|-n|-m|-s|-v|-o]
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

export function uname(ctx: ToolContext): ShimResult {
  const n = ctx.node;
  const build = n.os.family === 'ubuntu' ? `#${n.kernel.split('-')[1] ?? '1'}-Ubuntu SMP` : '#1 SMP';
  const fields: Record<string, string> = {
    s: 'Linux',
    n: n.hostname,
    r: n.kernel,
    v: `${build} Tue Sep 20 15:40:06 UTC 2016`,
    m: 'x86_64',
    p: 'x86_64',
    i: 'x86_64',
    o: 'GNU/Linux',
  };
  const long: Record<string, string> = {
    '--kernel-name': 's',
    '--nodename': 'n',
    '--kernel-release': 'r',
    '--kernel-version': 'v',
    '--machine': 'm',
    '--operating-system': 'o',
    '--all': 'a',
  };
  const picked: string[] = [];
  for (const a of ctx.args) {
    const letters = long[a] ?? (/^-[a-z]+$/.test(a) ? a.slice(1) : undefined);
    if (!letters)
      return fail(1, `uname: invalid option -- '${a.replace(/^-+/, '')}'\nTry 'uname --help' for more information.\n`);
    for (const c of letters) {
      if (c === 'a') picked.push('s', 'n', 'r', 'v', 'm', 'p', 'i', 'o');
      else if (fields[c]) picked.push(c);
      else return fail(1, `uname: invalid option -- '${c}'\nTry 'uname --help' for more information.\n`);
    }
  }
  const order = ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'].filter((c) => (picked.length ? picked : ['s']).includes(c));
  return ok(`${order.map((c) => fields[c]).join(' ')}\n`);
}
