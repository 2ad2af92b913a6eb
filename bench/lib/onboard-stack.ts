// The product as the onboard bench runs it, on loopback: a Temporal dev server (SQLite on tmpfs, see benchRoot),
// a simulated world in this process (Mesos master + agents + gateway + package repo; the tasks' shells and shims
// run under the sim's task launcher, a child of this process), the mesos-bridge and the scaleio worker each as its
// own node process, started the way an operator starts them (`mesos-bridge/main.ts`, `workers/main.ts`,
// configured through the environment).
import { randomBytes } from 'node:crypto';
import { accessSync, constants, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { BRIDGE_ENTRY, BRIDGE_NODE_FLAGS } from '../../mesos-bridge/node-flags';
import { freePort } from '../../scripts/lib/ports';
import { REPO_ROOT, startDevServer, type DevServer } from '../../scripts/lib/temporal-dev-server';
import { startWorld, type World } from '../../sim/world';
import { specFor } from '../../test/support/stack';
import { startNodeChild, type NodeChild } from './node-child';

export interface OnboardStackOptions {
  agents: number;
  allocationIntervalMs: number;
  rebootDelayMs: number;
  log(text: string): void;
}

export interface LoggedChild extends NodeChild {
  /** The latest output lines (a bounded tail). */
  lines: string[];
}

export interface OnboardStack {
  dir: string;
  server: DevServer;
  world: World;
  client: Client;
  cluster: string;
  bridge: LoggedChild;
  /** The bridge's ops server (/health, /metrics). */
  bridgeOpsUrl: string;
  worker: LoggedChild;
  /** A cluster spec pointing at the world's package repository. */
  spec: Record<string, unknown>;
  /** Starts a node process with the stack's Temporal settings; warnings and errors are logged with `tag`. */
  startChild(tag: string, entry: string, env?: NodeJS.ProcessEnv): LoggedChild;
  stop(): Promise<void>;
}

/**
 * Lines not worth showing: info/debug, and the failed first attempt of the steps that cut off their own task on
 * purpose (rebooting the node, restarting the Mesos agent), which every Ubuntu 14.04 node and every node's
 * isolator install go through.
 */
function quiet(line: string): boolean {
  if (line.includes('"level":"info"') || line.includes('"level":"debug"')) return true;
  if (line.includes('No workflows registered')) return true;
  return line.includes('"msg":"Activity failed"') && /\.(reboot-node|restart-mesos-agent)\.[0-9a-f]+ on /.test(line);
}

const SHM = '/dev/shm';
/** Far above the bridge's hold times (milliseconds), so it only ever rescinds leaked offers. */
const OFFER_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once a line containing `text` was seen on the child's output (or throws if it exits first). */
export function waitForLine(child: LoggedChild, text: string, timeoutMs = 180_000): Promise<void> {
  return new Promise((done, fail) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      if (child.lines.some((l) => l.includes(text))) return done();
      if (child.proc.exitCode !== null)
        return fail(new Error(`child exited (${child.proc.exitCode}) before "${text}"`));
      if (Date.now() > deadline) return fail(new Error(`timed out waiting for "${text}"`));
      setTimeout(check, 100);
    };
    check();
  });
}

async function bridgeSubscribed(opsUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (((await (await fetch(`${opsUrl}/health`)).json()) as { ok?: boolean }).ok === true) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('the bridge did not subscribe to the simulated master');
}

/**
 * Where the server's SQLite file and the sandboxes go: BENCH_ONBOARD_DATA_DIR if set, else tmpfs when the machine
 * has one. On this host's virtual disk the dev server is fsync-bound (a few dozen activities a second, fewer while
 * other jobs use the disk), which would measure the disk and slow the baseline and the on-boarding alike, hiding
 * what the product costs. `BENCH_ONBOARD_DATA_DIR=.data` measures the disk-backed server the demo runs.
 */
