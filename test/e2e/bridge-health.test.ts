// GET /health of a bridge that cannot subscribe: 503, and the body says why, which is what an operator's probe or
// Marathon's health check shows while the masters are unreachable.
import { freePort } from '../../scripts/lib/ports';
import { startBridgeProcess, waitFor, type BridgeProcess } from '../support/bridge-process';
import { uniqueName } from '../support/temporal';

let bridge: BridgeProcess | undefined;
afterAll(async () => {
  await bridge?.stop();
});

interface Health {
  status: number;
  body: { ok?: boolean; subscribed?: boolean; reason?: string };
}

test('a bridge whose master refuses connections answers 503 with the reason', async () => {
  const port = await freePort(); // nothing listens there
  bridge = await startBridgeProcess({ masterUrl: `http://127.0.0.1:${port}`, cluster: uniqueName('health') });
  const opsUrl = bridge.opsUrl;
  const health = await waitFor(
    'a failed subscription in GET /health',
    async (): Promise<Health | undefined> => {
      const res = await fetch(`${opsUrl}/health`).catch(() => undefined);
      return res ? { status: res.status, body: (await res.json()) as Health['body'] } : undefined;
    },
    (h) => h?.body.reason?.startsWith('subscribe-failed') === true
  );
  expect(health?.status).toBe(503);
  expect(health?.body).toMatchObject({ ok: false, subscribed: false });
  expect(health?.body.reason).toMatch(/ECONNREFUSED|refused/i);
  expect(health?.body.reason).toMatch(/re-subscribing with backoff$/);
});
