// A node child process whose pid is the node process itself (no npm/tsx wrapper process), output lines handed to
// a callback, stopped with SIGTERM and, after `killAfterMs`, SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../scripts/lib/temporal-dev-server';

export interface NodeChild {
  proc: ChildProcess;
  /** Resolves once the process is gone; `killed` is true when SIGTERM was not enough. */
  stop(killAfterMs?: number): Promise<{ killed: boolean }>;
}

export function startNodeChild(args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): NodeChild {
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [proc.stdout, proc.stderr]) if (stream) createInterface({ input: stream }).on('line', onLine);
  const stop = (killAfterMs = 10_000) =>
    new Promise<{ killed: boolean }>((done) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return done({ killed: false });
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        proc.kill('SIGKILL');
      }, killAfterMs);
      proc.once('exit', () => {
        clearTimeout(timer);
        done({ killed });
      });
      proc.kill('SIGTERM');
    });
  return { proc, stop };
}
