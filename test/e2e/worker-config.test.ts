// Bad configuration stops the worker process before it does anything, with one message naming every bad field.
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../scripts/lib/temporal-dev-server';

/** Runs the worker with these settings (Temporal unreachable, so nothing could happen past config). */
function runWorker(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
}

test('the worker refuses bad settings with one clear message and exit code 2', () => {
  const res = runWorker({ SCALEIO_LOG_LEVEL: 'loud', SCALEIO_GATEWAY_URL: 'not a url' });
  expect(res.status).toBe(2);
  expect(res.stderr.trim()).toBe(
    'worker: configuration has 2 problems: SCALEIO_LOG_LEVEL: SCALEIO_LOG_LEVEL must be one of debug, info, warn, error, got "loud"; ' +
      'SCALEIO_GATEWAY_URL: SCALEIO_GATEWAY_URL must be an http(s) URL, got "not a url"'
  );
});

test('a gateway URL without a readable password file is refused the same way', () => {
  const res = runWorker({
    SCALEIO_GATEWAY_URL: 'https://127.0.0.1:9',
    SCALEIO_GATEWAY_PASSWORD_FILE: '/nonexistent/pw',
  });
  expect(res.status).toBe(2);
  expect(res.stderr.trim()).toBe(
    'worker: configuration has 1 problem: SCALEIO_GATEWAY_PASSWORD_FILE: cannot read /nonexistent/pw: ENOENT'
  );
});
