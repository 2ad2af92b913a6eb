// Starts one of our processes (worker, bridge, simulator) as a child, prefixing its output lines with a tag,
// and stops it with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BRIDGE_ENTRY, BRIDGE_NODE_FLAGS } from '../../mesos-bridge/node-flags';
import { REPO_ROOT } from './temporal-dev-server';

export interface Child {
  proc: ChildProcess;
  stop(): Promise<void>;
}

export function startTsProcess(
  tag: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  onLine?: (line: string) => void
): Child {
  const flags = entry === BRIDGE_ENTRY ? BRIDGE_NODE_FLAGS : [];
  const proc = spawn(process.execPath, [...flags, '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [proc.stdout, proc.stderr]) {
    if (stream)
      createInterface({ input: stream }).on('line', (line) =>
        onLine ? onLine(line) : process.stderr.write(`[${tag}] ${line}\n`)
      );
  }
  const stop = () =>
    new Promise<void>((done) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return done();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
      proc.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      proc.kill('SIGTERM');
    });
  return { proc, stop };
}
