// The shims' fast path: a plain TCP listener on 127.0.0.1 that a bash shim reaches through
// /dev/tcp (no Node start, no HTTP). It runs the same runShim the HTTP route runs; the format is in
// shim-wire-codec.ts. Tasks find it in SIM_SHIM_ADDR (shimEnv).
import net, { type AddressInfo } from 'node:net';
import { NodeNotFoundError } from '../nodes';
import { runShim } from './handler';
import { encodeError, encodeReply, ShimRequestParser } from './shim-wire-codec';
import { type ControlDeps, type ShimRequest } from './types';

export interface ShimWire {
  /** 127.0.0.1:<port>: the value of SIM_SHIM_ADDR for tasks. */
  addr: string;
  close(): Promise<void>;
}

/** A connection that neither finishes its request nor goes away is dropped after this long. */
const IDLE_MS = 60_000;

function serve(deps: ControlDeps, socket: net.Socket): void {
  const parser = new ShimRequestParser();
  let answered = false;
  const answer = (reply: string) => {
    answered = true;
    // Half-close: the rest of an oversized request is still read (and dropped), so the shim's
    // write does not fail before it reads this reply.
    socket.end(reply);
  };
  const run = (tool: string, req: ShimRequest) => {
    let replied = false;
    try {
      runShim(deps, tool, req, (r) => {
        replied = true;
        answer(encodeReply(r));
      });
    } catch (e) {
      // After the reply went out (a later() hook failed) the shim has its answer already.
      if (!replied) answer(encodeError(tool, e instanceof NodeNotFoundError ? e.message : (e as Error).message));
    }
  };
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  socket.on('error', () => {
    // The shim went away (killed task, reset): nothing to answer.
  });
  socket.on('data', (chunk: Buffer) => {
    if (answered) return;
    const out = parser.push(chunk);
    if (out.kind === 'request') run(out.tool, out.request);
    else if (out.kind === 'error') answer(encodeError(out.tool, out.message));
  });
  socket.on('end', () => {
    if (answered) return;
    const out = parser.end();
    answer(encodeError(out.tool, out.message));
  });
}

export async function startShimWire(deps: ControlDeps, opts: { port?: number } = {}): Promise<ShimWire> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(deps, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    addr: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
      }),
  };
}
