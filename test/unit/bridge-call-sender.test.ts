// Calls on pooled keep-alive sockets: a reset on a socket the master already closed is retried (the
// request was never read); a reset on a fresh socket is not (the master may have acted on it).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CallSender } from '../../mesos-bridge/scheduler/call-sender';
import { Connections } from '../../mesos-bridge/scheduler/connection';
import { MesosConnectionError } from '../../mesos-bridge/scheduler/errors';

let server: http.Server;
let endpoint: URL;
/** How the fake master treats the nth request on a socket (1-based): answer 202 or reset. */
let fate: (nthOnSocket: number) => 'answer' | 'reset';
let requests = 0;

beforeEach(async () => {
  requests = 0;
  const perSocket = new WeakMap<Socket, number>();
  server = http.createServer((req, res) => {
    requests++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    req.resume();
    req.on('end', () => {
      if (fate(n) === 'reset') req.socket.destroy();
      else res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/scheduler`);
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function sender(outcomes: string[]): { send: () => Promise<void>; close: () => void } {
  const connections = new Connections({}, undefined);
  const s = new CallSender({
    connections,
    format: 'application/json',
    timeoutMs: 2000,
    retries: 3,
    backoffInitialMs: 10,
    backoffMaxMs: 50,
    principal: undefined,
    random: () => 0.5,
    onOutcome: (_type, outcome) => outcomes.push(outcome),
  });
  const session = { frameworkId: 'fw-1', streamId: 'stream-1', endpoint };
  return { send: () => s.send(session, { type: 'REVIVE' }), close: () => connections.destroy() };
}

test('a reset on a reused keep-alive socket is retried on a new one', async () => {
  fate = (n) => (n === 1 ? 'answer' : 'reset');
  const outcomes: string[] = [];
  const s = sender(outcomes);
  try {
    await s.send();
    await s.send();
  } finally {
    s.close();
  }
  expect(outcomes).toEqual(['202', 'network', '202']);
  expect(requests).toBe(3);
});

test('a reset on a fresh socket is not retried: the call may have reached the master', async () => {
  fate = () => 'reset';
  const outcomes: string[] = [];
  const s = sender(outcomes);
  const err = await s.send().catch((e: unknown) => e);
  s.close();
  expect(err).toBeInstanceOf(MesosConnectionError);
  expect((err as MesosConnectionError).staleSocket).toBe(false);
  expect(outcomes).toEqual(['network']);
  expect(requests).toBe(1);
});
