// No Marathon runs here, so the app definitions in deploy/marathon/ are checked against Marathon's documented app
// shape and against our own settings: required fields, the commands the Dockerfile and compose run, one bridge that
// is never started next to another, health checks on the ports the env configures, env names the config module
// knows, secrets only by reference (and every reference declared), and an env the real config loader accepts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FIELDS, CONFIG_FILE_ENV, loadConfig } from '../../common/config';
import { DEFAULT_PASSWORD_FILE } from '../../common/legacy/map-spec';
import { BRIDGE_NODE_FLAGS } from '../../mesos-bridge/node-flags';

interface Volume {
  containerPath: string;
  mode?: string;
  secret?: string;
  hostPath?: string;
  persistent?: { type?: string; size: number };
}
interface HealthCheck {
  protocol: string;
  path?: string;
  portIndex: number;
  gracePeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  maxConsecutiveFailures: number;
}
interface App {
  id: string;
  cmd?: string;
  args?: string[];
  container: { type: string; docker: { image: string }; volumes?: Volume[] };
  cpus: number;
  mem: number;
  instances: number;
  constraints?: string[][];
  env: Record<string, string | { secret: string }>;
  secrets?: Record<string, { source: string }>;
  portDefinitions: { port: number; name: string; protocol: string }[];
  requirePorts?: boolean;
  healthChecks: HealthCheck[];
  upgradeStrategy: { minimumHealthCapacity: number; maximumOverCapacity: number };
  unreachableStrategy?: unknown;
  taskKillGracePeriodSeconds?: number;
  labels?: Record<string, unknown>;
}

const root = join(__dirname, '../..');
const read = (name: string) => JSON.parse(readFileSync(join(root, 'deploy/marathon', name), 'utf8')) as App;
const roles = {
  worker: {
    app: read('scaleio-worker.json'),
    entry: 'dist/workers/main.js',
    flags: [] as readonly string[],
    port: 'SCALEIO_WORKER_METRICS_PORT',
  },
  bridge: {
    app: read('scaleio-bridge.json'),
    entry: 'dist/mesos-bridge/main.js',
    flags: BRIDGE_NODE_FLAGS,
    port: 'SCALEIO_BRIDGE_METRICS_PORT',
  },
} as const;
type Role = keyof typeof roles;
const each = Object.keys(roles) as Role[];

/** The TEMPORAL_* names @temporalio/envconfig reads (its TEMPORAL_GRPC_META_ prefix aside). */
const TEMPORAL_ENV = new Set(
  [
    'ADDRESS',
    'NAMESPACE',
    'API_KEY',
    'PROFILE',
    'CONFIG_FILE',
    'TLS',
    'TLS_SERVER_NAME',
    'TLS_DISABLE_HOST_VERIFICATION',
    'TLS_SERVER_CA_CERT_PATH',
    'TLS_SERVER_CA_CERT_DATA',
    'TLS_CLIENT_CERT_PATH',
    'TLS_CLIENT_CERT_DATA',
    'TLS_CLIENT_KEY_PATH',
    'TLS_CLIENT_KEY_DATA',
  ].map((n) => `TEMPORAL_${n}`)
);
/** Settings that would carry a secret value itself rather than a file: never inline in an app definition. */
const VALUE_SECRETS = ['SCALEIO_CODEC_KEY', 'TEMPORAL_API_KEY', 'TEMPORAL_TLS_CLIENT_KEY_DATA'];
/** Marathon's sandbox inside a container with an image (the agent's --sandbox_directory default). */
const SANDBOX = '/mnt/mesos/sandbox';

