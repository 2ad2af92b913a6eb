// The simulated ScaleIO REST gateway: HTTPS (or plain HTTP) on loopback, backed by a ScaleioCluster.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { type ClusterOptions, isScaleioError, ScaleioCluster, unauthorized } from '../scaleio';
import { ownershipEpoch } from '../scaleio/mdm';
import { GatewayFaults } from './faults';
import { type Body } from './params';
import { RouteNotFound, route } from './router';
import { generateSelfSigned, type TlsMaterial } from './tls';
import { TokenStore } from './tokens';

export interface GatewayOptions {
  /** Cluster to serve; a new one (with clusterOptions) when absent. */
  cluster?: ScaleioCluster;
  clusterOptions?: ClusterOptions;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** 'https' (default) or 'http'. */
  protocol?: 'https' | 'http';
  /** Certificate to serve; a self-signed one is generated with openssl when absent. */
  tls?: TlsMaterial;
  idleTimeoutMs?: number;
  absoluteTimeoutMs?: number;
  /** Body of GET /api/version; default major.minor of the cluster's software version ("2.5"). */
  apiVersion?: string;
  /** Real-time period of cluster.tick(); 0 turns the timer off (tests tick by hand). Default 1000. */
  tickIntervalMs?: number;
  /** Simulated ms per real ms for the tick timer (default 1). */
  timeScale?: number;
  /** Clock for token expiry and fault windows (default Date.now). */
  now?: () => number;
}

export interface Gateway {
  url: string;
  port: number;
  protocol: 'https' | 'http';
  cluster: ScaleioCluster;
  faults: GatewayFaults;
  tokens: TokenStore;
  /** PEM to trust (undefined for plain HTTP). */
  ca?: string;
  /** /api requests received so far (login included; also those answered by a fault). */
  readonly requests: number;
  /** False between down() and up(). */
  readonly isUp: boolean;
  revokeAllTokens(): void;
  /** The gateway process stops: new connections are refused, open ones cut, its tokens lost. */
  down(): Promise<void>;
  /** It starts again on the same port (with no tokens: clients get 401 and log in again). */
  up(): Promise<void>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = value === undefined ? '' : JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function errorBody(status: number, message: string): Body {
  return { message, httpStatusCode: status, errorCode: 0 };
}

/** Basic credentials; for every call but login the password part is the token. */
function basicAuth(req: IncomingMessage): { user: string; password: string } | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? undefined : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1 << 20) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startGateway(opts: GatewayOptions = {}): Promise<Gateway> {
  const cluster = opts.cluster ?? new ScaleioCluster(opts.clusterOptions);
  const now = opts.now ?? Date.now;
  const protocol = opts.protocol ?? 'https';
  const tls = protocol === 'https' ? (opts.tls ?? (await generateSelfSigned(opts.host ?? '127.0.0.1'))) : undefined;
  const tokens = new TokenStore(opts.idleTimeoutMs ?? 10 * 60_000, opts.absoluteTimeoutMs ?? 8 * 3_600_000, now, () =>
    ownershipEpoch(cluster.ctx)
  );
  const faults = new GatewayFaults(now, tokens);
  const apiVersion = opts.apiVersion ?? /^R(\d+)_(\d+)/.exec(cluster.ctx.opts.softwareVersion)!.slice(1, 3).join('.');
  const delays = new Set<NodeJS.Timeout>();
  let requests = 0;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    if (!path.startsWith('/api/')) return send(res, 404, errorBody(404, 'Not Found'));
    requests += 1;
    const fate = faults.decide();
    if (fate.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (delays.delete(t), resolve()), fate.delayMs);
        delays.add(t);
      });
    }
    if (fate.failStatus) return send(res, fate.failStatus, errorBody(fate.failStatus, 'Simulated gateway failure'));
    let body: Body = {};
    if (text.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Body;
      } catch {
        return send(res, 400, errorBody(400, 'body: must be a JSON object'));
      }
    }
    const creds = basicAuth(req);
    if (path === '/api/login' && method === 'GET') {
      if (!creds) throw unauthorized();
      cluster.login(creds.user, creds.password);
      return send(res, 200, tokens.issue(creds.user));
    }
    if (!creds || !tokens.use(creds.password)) throw unauthorized();
    if (path === '/api/logout' && method === 'GET') {
      tokens.revoke(creds.password);
      return send(res, 200, undefined);
    }
    send(res, 200, route(cluster, apiVersion, method, path, body));
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch((e: unknown) => {
      if (isScaleioError(e)) send(res, e.httpStatus, e.toBody());
      else if (e instanceof RouteNotFound) send(res, 404, errorBody(404, `Not Found: ${e.message}`));
      else send(res, 500, errorBody(500, `Internal simulator error: ${(e as Error).message}`));
    });
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler) : createHttpServer(handler);
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  // Stops listening and cuts open (keep-alive) connections; resolves once the listener is gone.
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(opts.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let isUp = true;

  const interval = opts.tickIntervalMs ?? 1000;
  const scale = opts.timeScale ?? 1;
  const ticker = interval > 0 ? setInterval(() => cluster.tick(interval * scale), interval) : undefined;
  ticker?.unref();

  return {
    url: `${protocol}://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    protocol,
    cluster,
    faults,
    tokens,
    ca: tls?.ca,
    get requests() {
      return requests;
    },
    get isUp() {
      return isUp;
    },
    revokeAllTokens: () => tokens.revokeAll(),
    down: async () => {
      if (!isUp) return;
      isUp = false;
      tokens.revokeAll(); // sessions live in the gateway's memory
      await stop();
    },
    up: async () => {
      if (isUp) return;
      await listen(port);
      isUp = true;
    },
    close: async () => {
      if (ticker) clearInterval(ticker);
      for (const t of delays) clearTimeout(t);
      delays.clear();
      // Closing a stopped listener only reports that it was not running.
      await stop();
    },
  };
}
