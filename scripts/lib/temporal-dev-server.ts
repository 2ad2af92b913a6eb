// Runs the real Temporal server (`temporal server start-dev`, built by scripts/ensure-temporal) with SQLite
// persistence, the web UI and our search attributes, and stops it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../common/names';
import { freePort, portInUse } from './ports';

export const REPO_ROOT = resolve(__dirname, '../..');
export const TEMPORAL_BIN = join(REPO_ROOT, '.tools/bin/temporal');

export interface DevServerOptions {
  /** SQLite file; its directory is created. */
  dbFile: string;
  /** Pick free ports for everything (tests). Otherwise the well-known ports 7233 / 8233. */
  freePorts?: boolean;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  /** Server output goes here (append). Default: discarded. */
  logFile?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** A codec server the web UI calls to show decrypted payloads (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  /** host:port of the gRPC frontend, for TEMPORAL_ADDRESS. */
  address: string;
  port: number;
  httpPort: number;
  uiPort?: number;
  uiUrl?: string;
  httpUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export class DevServerError extends Error {
  override name = 'DevServerError';
}

async function waitUntilReady(httpUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new DevServerError(`temporal server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${httpUrl}/api/v1/namespaces/default`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new DevServerError(`temporal server did not become ready within ${timeoutMs / 1000}s`);
}

/**
 * `--search-attribute` registers our search attributes only in a new database: on a file from an older version it
 * adds none, and a workflow that sets a newer one fails its workflow tasks. So the missing ones are added here.
 */
async function ensureSearchAttributes(address: string): Promise<readonly string[]> {
  const connection = await Connection.connect({ address });
  try {
    const svc = connection.operatorService;
    const { customAttributes } = await svc.listSearchAttributes({ namespace: 'default' });
    const missing = SEARCH_ATTRIBUTES.filter((sa) => !(sa in (customAttributes ?? {})));
    if (missing.length === 0) return [];
    const keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    await svc.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(missing.map((sa) => [sa, keyword])),
    });
    return missing;
  } finally {
    await connection.close();
  }
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  if (!existsSync(TEMPORAL_BIN)) {
    throw new DevServerError(`${TEMPORAL_BIN} is missing; run \`bash scripts/setup\` first to build the Temporal CLI`);
  }
  const port = opts.port ?? (opts.freePorts ? await freePort() : 7233);
  const uiPort = opts.headless ? undefined : (opts.uiPort ?? (opts.freePorts ? await freePort() : port + 1000));
  const httpPort = await freePort();
  const metricsPort = await freePort();
  for (const [what, p] of [
    ['gRPC', port],
    ['UI', uiPort],
  ] as const) {
    if (p !== undefined && (await portInUse(p))) {
      throw new DevServerError(
        `port ${p} (Temporal ${what}) is already in use: a Temporal server from an earlier run may still be up. ` +
          `Stop it (e.g. \`pkill -f "temporal server start-dev"\`) or choose other ports.`
      );
    }
  }
  mkdirSync(dirname(resolve(opts.dbFile)), { recursive: true });
  const args = ['server', 'start-dev', '--db-filename', opts.dbFile, '--ip', '127.0.0.1', '--port', String(port)];
  args.push(
    '--http-port',
    String(httpPort),
    '--metrics-port',
    String(metricsPort),
    '--log-level',
    opts.logLevel ?? 'warn'
  );
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort), '--ui-ip', '127.0.0.1');
  if (uiPort !== undefined && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  for (const sa of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${sa}=Keyword`);

  const out = opts.logFile ? openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(TEMPORAL_BIN, args, { stdio: ['ignore', out, out], detached: false });
  if (typeof out === 'number') closeSync(out);
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitUntilReady(httpUrl, child, 60000);
    await ensureSearchAttributes(`127.0.0.1:${port}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address: `127.0.0.1:${port}`,
    port,
    httpPort,
    uiPort,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    httpUrl,
    pid: child.pid ?? -1,
    stop,
  };
}