export function benchRoot(): string {
  const wanted = process.env.BENCH_ONBOARD_DATA_DIR;
  if (wanted) {
    const dir = resolve(REPO_ROOT, wanted);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  try {
    accessSync(SHM, constants.W_OK);
    return SHM;
  } catch {
    mkdirSync(join(REPO_ROOT, '.data'), { recursive: true });
    return join(REPO_ROOT, '.data');
  }
}

/**
 * BENCH_ONBOARD_PROFILE=<dir> writes a V8 CPU profile of every child (bridge, worker, baseline worker) into dir
 * under dir/<tag>/ when it exits: where the control plane's CPU goes (open the .cpuprofile files in Chrome's DevTools).
 */
function profileFlags(tag: string): string[] {
  const dir = process.env.BENCH_ONBOARD_PROFILE;
  if (!dir) return [];
  const abs = resolve(REPO_ROOT, dir, tag);
  mkdirSync(abs, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${abs}`];
}

export async function startOnboardStack(opts: OnboardStackOptions): Promise<OnboardStack> {
  const dir = mkdtempSync(join(benchRoot(), 'bench-onboard-'));
  // Every output line of every process, kept after the run for a post-mortem (the data dir is removed).
  const logDir = join(REPO_ROOT, '.data', 'bench-onboard-logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  opts.log(`process logs in ${logDir}`);
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((e: unknown) => opts.log(`cleanup: ${String(e)}`));
  };
  try {
    const server = await startDevServer({
      dbFile: join(dir, 'temporal.db'),
      freePorts: true,
      headless: true,
      logFile: join(logDir, 'temporal.log'),
    });
    cleanups.push(() => server.stop());
    opts.log(`temporal dev server at ${server.address} (pid ${server.pid}), data in ${dir}`);
    const world = await startWorld({
      agents: opts.agents,
      rebootDelayMs: opts.rebootDelayMs,
      mesos: {
        allocationIntervalMs: opts.allocationIntervalMs,
        // Like the master's --offer_timeout, which operators set so a framework cannot sit on offers forever.
        offerTimeoutMs: OFFER_TIMEOUT_MS,
        workDir: join(dir, 'mesos'),
      },
    });
    cleanups.push(() => world.close());
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const cluster = `bench${randomBytes(3).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    const passwordFile = join(dir, 'gateway-password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const caFile = join(dir, 'gateway-ca.pem');
    if (world.gatewayCa) writeFileSync(caFile, world.gatewayCa);
    const temporalEnv = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', SCALEIO_CLUSTER: cluster };

    const startChild = (tag: string, entry: string, env: NodeJS.ProcessEnv = {}): LoggedChild => {
      const lines: string[] = [];
      const file = createWriteStream(join(logDir, `${tag}.log`), { flags: 'a' });
      const flags = [...(entry === BRIDGE_ENTRY ? BRIDGE_NODE_FLAGS : []), ...profileFlags(tag)];
      const child = startNodeChild([...flags, '--import', 'tsx', entry], { ...temporalEnv, ...env }, (line) => {
        file.write(`${line}\n`);
        lines.push(line);
        if (lines.length > 200) lines.shift();
        if (!quiet(line)) opts.log(`[${tag}] ${line}`);
      });
      cleanups.push(async () => {
        await child.stop();
        await new Promise((r) => file.end(r));
      });
      return { ...child, lines };
    };

    const worker = startChild('worker', 'workers/main.ts', {
      SCALEIO_LOG_LEVEL: 'info',
      SCALEIO_GATEWAY_URL: world.gatewayUrl,
      SCALEIO_GATEWAY_PASSWORD_FILE: passwordFile,
      ...(world.gatewayCa ? { SCALEIO_GATEWAY_CA_FILE: caFile } : {}),
    });
    const opsPort = await freePort();
    const bridgeState = join(dir, 'bridge-state');
    mkdirSync(bridgeState);
    const bridge = startChild('bridge', 'mesos-bridge/main.ts', {
      SCALEIO_LOG_LEVEL: 'warn',
      MESOS_MASTERS: world.masterUrl,
      SCALEIO_STATE_DIR: bridgeState,
      SCALEIO_ADMIN_PASSWORD: password,
      SCALEIO_BRIDGE_METRICS_PORT: String(opsPort),
      MESOS_DISCOVERY_INTERVAL_S: '5',
    });
    const bridgeOpsUrl = `http://127.0.0.1:${opsPort}`;
    await bridgeSubscribed(bridgeOpsUrl);
    opts.log(`bridge subscribed (pid ${bridge.proc.pid}); waiting for the worker to bundle its workflows`);
    await waitForLine(worker, 'worker started');
    opts.log(`scaleio worker running (pid ${worker.proc.pid})`);

    const spec = specFor(cluster, world);
    return { dir, server, world, client, cluster, bridge, bridgeOpsUrl, worker, spec, startChild, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
