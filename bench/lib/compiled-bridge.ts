// Compiles the production code (tsconfig.build.json, as `npm run build` and the Dockerfile do) into a temporary
// directory under .data/, so the bridge can be measured as it runs in production: plain `node main.js`, without
// tsx's loader (which keeps its own thread and transpiler in the process).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/temporal-dev-server';

export interface CompiledBridge {
  main: string;
  remove(): void;
}

export function compileBridge(): CompiledBridge {
  mkdirSync(join(REPO_ROOT, '.data'), { recursive: true });
  // Under the repository so that node_modules resolves from the compiled files.
  const dir = mkdtempSync(join(REPO_ROOT, '.data', 'bench-bridge-dist-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', dir, '--sourceMap', 'false'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  const main = join(dir, 'mesos-bridge', 'main.js');
  if (!existsSync(main)) {
    remove();
    throw new Error(`cannot compile the bridge: ${out.stdout}${out.stderr}`);
  }
  // Type errors elsewhere in the tree do not stop tsc from emitting; say so, the figure is still the bridge's.
  if (out.status !== 0) process.stderr.write(`bench bridge: tsc reported errors (emitted anyway):\n${out.stdout}\n`);
  cpSync(join(REPO_ROOT, 'proto', 'mesos'), join(dir, 'proto', 'mesos'), { recursive: true });
  return { main, remove };
}
