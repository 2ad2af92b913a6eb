// Runs the real mesos-bridge as its own process against a simulated world and the test Temporal server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTsProcess, type Child } from '../../scripts/lib/child';
import { freePort } from '../../scripts/lib/ports';
import { testServer } from './temporal';

export interface BridgeProcess extends Child {
  stateDir: string;
  opsUrl: string;
  output: string[];
  health(): Promise<{ ok: boolean; frameworkId?: string }>;
  metric(name: string, labels?: string): Promise<number | undefined>;
}

export async function startBridgeProcess(opts: {
  masterUrl: string;
  cluster: string;
  stateDir?: string;
  env?: Record<string, string>;
  /** A codec keys file (common/codec): the bridge then encrypts its signals and activity payloads. */
  codecKeysFile?: string;
}): Promise<BridgeProcess> {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'bridge-state-'));
  const port = await freePort();
  const output: string[] = [];
  const child = startTsProcess(
    'bridge',
    'mesos-bridge/main.ts',
    {
      TEMPORAL_ADDRESS: testServer.address,
      TEMPORAL_NAMESPACE: 'default',
      MESOS_MASTERS: opts.masterUrl,
      SCALEIO_CLUSTER: opts.cluster,
      SCALEIO_STATE_DIR: stateDir,
      SCALEIO_BRIDGE_METRICS_PORT: String(port),
      SCALEIO_LOG_LEVEL: 'info',
      ...(opts.codecKeysFile ? { SCALEIO_CODEC_KEYS_FILE: opts.codecKeysFile } : {}),
      ...opts.env,
    },
    (line) => output.push(line)
  );
  const opsUrl = `http://127.0.0.1:${port}`;
  const health = async () => {
    try {
      return (await (await fetch(`${opsUrl}/health`)).json()) as { ok: boolean; frameworkId?: string };
    } catch {
      return { ok: false };
    }
  };
  const metric = async (name: string, labels = ''): Promise<number | undefined> => {
    const text = await (await fetch(`${opsUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };
  return { ...child, stateDir, opsUrl, output, health, metric };
}

const READ_TIMEOUT_MS = 15_000;
const STALLED = Symbol('stalled');

export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 60000,
  intervalMs = 200
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let stalls = 0;
  while (Date.now() < deadline) {
    // One read may hang (a query the server keeps retrying): it counts as no news, and polling goes on.
    const pending = read();
    pending.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<typeof STALLED>((r) => (timer = setTimeout(() => r(STALLED), READ_TIMEOUT_MS)));
    const got = await Promise.race([pending, stalled]).finally(() => clearTimeout(timer));
    if (got === STALLED) stalls++;
    else {
      last = got;
      if (ok(last)) return last;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const note = stalls > 0 ? ` (${stalls} read(s) took over ${READ_TIMEOUT_MS / 1000} s)` : '';
  throw new Error(`timed out waiting for ${what}${note}; last value: ${JSON.stringify(last)}`);
}
