// The bridge's operations endpoint: GET /metrics (Prometheus text), GET /health (JSON: 200 while subscribed to a
// master, 503 otherwise, with the reason).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderPrometheus, type MetricFamily } from './prometheus';

export interface OpsSource {
  metrics(): MetricFamily[];
  health(): { ok: boolean; detail: Record<string, unknown> };
}

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

export function startOpsServer(port: number, source: OpsSource, host = '0.0.0.0'): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      return res.end(renderPrometheus(source.metrics()));
    }
    if (req.method === 'GET' && path === '/health') {
      const h = source.health();
      res.writeHead(h.ok ? 200 : 503, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ ok: h.ok, ...h.detail }));
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found: try /metrics or /health\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
