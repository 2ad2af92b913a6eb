// The part of the chaos suite (`npm run test:chaos`, scripts/chaos.ts) that runs with every test run: one 5-node
// MDM bootstrap on 6 agents while the bridge is killed with SIGKILL mid-install (and restarted on its state dir),
// the gateway answers 503 for 4 s and every gateway token expires three times. The same end-state invariants as
// the full suite: cluster complete, each package installed once per node, no live task left, no half-added SDS,
// and the retries with their causes in the workflow histories.
import { faultClass } from '../../scripts/lib/chaos-faults';
import { runChaos } from '../../scripts/lib/chaos-run';

test('bridge kill -9 + gateway 5xx + token expiry during a bootstrap: complete, no duplicates, nothing lost', async () => {
  const faults = ['bridge-kill9', 'gateway-5xx', 'token-expiry'].map(faultClass);
  const r = await runChaos(faults, { agents: 6 });

  expect(r.problems).toEqual([]);
  expect(r.notes).toHaveLength(3);
  expect(r.end).toMatchObject({ mdmOk: true, lost: [], duplicates: [], orphans: [] });
  // The bridge's death shows as a runOnAgent attempt that timed out; the 503s as gateway activity retries.
  const causes = r.retries.map((x) => x.cause);
  expect(causes.some((c) => /timed out|heartbeat/i.test(c))).toBe(true);
  expect(causes.some((c) => /503|unavailable/i.test(c))).toBe(true);
  expect(r.survived).toBe(true);
}, 400_000);
