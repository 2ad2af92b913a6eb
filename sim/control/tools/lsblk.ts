// lsblk [-b] [-d] [-n] [-p] [-o COLS] [-J|-P|-l]. JSON output exists from util-linux 2.27 (Ubuntu 16.04);
// Ubuntu 14.04 (2.20) and EL7 (2.23) reject -J as the real ones do, so portable callers use -P.
import { type NodeBlockDevice } from '../../nodes';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

interface Row {
  name: string;
  bytes: number;
  type: 'disk' | 'part';
  fstype: string | null;
  mountpoint: string | null;
  majmin: string;
  children: Row[];
}

const COLUMNS = ['NAME', 'KNAME', 'MAJ:MIN', 'RM', 'SIZE', 'RO', 'TYPE', 'FSTYPE', 'MOUNTPOINT', 'ROTA'];
const DEFAULT_COLS = ['NAME', 'MAJ:MIN', 'RM', 'SIZE', 'RO', 'TYPE', 'MOUNTPOINT'];

function rows(devices: NodeBlockDevice[], fullPaths: boolean): Row[] {
  return devices.map((d, i) => {
    const base = fullPaths ? d.path : d.path.replace(/^\/dev\//, '');
    const bytes = d.sizeKb * 1024;
    const disk: Row = {
      name: base,
      bytes,
      type: 'disk',
      fstype: d.fstype,
      mountpoint: d.mountpoint,
      majmin: `8:${i * 16}`,
      children: [],
    };
    if (d.system) {
      disk.fstype = null;
      disk.mountpoint = null;
      disk.children.push({
        name: `${base}1`,
        bytes: bytes - 1024 * 1024,
        type: 'part',
        fstype: d.fstype,
        mountpoint: d.mountpoint,
        majmin: `8:${i * 16 + 1}`,
        children: [],
      });
    }
    return disk;
  });
}

function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[u]}`;
}

function value(r: Row, col: string, bytes: boolean): string | null {
  switch (col) {
    case 'NAME':
    case 'KNAME':
      return r.name;
    case 'MAJ:MIN':
      return r.majmin;
    case 'SIZE':
      return bytes ? String(r.bytes) : human(r.bytes);
    case 'TYPE':
      return r.type;
    case 'FSTYPE':
      return r.fstype;
    case 'MOUNTPOINT':
      return r.mountpoint;
    case 'ROTA':
      return '1';
    default:
      return '0';
  }
}

export function lsblk(ctx: ToolContext): ShimResult {
  const modern = ctx.node.os.family === 'ubuntu' && !ctx.node.os.version.startsWith('14.04');
  let cols = DEFAULT_COLS;
  let bytes = false;
  let mode: 'tree' | 'json' | 'pairs' | 'list' = 'tree';
  let headings = true;
  let nodeps = false;
  let paths = false;
  const names: string[] = [];
  const args = [...ctx.args];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--output' || a === '-o') cols = (args[++i] ?? '').split(',');
    else if (a.startsWith('--output=')) cols = a.slice(9).split(',');
    else if (a === '--json' && !modern)
      return fail(1, "lsblk: unrecognized option '--json'\nTry 'lsblk --help' for more information.\n");
    else if (a.startsWith('--')) {
      const map: Record<string, string> = {
        '--bytes': 'b',
        '--json': 'J',
        '--pairs': 'P',
        '--list': 'l',
        '--noheadings': 'n',
        '--nodeps': 'd',
        '--paths': 'p',
        '--all': 'a',
      };
      if (!map[a]) return fail(1, `lsblk: unrecognized option '${a}'\nTry 'lsblk --help' for more information.\n`);
      args[i] = `-${map[a]}`;
      i--;
    } else if (a.startsWith('-')) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'o') {
          const rest = a.slice(j + 1);
          cols = (rest || args[++i] || '').split(',');
          break;
        }
        if (c === 'J' && !modern)
          return fail(1, "lsblk: invalid option -- 'J'\nTry 'lsblk --help' for more information.\n");
        if (c === 'b') bytes = true;
        else if (c === 'J') mode = 'json';
        else if (c === 'P') mode = 'pairs';
        else if (c === 'l') mode = 'list';
        else if (c === 'n') headings = false;
        else if (c === 'd') nodeps = true;
        else if (c === 'p') paths = true;
        else if (c !== 'a')
          return fail(1, `lsblk: invalid option -- '${c}'\nTry 'lsblk --help' for more information.\n`);
      }
    } else names.push(a);
  }
  cols = cols.map((c) => c.toUpperCase());
  const unknown = cols.find((c) => !COLUMNS.includes(c));
  if (unknown !== undefined) return fail(1, `lsblk: unknown column: ${unknown}\n`);
  let devices = ctx.node.blockDevices;
  if (names.length) {
    const missing = names.find((n) => !devices.some((d) => d.path === n));
    if (missing) return fail(32, `lsblk: ${missing}: not a block device\n`);
    devices = devices.filter((d) => names.includes(d.path));
  }
  const tree = rows(devices, paths);
  if (nodeps) for (const r of tree) r.children = [];
  const flat = tree.flatMap((r) => [r, ...r.children]);
  if (mode === 'json') {
    const obj = (r: Row): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      for (const c of cols) o[c.toLowerCase()] = value(r, c, bytes);
      if (r.children.length) o.children = r.children.map(obj);
      return o;
    };
    return ok(`${JSON.stringify({ blockdevices: tree.map(obj) }, null, 3)}\n`);
  }
  if (mode === 'pairs')
    return ok(flat.map((r) => cols.map((c) => `${c}="${value(r, c, bytes) ?? ''}"`).join(' ') + '\n').join(''));
  const table = flat.map((r) =>
    cols.map((c) => {
      const v = value(r, c, bytes) ?? '';
      return c === 'NAME' && mode === 'tree' && r.type === 'part' ? `└─${v}` : v;
    })
  );
  if (headings) table.unshift(cols);
  const widths = cols.map((_, k) => Math.max(...table.map((t) => t[k]!.length)));
  return ok(
    table
      .map(
        (t) =>
          t
            .map((v, k) => v.padEnd(widths[k]!))
            .join(' ')
            .trimEnd() + '\n'
      )
      .join('')
  );
}
