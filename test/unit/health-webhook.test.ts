// The alert webhook activity against a local receiver: 2xx is delivered with the change's id as the idempotency
// key; 5xx, 429 and a dead receiver are retryable; other 4xx and URLs carrying secrets are not, and no failure
// message carries more than the receiver's origin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createHealthActivities, webhookUrlProblem, type AlertEvent } from '../../activities/scaleio/health';

let server: Server;
let base: string;
let status = 204;
const seen: { key: unknown; body: AlertEvent }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ key: req.headers['idempotency-key'], body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const event: AlertEvent = {
  id: 'run-1/7',
  cluster: 'c1',
  seq: 7,
  change: 'raised',
  at: '2024-01-01T00:00:00Z',
  alert: {
    id: 'capacity-high:pd1/sp1',
    kind: 'capacity-high',
    severity: 'warning',
    subject: 'pd1/sp1',
    message: 'storage pool pd1/sp1 is 85.0% full',
    raisedAt: '2024-01-01T00:00:00Z',
  },
};
/** The failures are the point of most tests here; the SDK's log lines about them are noise. */
const quiet = new DefaultLogger('ERROR', () => undefined);
const send = (url: string) =>
  new MockActivityEnvironment(undefined, { logger: quiet }).run(createHealthActivities({}).sendAlertWebhook, {
    url,
    event,
    timeoutMs: 2000,
  });

async function failureOf(url: string): Promise<ApplicationFailure> {
  const err = await send(url).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

test('a 2xx delivers the change as JSON with its id as the idempotency key', async () => {
  status = 204;
  seen.length = 0;
  await expect(send(`${base}/hook`)).resolves.toEqual({ status: 204 });
  expect(seen).toEqual([{ key: 'run-1/7', body: event }]);
});

test.each<[number, string, boolean]>([
  [503, 'WebhookUnavailable', false],
  [429, 'WebhookUnavailable', false],
  [404, 'WebhookRejected', true],
])('HTTP %i is %s (non-retryable: %s)', async (code, type, nonRetryable) => {
  status = code;
  const f = await failureOf(`${base}/hook/secret-path`);
  expect({ type: f.type, nonRetryable: f.nonRetryable }).toEqual({ type, nonRetryable });
  expect(f.message).toBe(`webhook ${base} answered HTTP ${code}`);
});

test('a receiver that is not there is retryable, and named by origin only', async () => {
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/hook`;
  await new Promise<void>((r) => dead.close(() => r()));
  const f = await failureOf(url);
  expect({ type: f.type, nonRetryable: f.nonRetryable }).toEqual({ type: 'WebhookUnavailable', nonRetryable: false });
  expect(f.message).toMatch(/^webhook http:\/\/127\.0\.0\.1:\d+ unreachable: ECONNREFUSED$/);
});

test.each<[string, string]>([
  ['https://user:pw@h.example/x', 'must not carry credentials'],
  ['https://h.example/x?token=abc', 'must not carry a query string'],
  ['ftp://h.example/x', 'must be http or https'],
  ['not a url', 'must be an absolute http(s) URL'],
])('%s is refused before any request', async (url, problem) => {
  expect(webhookUrlProblem(url)).toContain(problem);
  const f = await failureOf(url);
  expect({ type: f.type, nonRetryable: f.nonRetryable }).toEqual({ type: 'InvalidInput', nonRetryable: true });
  expect(f.message).not.toContain('pw');
  expect(f.message).not.toContain('abc');
});
