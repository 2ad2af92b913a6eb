// The reboot coordinator's rules against a real server, with stand-in requesters (no simulated nodes needed):
// a node that hosts our worker or bridge goes after a peer that asked later; agent restarts go side by side,
// reboots one at a time; a holder whose run ended gives its turn back; a malformed request is dropped; a long
// history continues as new and keeps every turn in hand.
import { requestRebootSignal } from '../../common/messages';
import { waitFor } from '../support/bridge-process';
import { uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';
import { CoordinatorProbe } from './reboot-support';

let env: Running;
const probes: CoordinatorProbe[] = [];

beforeAll(async () => {
  // node-2 hosts "our worker" (the configured override; the pollers name this machine).
  env = await runScaleioWorker({ controlPlaneHosts: ['node-2'] });
});

afterAll(async () => {
  for (const p of probes) await p.stop();
  await env?.stop();
});

async function probe(settings: Parameters<CoordinatorProbe['start']>[0]): Promise<CoordinatorProbe> {
  const p = new CoordinatorProbe(env.client, uniqueName('turns'));
  probes.push(p);
  await p.start(settings);
  return p;
}

test('a control-plane host that asked first still waits for a peer that asked after it', async () => {
  const p = await probe({ settleSeconds: 2 });
  await p.holder('a', 'node-1');
  await p.standIn('b', 'node-2');
  await waitFor(
    'node-2 to queue',
    () => p.view(),
    (v) => v.queue.length === 1
  );
  await p.standIn('c', 'node-3');
  const queued = await waitFor(
    'node-3 to queue',
    () => p.view(),
    (v) => v.queue.length === 2
  );
  expect(queued.queue.map((t) => t.hostname)).toEqual(['node-2', 'node-3']);
  expect(queued.controlPlaneHosts).toContain('node-2');
  await p.release('a');
  expect((await p.nextHolder('a')).hostname).toBe('node-3');
  await p.release('c');
  expect((await p.nextHolder('c')).hostname).toBe('node-2');
  await p.release('b');
  const v = await waitFor(
    'all turns done',
    () => p.view(),
    (x) => x.holder === null
  );
  expect(v.recent.map((t) => [t.requestId, t.outcome])).toEqual([
    ['a', 'done'],
    ['c', 'done'],
    ['b', 'done'],
  ]);
});

test('agent restarts are granted side by side, up to the limit; a second reboot waits for the first', async () => {
  const p = await probe({ maxConcurrentTurns: 3 });
  const first = await p.holder('r1', 'node-1');
  await p.standIn('a2', 'node-6', first, 'restart-agent');
  await p.standIn('r3', 'node-3', first);
  await p.standIn('a4', 'node-4', first, 'restart-agent');
  await p.standIn('a5', 'node-5', first, 'restart-agent');
  const held = await waitFor(
    'two restarts beside the reboot',
    () => p.view(),
    (v) => v.holders.length === 3 && v.queue.length === 2
  );
  expect(held.holders.map((t) => t.requestId)).toEqual(['r1', 'a2', 'a4']);
  expect(held.queue.map((t) => t.requestId)).toEqual(['r3', 'a5']);
  expect(held.maxConcurrentTurns).toBe(3);
  // r1's release frees a place and the reboot slot: the waiting reboot goes first, being older.
  await p.release('r1');
  const next = await waitFor(
    'the second reboot',
    () => p.view(),
    (v) => v.holders.some((t) => t.requestId === 'r3')
  );
  expect(next.holders.map((t) => t.requestId)).toEqual(['a2', 'a4', 'r3']);
  expect(next.queue.map((t) => t.requestId)).toEqual(['a5']);
});

test('a holder whose run ended gives its turn back; the next request is granted', async () => {
  const p = await probe({ holderCheckSeconds: 1 });
  const dead = await p.holder('gone', 'node-5');
  await p.standIn('next', 'node-6');
  await dead.terminate('the holder died');
  expect((await p.nextHolder('gone')).hostname).toBe('node-6');
  const v = await p.view();
  expect(v.recent).toEqual([
    expect.objectContaining({ requestId: 'gone', hostname: 'node-5', outcome: 'holder-gone' }),
  ]);
});

test('a malformed request is dropped; a repeated one is queued once', async () => {
  const p = await probe({});
  const holder = await p.holder('h1', 'node-7');
  await p.handle.signal(requestRebootSignal, {
    requestId: 'bad',
    workflowId: 'w',
    runId: 'r',
    hostname: 'node-8; reboot',
    kind: 'reboot',
    reason: 'x',
  });
  await p.standIn('h2', 'node-9', holder);
  await p.standIn('h2', 'node-9', holder);
  await p.standIn('h3', 'node-10', holder);
  const v = await waitFor(
    'two requests queued',
    () => p.view(),
    (x) => x.queue.length >= 2
  );
  expect(v.queue.map((t) => t.requestId)).toEqual(['h2', 'h3']);
});

test('a long history continues as new, carrying the turns in hand', async () => {
  const p = await probe({ continueAsNewAfterEvents: 50 });
  const first = p.handle;
  const firstRunId = (await first.describe()).runId;
  const ids = Array.from({ length: 6 }, (_, i) => `t${i + 1}`);
  const requester = await p.standIn(ids[0]!, 'box-1');
  for (const [i, id] of ids.slice(1).entries()) await p.standIn(id, `box-${i + 2}`, requester);
  for (const id of ids) {
    await waitFor(
      `${id} to hold the turn`,
      () => p.view(),
      (v) => v.holder?.requestId === id
    );
    await p.release(id);
  }
  const v = await waitFor(
    'every turn done',
    () => p.view(),
    (x) => x.recent.length === ids.length
  );
  expect(v.recent.map((t) => [t.requestId, t.hostname, t.kind])).toEqual(
    ids.map((id, i) => [id, `box-${i + 1}`, 'reboot'])
  );
  expect([v.holder, v.queue]).toEqual([null, []]);
  // The first run handed its state over to the run that answered.
  const firstRun = await env.client.workflow.getHandle(first.workflowId, firstRunId).describe();
  expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
});
