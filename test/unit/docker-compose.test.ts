// No Docker engine runs here, so the production topology is checked by reading it: services, health checks,
// dependencies, secrets, and that our services use exactly the settings the config module knows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_FIELDS } from '../../common/config';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  healthcheck?: { test: unknown };
  ports?: string[];
  secrets?: string[];
  restart?: string;
}
const compose = parse(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  secrets: Record<string, unknown>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const knownEnv = new Set(CONFIG_FIELDS.map((f) => f.env));

test('the production topology has every part the design names', () => {
  for (const name of [
    'postgresql',
    'temporal',
    'temporal-ui',
    'zookeeper',
    'mesos-master',
    'scaleio-worker',
    'mesos-bridge',
  ]) {
    expect(services).toHaveProperty(name);
  }
  expect(Object.keys(services).filter((s) => s.startsWith('mesos-agent')).length).toBeGreaterThanOrEqual(2);
  expect(services['scaleio-worker']?.build).toBe('.');
  expect(services['mesos-bridge']?.build).toBe('.');
});

test('every long-running service has a health check, and dependencies name real services', () => {
  for (const [name, svc] of Object.entries(services)) {
    if (svc.restart !== 'no') expect([name, svc.healthcheck?.test]).toEqual([name, expect.anything()]);
    for (const dep of Object.keys(svc.depends_on ?? {}))
      expect([name, Object.keys(services)]).toEqual([name, expect.arrayContaining([dep])]);
    for (const secret of svc.secrets ?? []) expect(compose.secrets).toHaveProperty(secret);
  }
});

test.each(['scaleio-worker', 'mesos-bridge'])(
  '%s uses only settings the config module knows, for its own role',
  (name) => {
    const role = name === 'scaleio-worker' ? 'worker' : 'bridge';
    const env = services[name]?.environment ?? {};
    for (const key of Object.keys(env)) {
      if (key.startsWith('TEMPORAL_')) continue; // read by @temporalio/envconfig
      expect([key, knownEnv.has(key)]).toEqual([key, true]);
      const field = CONFIG_FIELDS.find((f) => f.env === key);
      expect([key, field?.usedBy ?? role]).toEqual([key, role]);
    }
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    // No secret is passed as a plain value: only *_FILE settings point at mounted secrets.
    for (const [key, value] of Object.entries(env))
      if (/PASSWORD|SECRET/.test(key)) expect(value).toMatch(/^\/run\/secrets\//);
  }
);

test('published metrics ports match the configured ones', () => {
  const worker = services['scaleio-worker'];
  const bridge = services['mesos-bridge'];
  expect(worker?.ports).toContain(
    `${worker?.environment?.SCALEIO_WORKER_METRICS_PORT}:${worker?.environment?.SCALEIO_WORKER_METRICS_PORT}`
  );
  expect(bridge?.ports).toContain(
    `${bridge?.environment?.SCALEIO_BRIDGE_METRICS_PORT}:${bridge?.environment?.SCALEIO_BRIDGE_METRICS_PORT}`
  );
  expect(bridge?.environment?.MESOS_MASTERS).toBe('http://mesos-master:5050');
});
