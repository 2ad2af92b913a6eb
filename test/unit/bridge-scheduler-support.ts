// Shared helpers of the bridge-scheduler tests: a client factory with short intervals, an event
// waiter, and a loopback TCP proxy that can go silent (to fake a dead master).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SchedulerClient } from '../../mesos-bridge/scheduler';
import type { SchedulerClientOptions, SchedulerEventMap } from '../../mesos-bridge/scheduler';
import { FileFrameworkIdStore } from '../../mesos-bridge/state/framework-store';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bridge-sched-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Options for a test client: fast backoff, the given masters and state dir. */
export function clientOptions(
  masters: string[],
  stateDir: string,
  extra: Partial<SchedulerClientOptions> = {}
): SchedulerClientOptions {
  return {
    masters,
    frameworkInfo: { name: 'bridge-test', user: 'root', roles: ['scaleio'] },
    frameworkIdStore: new FileFrameworkIdStore(stateDir),
    reconnectBackoff: { initialMs: 10, maxMs: 100 },
    callTimeoutMs: 5000,
    ...extra,
  };
}

/** Tracks clients so afterEach can close all of them. */
export class ClientPool {
  private readonly clients: SchedulerClient[] = [];
  create(options: SchedulerClientOptions): SchedulerClient {
    const c = new SchedulerClient(options);
    this.clients.push(c);
    return c;
  }
  async closeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.close()));
  }
}

/** Resolves with the args of the next `name` event that satisfies `pred`. */
export function nextEvent<K extends keyof SchedulerEventMap>(
  client: SchedulerClient,
  name: K,
  pred: (...args: SchedulerEventMap[K]) => boolean = () => true
): Promise<SchedulerEventMap[K]> {
  return new Promise((resolve) => {
    const listener = (...args: SchedulerEventMap[K]): void => {
      if (!pred(...args)) return;
      (client.off as (n: K, l: typeof listener) => SchedulerClient)(name, listener);
      resolve(args);
    };
    (client.on as (n: K, l: typeof listener) => SchedulerClient)(name, listener);
  });
}

/** A loopback TCP proxy; while paused it forwards nothing in either direction (a black hole). */
export class PausableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  paused = false;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<string> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.on('data', (d) => this.paused || upstream.write(d));
      upstream.on('data', (d) => this.paused || client.write(d));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
