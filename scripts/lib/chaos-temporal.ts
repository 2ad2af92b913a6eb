// The chaos suite's own Temporal dev server: one SQLite file and one gRPC port for the whole suite, so a run can
// kill -9 the server and start it again on the same file and port while our processes keep their address.
// It publishes its address the way test/support expects (TEMPORAL_ADDRESS), so the test stack helpers work.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from './temporal-dev-server';

export interface ChaosTemporal {
  address: string;
  dir: string;
  /** kill -9 of the server process, then the same server again on the same SQLite file and port. */
  killAndRestart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startChaosTemporal(): Promise<ChaosTemporal> {
  const dir = mkdtempSync(join(tmpdir(), 'scaleio-chaos-'));
  const dbFile = join(dir, 'temporal.sqlite');
  const logFile = join(dir, 'temporal.log');
  let server: DevServer = await startDevServer({ dbFile, freePorts: true, headless: true, logFile });
  const port = server.port;
  Object.assign(process.env, { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default' });
  return {
    address: server.address,
    dir,
    async killAndRestart(downMs) {
      const dead = server;
      process.kill(dead.pid, 'SIGKILL');
      await dead.stop(); // resolves once the killed process has exited
      await new Promise((r) => setTimeout(r, downMs));
      server = await startDevServer({ dbFile, port, headless: true, logFile });
    },
    stop: () => server.stop(),
  };
}
