// The codec server the Temporal UI (and `temporal … --codec-endpoint`) calls to show decrypted payloads to an
// operator who may see them: POST …/encode and POST …/decode with proto3-JSON Payloads (only the last path
// segment counts, so it can sit behind a prefix), CORS for the configured UI origins, and an optional bearer
// token. It never logs payloads.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from '../log';
import { CodecError } from './errors';
import { payloadsFromJson, payloadsToJson, PayloadsJsonError } from './json-payloads';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Browser origins (e.g. the Temporal UI's http://127.0.0.1:8233) allowed to call; others get 403. */
  corsOrigins?: readonly string[];
  /** When set, every encode/decode must send `Authorization: Bearer <token>`. */
  token?: string;
  maxBodyBytes?: number;
  log?: Logger;
}

export interface CodecServer {
  url: string;
  port: number;
  /** Allows one more UI origin (e.g. a dev server whose port was chosen after this server started). */
  allowOrigin(origin: string): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

const ALLOW_HEADERS = 'Content-Type, X-Namespace, Authorization';

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads the JSON body; an oversized one is drained (not cut off) so the client still reads the 413. */
function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > limit) return reject(new HttpError(413, `body larger than ${limit} bytes`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'body is not JSON'));
      }
    });
  });
}

function sameToken(header: string | undefined, token: string): boolean {
  const got = Buffer.from(header ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return got.length === want.length && timingSafeEqual(got, want);
}

export async function startCodecServer(opts: CodecServerOptions): Promise<CodecServer> {
  const origins = new Set(opts.corsOrigins ?? []);
  const limit = opts.maxBodyBytes ?? 8 * 1024 * 1024;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      // A browser: only the configured UI origins may call (non-browser clients send no Origin).
      if (!origins.has(origin)) throw new HttpError(403, `origin ${origin} is not allowed`);
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    const path = new URL(req.url ?? '/', 'http://codec').pathname;
    const action = path.split('/').filter(Boolean).pop();
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return 204;
    }
    if (req.method === 'GET' && action === 'health') return (send(res, 200, { ok: true }), 200);
    if (action !== 'encode' && action !== 'decode') throw new HttpError(404, 'use POST …/encode or POST …/decode');
    if (req.method !== 'POST') throw new HttpError(405, `${action} takes POST`);
    if (opts.token !== undefined && !sameToken(req.headers.authorization, opts.token))
      throw new HttpError(401, 'missing or wrong Authorization bearer token');
    const payloads = payloadsFromJson(await readBody(req, limit));
    const out = action === 'encode' ? await opts.codec.encode(payloads) : await opts.codec.decode(payloads);
    send(res, 200, payloadsToJson(out));
    return 200;
  };

  const server = createServer((req, res) => {
    handle(req, res).then(
      (status) => opts.log?.debug('codec request', { method: req.method, path: req.url, status }),
      (err: unknown) => {
        const status =
          err instanceof HttpError
            ? err.status
            : err instanceof CodecError || err instanceof PayloadsJsonError
              ? 400
              : 500;
        const message = err instanceof Error ? err.message : String(err);
        if (status === 500) opts.log?.error('codec request failed', { method: req.method, path: req.url, error: err });
        else opts.log?.info('codec request refused', { method: req.method, path: req.url, status, reason: message });
        if (!res.headersSent) send(res, status, { error: message });
        else res.end();
      }
    );
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    allowOrigin: (origin) => void origins.add(origin.replace(/\/+$/, '')),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
