// The control API on its own HTTP server on 127.0.0.1 (the integrator may mount the handler elsewhere),
// with the shims' TCP listener next to it.
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { createControlHandler } from './handler';
import { startShimWire } from './shim-wire';
import { type ControlDeps } from './types';

export interface ControlServer {
  /** http://127.0.0.1:<port>: the value of SIM_CONTROL_URL for tasks. */
  url: string;
  /** 127.0.0.1:<port>: the value of SIM_SHIM_ADDR for tasks (the bash shims' fast path). */
  shimAddr: string;
  close(): Promise<void>;
}

export async function startControlServer(deps: ControlDeps, opts: { port?: number } = {}): Promise<ControlServer> {
  const server = http.createServer(createControlHandler(deps));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const wire = await startShimWire(deps);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    shimAddr: wire.addr,
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        }),
        wire.close(),
      ]);
    },
  };
}
