// lsb_release -a|-i|-d|-r|-c [-s]. Present on Ubuntu; on RHEL/CentOS only with redhat-lsb-core.
import { osProfile } from '../../nodes';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

export function lsbRelease(ctx: ToolContext): ShimResult {
  const os = ctx.node.os;
  const p = osProfile(os);
  const id = os.family === 'ubuntu' ? 'Ubuntu' : os.family === 'rhel' ? 'RedHatEnterpriseServer' : 'CentOS';
  const release = os.family === 'ubuntu' ? (os.version.startsWith('14.04') ? '14.04' : '16.04') : os.version;
  const rows: Record<string, [string, string]> = {
    i: ['Distributor ID', id],
    d: ['Description', p.description],
    r: ['Release', release],
    c: ['Codename', os.family === 'ubuntu' ? p.codename : p.codename],
  };
  let short = false;
  const picked: string[] = [];
  for (const a of ctx.args) {
    if (
      !/^-[aidrcsv]+$/.test(a) &&
      !['--all', '--short', '--id', '--release', '--codename', '--description'].includes(a)
    ) {
      return fail(1, `Usage: lsb_release [options]\n\nlsb_release: error: no such option: ${a}\n`);
    }
    const letters = a.startsWith('--') ? (a === '--all' ? 'a' : a === '--short' ? 's' : a[2]!) : a.slice(1);
    for (const c of letters) {
      if (c === 's') short = true;
      else if (c === 'a') picked.push('i', 'd', 'r', 'c');
      else if (rows[c]) picked.push(c);
    }
  }
  const keys = ['i', 'd', 'r', 'c'].filter((k) => picked.includes(k));
  if (keys.length === 0) return ok('', 'No LSB modules are available.\n');
  const out = short
    ? keys.map((k) => rows[k]![1]).join(' ') + '\n'
    : keys.map((k) => `${rows[k]![0]}:\t${rows[k]![1]}\n`).join('');
  return ok(out, picked.length === 4 ? 'No LSB modules are available.\n' : '');
}
