// A webhook receiver for the healthMonitor tests: a plain HTTP server on loopback that keeps every alert event it
// accepted, and can refuse the next few posts with 503 to make the sender retry.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '../../activities/scaleio/health';

export interface WebhookReceiver {
  url: string;
  /** Events answered 2xx, in arrival order, of one cluster. */
  accepted(cluster: string): AlertEvent[];
  /** Posts answered 503 so far. */
  refused(): number;
  /** Answers the next n posts with 503. */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const accepted: AlertEvent[] = [];
  let refuse = 0;
  let refused = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (refuse > 0) {
        refuse -= 1;
        refused += 1;
        res.writeHead(503).end();
        return;
      }
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertEvent;
      // The sender names each change in a header too, so a receiver can drop repeats without parsing.
      if (req.headers['idempotency-key'] !== event.id) res.writeHead(400).end();
      else {
        accepted.push(event);
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: (cluster) => accepted.filter((e) => e.cluster === cluster),
    refused: () => refused,
    failNext: (n) => {
      refuse = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
