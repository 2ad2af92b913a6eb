// Node files. Tasks run on the machine hosting the simulator, so procedures must not touch its real
// /etc: `sim-write-file <path> [mode]` (content on stdin) writes a node file explicitly, and the
// coreutils `install` and `cat` are shimmed so that the same command lines a procedure runs on a
// real node (`install -D -m 0600 /dev/stdin /etc/rexray/config.yml <<EOF`, `cat /etc/mesos-slave/isolation`)
// read and write node state for node paths (/etc, /usr, /opt, /var, /run, /lib, /emc) and run the real
// command for anything else (e.g. files in the sandbox).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkMode, checkNodePath, isNodePath, writeNodeFile } from '../engine/node-files';
import { fail, ok, passthrough } from '../result';
import { type ShimResult, type ToolContext } from '../types';

export function simWriteFile(ctx: ToolContext): ShimResult {
  const [p, mode = '0644', ...extra] = ctx.args;
  if (!p || extra.length > 0) return fail(2, 'usage: sim-write-file <absolute path> [octal mode] < content\n');
  const bad = checkNodePath(p) ?? checkMode(mode);
  if (bad) return fail(1, `sim-write-file: ${bad}\n`);
  writeNodeFile(ctx.node, p, ctx.stdin, mode);
  return ok();
}

export function install(ctx: ToolContext): ShimResult {
  let mode = '0755';
  let dirs = false;
  const operands: string[] = [];
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    if (a === '-m' || a === '--mode') mode = ctx.args[++i] ?? '';
    else if (a.startsWith('--mode=')) mode = a.slice(7);
    else if (a === '-o' || a === '-g' || a === '--owner' || a === '--group') i++;
    else if (a === '-d' || a === '--directory') dirs = true;
    else if (a === '-D' || a === '-v' || a === '-p' || a === '-C') continue;
    else if (a.startsWith('-') && a !== '-') return passthrough();
    else operands.push(a);
  }
  const dest = operands[operands.length - 1];
  if (!dest || !isNodePath(dest)) return passthrough();
  const badMode = checkMode(mode);
  if (badMode) return fail(1, `install: ${badMode}\n`);
  if (dirs) return operands.every(isNodePath) ? ok() : passthrough();
  if (operands.length !== 2)
    return fail(1, `install: target '${dest}': only one source file is supported by the simulator\n`);
  const src = operands[0]!;
  const badPath = checkNodePath(dest);
  if (badPath) return fail(1, `install: ${badPath}\n`);
  let content: string;
  if (src === '/dev/stdin') content = ctx.stdin;
  else if (isNodePath(src)) {
    const f = ctx.node.files[src];
    if (!f) return fail(1, `install: cannot stat '${src}': No such file or directory\n`);
    content = f.content;
  } else {
    try {
      content = readFileSync(path.resolve(ctx.cwd, src), 'utf8');
    } catch {
      return fail(1, `install: cannot stat '${src}': No such file or directory\n`);
    }
  }
  writeNodeFile(ctx.node, dest, content, mode);
  return ok();
}

export function cat(ctx: ToolContext): ShimResult {
  if (ctx.args.length === 0 || !ctx.args.every((a) => isNodePath(a))) return passthrough();
  let out = '';
  let err = '';
  for (const p of ctx.args) {
    const f = ctx.node.files[p];
    if (f) out += f.content;
    else err += `cat: ${p}: No such file or directory\n`;
  }
  return err ? fail(1, err, out) : ok(out);
}
