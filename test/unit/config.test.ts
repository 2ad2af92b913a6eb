import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../common/config';
import { InputError } from '../../common/errors';

function failure(env: Record<string, string>): InputError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected loadConfig to fail');
}

test('defaults with an empty environment', () => {
  const c = loadConfig({});
  expect(c.logLevel).toBe('info');
  expect(c.mesos.masters).toEqual(['http://127.0.0.1:5050']);
  expect(c.mesos.wireFormat).toBe('protobuf');
  expect(c.gateway.insecure).toBe(false);
  expect(c.temporal.connectionOptions.address).toBe('localhost:7233');
  expect(c.temporal.namespace).toBe('default');
});

test('environment values are converted and Temporal settings use the ecosystem names', () => {
  const c = loadConfig({
    SCALEIO_LOG_LEVEL: 'debug',
    MESOS_MASTERS: 'http://m1:5050, http://m2:5050/',
    SCALEIO_GATEWAY_INSECURE: 'true',
    SCALEIO_GATEWAY_TIMEOUT_MS: '5000',
    TEMPORAL_ADDRESS: 'temporal.prod:7233',
    TEMPORAL_NAMESPACE: 'storage',
  });
  expect(c.logLevel).toBe('debug');
  expect(c.mesos.masters).toEqual(['http://m1:5050', 'http://m2:5050']);
  expect(c.gateway).toMatchObject({ insecure: true, timeoutMs: 5000 });
  expect(c.temporal.connectionOptions.address).toBe('temporal.prod:7233');
  expect(c.temporal.namespace).toBe('storage');
});

test('every bad field is named in one InvalidConfig error', () => {
  const err = failure({
    SCALEIO_LOG_LEVEL: 'loud',
    MESOS_MASTERS: 'ftp://x',
    SCALEIO_GATEWAY_TIMEOUT_MS: '12ms',
    MESOS_WIRE_FORMAT: 'xml',
  });
  expect(err.type).toBe('InvalidConfig');
  expect(err.problems.map((p) => p.field).sort()).toEqual([
    'MESOS_MASTERS',
    'MESOS_WIRE_FORMAT',
    'SCALEIO_GATEWAY_TIMEOUT_MS',
    'SCALEIO_LOG_LEVEL',
  ]);
  expect(err.message).toContain(
    'SCALEIO_LOG_LEVEL: SCALEIO_LOG_LEVEL must be one of debug, info, warn, error, got "loud"'
  );
  expect(err.message).toMatch(/^configuration has 4 problems/);
});

test('a config file is read, and the environment wins over it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const file = join(dir, 'scaleio.yaml');
  writeFileSync(file, 'logLevel: warn\ngateway:\n  url: https://gw.local/\n  timeoutMs: 1000\n');
  const c = loadConfig({ SCALEIO_CONFIG_FILE: file, SCALEIO_GATEWAY_TIMEOUT_MS: '2000' });
  expect(c.logLevel).toBe('warn');
  expect(c.gateway.url).toBe('https://gw.local');
  expect(c.gateway.timeoutMs).toBe(2000);
});

test('unknown keys and bad values in the config file are named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const file = join(dir, 'scaleio.yaml');
  writeFileSync(file, 'gateway:\n  urll: https://gw\nmetrics:\n  workerPort: 70000\n');
  const err = failure({ SCALEIO_CONFIG_FILE: file });
  expect(err.message).toContain('gateway.urll: is not a known setting');
  expect(err.message).toContain('SCALEIO_WORKER_METRICS_PORT: metrics.workerPort');
});

test('a missing config file is one clear problem', () => {
  expect(failure({ SCALEIO_CONFIG_FILE: '/nonexistent/scaleio.yaml' }).message).toContain(
    'cannot read /nonexistent/scaleio.yaml: ENOENT'
  );
});
