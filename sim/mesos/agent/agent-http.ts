// Each agent's own HTTP server on 127.0.0.1 (like port 5051 of a real agent): /files/*, /state and
// /health. One idle Node server costs one listening socket and a few kB, so 1,000 agents are cheap.
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type SimAgent } from './agent';
import { handleFilesRequest } from './files-api';

export function startAgentServer(agent: SimAgent, workDir: string, state: () => unknown): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (agent.status === 'down' || agent.status === 'removed') {
      res.writeHead(503).end('Agent is down');
      return;
    }
    if (handleFilesRequest(agent, workDir, p, url.searchParams, res)) return;
    if (p === '/state' || p === '/state.json' || p === '/slave(1)/state' || p === '/slave(1)/state.json') {
      const body = JSON.stringify(state());
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
      return;
    }
    if (p === '/health') {
      res.writeHead(200).end();
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      agent.httpPort = (server.address() as AddressInfo).port;
      resolve(server);
    });
  });
}