const plainEnv = (app: App): Record<string, string> =>
  Object.fromEntries(Object.entries(app.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
const secretVolumes = (app: App) => (app.container.volumes ?? []).filter((v) => v.secret !== undefined);

describe.each(each)('the %s app', (role) => {
  const { app, entry, flags, port } = roles[role];

  test('has the fields Marathon requires, with sane values', () => {
    expect(app.id).toMatch(/^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/);
    expect([app.cmd === undefined, app.args === undefined].filter((absent) => !absent)).toHaveLength(1);
    // Secrets (env or file) are resolved by the Mesos containerizer only, not by the Docker containerizer.
    expect(app.container.type).toBe('MESOS');
    expect(app.container.docker.image).toMatch(/\/[\w.-]+:[\w.-]+$/); // a pinned tag: an upgrade changes it
    expect(app.container.docker.image).not.toMatch(/:latest$/);
    expect(app.cpus).toBeGreaterThan(0);
    expect(app.mem).toBeGreaterThanOrEqual(256);
    expect(Number.isInteger(app.instances) && app.instances >= 1).toBe(true);
    for (const [k, v] of Object.entries(app.labels ?? {})) expect([k, typeof v]).toEqual([k, 'string']);
    expect(app.taskKillGracePeriodSeconds).toBeGreaterThanOrEqual(10); // room for the graceful SIGTERM shutdown
  });

  test('runs the entry point the Dockerfile and docker-compose.yml run, from the image work dir', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const workdirs = [...dockerfile.matchAll(/^WORKDIR\s+(\S+)/gm)].map((m) => m[1]);
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const argv = [...flags, entry];
    expect(compose).toContain(`command: [${['node', ...argv].map((a) => `'${a}'`).join(', ')}]`);
    expect(app.cmd).toBe(`cd ${workdirs.at(-1)} && exec node ${argv.join(' ')}`);
    expect(readFileSync(join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')), 'utf8')).toContain('main()');
  });

  test('its health check reaches the port the env configures, on a fixed host port', () => {
    const configured = Number(app.env[port]);
    expect(configured).toBeGreaterThan(0);
    expect(app.requirePorts).toBe(true);
    expect(app.healthChecks.length).toBeGreaterThanOrEqual(1);
    for (const hc of app.healthChecks) {
      expect(['MESOS_HTTP', 'HTTP']).toContain(hc.protocol);
      expect(app.portDefinitions[hc.portIndex]?.port).toBe(configured);
      expect(hc.path).toBe(role === 'worker' ? '/metrics' : '/health');
      expect(hc.timeoutSeconds).toBeLessThan(hc.intervalSeconds);
      expect(hc.maxConsecutiveFailures).toBeGreaterThanOrEqual(1);
      expect(hc.gracePeriodSeconds).toBeGreaterThanOrEqual(60); // the worker bundles its workflows at start
    }
  });

  test('uses only settings the config module knows, for its own role', () => {
    for (const key of Object.keys(app.env)) {
      if (key.startsWith('TEMPORAL_')) {
        expect([key, TEMPORAL_ENV.has(key)]).toEqual([key, true]);
        continue;
      }
      if (key === CONFIG_FILE_ENV) continue;
      const field = CONFIG_FIELDS.find((f) => f.env === key);
      expect([key, field !== undefined]).toEqual([key, true]);
      expect([key, field?.usedBy ?? role]).toEqual([key, role]);
    }
    expect(app.env.TEMPORAL_ADDRESS).toEqual(expect.any(String));
  });

  test('carries no secret value: only file paths to mounted secrets, every reference declared', () => {
    for (const name of VALUE_SECRETS) expect([name, app.env[name]]).toEqual([name, undefined]);
    const mounted = new Set(secretVolumes(app).map((v) => v.containerPath));
    for (const [key, value] of Object.entries(app.env)) {
      if (typeof value !== 'string') {
        expect([key, app.secrets?.[value.secret]]).toEqual([key, { source: expect.any(String) }]);
        continue;
      }
      // A *_FILE or TLS *_PATH setting must name a file Marathon mounts from its secret store.
      if (/_FILE$|^TEMPORAL_TLS_.*_PATH$/.test(key)) expect([key, mounted.has(value)]).toEqual([key, true]);
    }
    const referenced = [
      ...secretVolumes(app).map((v) => v.secret ?? ''),
      ...Object.values(app.env).flatMap((v) => (typeof v === 'string' ? [] : [v.secret])),
    ];
    expect(new Set(referenced)).toEqual(new Set(Object.keys(app.secrets ?? {})));
    for (const v of secretVolumes(app)) expect(v.containerPath).toMatch(/^\/run\/secrets\/[\w.-]+$/);
    // Nothing that looks like key material or a credential anywhere in the file.
    const text = JSON.stringify(app);
    expect(text).not.toMatch(/-----BEGIN|[A-Za-z0-9+/]{43}=|:\/\/[^/"]+:[^/"]+@/);
  });

  test('passes the real config loader once its secret files exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marathon-env-'));
    try {
      const env = plainEnv(app);
      for (const v of secretVolumes(app)) {
        const local = join(dir, v.containerPath.replace(/\W/g, '_'));
        writeFileSync(
          local,
          v.containerPath.endsWith('keys') ? `k1=${Buffer.alloc(32, 1).toString('base64')}\n` : 'x\n'
        );
        for (const [k, value] of Object.entries(env)) if (value === v.containerPath) env[k] = local;
      }
      const config = loadConfig(env);
      expect(config.metrics[role === 'worker' ? 'workerPort' : 'bridgePort']).toBe(Number(app.env[port]));
      expect(config.cluster).toBe(app.labels?.scaleio_cluster);
      expect(config.temporal.connectionOptions.tls).toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the bridge runs once and is never started next to another one', () => {
  const { app } = roles.bridge;
  expect(app.instances).toBe(1);
  // Kill the old task before the new one starts: two bridges subscribed at once would fight over the framework.
  expect(app.upgradeStrategy).toEqual({ minimumHealthCapacity: 0, maximumOverCapacity: 0 });
  expect(app.unreachableStrategy).toBe('disabled');
  expect(app.constraints).toBeUndefined();
});

test("the bridge keeps its state dir (FrameworkID, task table) on a persistent volume in the task's sandbox", () => {
  const { app } = roles.bridge;
  const persistent = (app.container.volumes ?? []).filter((v) => v.persistent);
  expect(persistent).toHaveLength(1);
  const [volume] = persistent;
  expect(volume?.mode).toBe('RW');
  expect(volume?.containerPath).toMatch(/^[\w-]+$/); // Marathon: one relative path segment
  expect(volume?.persistent?.size).toBeGreaterThanOrEqual(64);
  expect(app.env.SCALEIO_STATE_DIR).toBe(`${SANDBOX}/${volume?.containerPath}`);
});

test("the bridge can resolve a migrated spec's passwordRef: the admin password is mounted where it points", () => {
  const mounted = secretVolumes(roles.bridge.app).map((v) => v.containerPath);
  expect(mounted).toContain(DEFAULT_PASSWORD_FILE);
});

test('workers start before old ones stop, one per host', () => {
  const { app } = roles.worker;
  expect(app.instances).toBeGreaterThanOrEqual(2);
  expect(app.upgradeStrategy.minimumHealthCapacity).toBe(1);
  expect(app.upgradeStrategy.maximumOverCapacity).toBeGreaterThan(0);
  expect(app.constraints).toEqual([['hostname', 'UNIQUE']]);
});

test('worker and bridge run the same image against the same Temporal namespace, cluster and codec keys', () => {
  const w = roles.worker.app;
  const b = roles.bridge.app;
  expect(b.container.docker.image).toBe(w.container.docker.image);
  for (const key of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SCALEIO_CLUSTER', 'SCALEIO_CODEC_KEYS_FILE'])
    expect([key, b.env[key]]).toEqual([key, w.env[key]]);
  const codecSource = (app: App) =>
    app.secrets?.[secretVolumes(app).find((v) => v.containerPath === app.env.SCALEIO_CODEC_KEYS_FILE)?.secret ?? '']
      ?.source;
  expect(codecSource(b)).toBe(codecSource(w));
  expect(codecSource(w)).toEqual(expect.any(String));
});
