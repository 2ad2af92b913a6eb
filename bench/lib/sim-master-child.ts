// Starts bench/lib/sim-master-main.ts as a child process and waits for the URL it prints.
import { startTsProcess, type Child } from '../../scripts/lib/child';

export interface SimMasterChild extends Child {
  url: string;
}

export function startSimMasterChild(agents: number, allocationIntervalMs: number): Promise<SimMasterChild> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const child = startTsProcess(
      'sim-master',
      'bench/lib/sim-master-main.ts',
      { BENCH_SIM_AGENTS: String(agents), BENCH_SIM_ALLOCATION_MS: String(allocationIntervalMs) },
      (line) => {
        if (!settled && line.startsWith('{')) {
          settled = true;
          clearTimeout(timer);
          resolve({ ...child, url: (JSON.parse(line) as { url: string }).url });
        } else process.stderr.write(`[sim-master] ${line}\n`);
      }
    );
    const timer = setTimeout(() => fail(new Error('simulated master did not start within 120 s')), 120_000);
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void child.stop().then(() => reject(err));
    };
    child.proc.once('exit', (code) => fail(new Error(`simulated master exited with code ${code}`)));
  });
}
