// The reboot coordinator's choices without a server: whose turns are next (never two reboots at once, agent
// restarts side by side, control-plane hosts alone and last), which requests are already known, what a malformed
// request names, and which host a poller identity names.
import { hostOfIdentity } from '../../activities/cluster/reboot-calls';
import type { RebootRecord, RebootTurn } from '../../common/reboots';
import {
  controlPlaneList,
  coordinatorInputProblems,
  isControlPlane,
  knownRequest,
  releaseProblems,
  requestProblems,
  turnsToGrant,
} from '../../workflows/lib/reboot-queue';

function turn(hostname: string, requestId = `r-${hostname}`): RebootTurn {
  return {
    requestId,
    workflowId: `scaleio/c/node/${hostname}/onboard`,
    runId: 'run-1',
    hostname,
    kind: 'reboot',
    reason: 'new kernel',
    requestedAt: '2024-01-01T00:00:00.000Z',
  };
}

describe('turnsToGrant', () => {
  const restart = (hostname: string): RebootTurn => ({ ...turn(hostname), kind: 'restart-agent' });
  const names = (r: { turns: RebootTurn[] }) => r.turns.map((t) => t.hostname);

  test('one at a time: the oldest request of a node that hosts none of our processes goes first', () => {
    const queue = [turn('node-2'), turn('node-5'), turn('node-3')];
    expect(turnsToGrant(queue, [], ['node-2'], 1)).toEqual({ turns: [queue[1]], waitForPeers: false });
    expect(names(turnsToGrant(queue, [turn('node-9')], ['node-2'], 1))).toEqual([]);
  });

  test('with only control-plane hosts waiting, the oldest of them alone, after peers had time to ask', () => {
    const queue = [turn('node-2'), turn('node-1')];
    expect(turnsToGrant(queue, [], ['node-1', 'node-2'], 8)).toEqual({ turns: [queue[0]], waitForPeers: true });
    // Not beside any other turn, nor while a peer still waits for one.
    expect(names(turnsToGrant(queue, [restart('node-7')], ['node-1', 'node-2'], 8))).toEqual([]);
    expect(turnsToGrant([...queue, turn('node-8')], [turn('node-7')], ['node-1', 'node-2'], 8)).toEqual({
      turns: [],
      waitForPeers: false,
    });
    // A control-plane host's turn in hand: nothing else goes down meanwhile.
    expect(names(turnsToGrant([restart('node-5')], [restart('node-2')], ['node-2'], 8))).toEqual([]);
  });

  test('agent restarts go side by side up to the limit; never two reboots, never two turns on one node', () => {
    const queue = [turn('node-1'), restart('node-2'), turn('node-3'), restart('node-1'), restart('node-4')];
    expect(names(turnsToGrant(queue, [], [], 8))).toEqual(['node-1', 'node-2', 'node-4']);
    expect(names(turnsToGrant(queue, [], [], 2))).toEqual(['node-1', 'node-2']);
    // A reboot held: restarts still go, the next reboot waits.
    expect(names(turnsToGrant(queue.slice(1), [turn('node-9')], [], 8))).toEqual(['node-2', 'node-1', 'node-4']);
    expect(names(turnsToGrant(queue.slice(1), [turn('node-9')], [], 3))).toEqual(['node-2', 'node-1']);
  });

  test('an empty queue grants nothing', () => {
    expect(turnsToGrant([], [], ['node-1'], 8)).toEqual({ turns: [], waitForPeers: false });
  });
});

test('control-plane hosts match by short name and case, not by prefix', () => {
  expect(isControlPlane('node-2', ['NODE-2.example.com'])).toBe(true);
  expect(isControlPlane('node-2.dc1', ['node-2'])).toBe(true);
  expect(isControlPlane('node-20', ['node-2'])).toBe(false);
  expect(controlPlaneList({ configured: ['Node-2'], fromPollers: ['node-2', 'box-9'] })).toEqual(['box-9', 'node-2']);
});

test('poller identities name a host only in the pid@hostname form', () => {
  expect(hostOfIdentity('4242@agent-7.example.com')).toBe('agent-7.example.com');
  expect(hostOfIdentity('17@Node-3@')).toBe('node-3');
  expect(hostOfIdentity('my-worker')).toBeUndefined();
  expect(hostOfIdentity('12@bad host')).toBeUndefined();
  expect(hostOfIdentity(undefined)).toBeUndefined();
});

test('a request already held, queued or finished is known, so a retried request is not queued twice', () => {
  const held = [turn('node-1', 'a')];
  const recent: RebootRecord[] = [{ ...turn('node-4', 'c'), grantedAt: 'x', releasedAt: 'y', outcome: 'done' }];
  expect(knownRequest('a', held, [turn('node-2', 'b')], recent)).toBe('holder');
  expect(knownRequest('b', held, [turn('node-2', 'b')], recent)).toBe('queued');
  expect(knownRequest('c', held, [], recent)).toBe('finished');
  expect(knownRequest('d', held, [], recent)).toBeUndefined();
});

test('malformed signals and inputs name each bad field', () => {
  const fields = (ps: { field: string }[]) => ps.map((p) => p.field).sort();
  const request = (hostname: string) => {
    const { requestedAt: _, ...r } = turn(hostname);
    return r;
  };
  expect(fields(requestProblems({ ...request('node-1; reboot'), kind: 'halt' }))).toEqual(['hostname', 'kind']);
  expect(fields(requestProblems({ requestId: 'x' }))).toEqual(['hostname', 'kind', 'reason', 'runId', 'workflowId']);
  expect(requestProblems('reboot')).toEqual([{ field: 'request', problem: 'must be a JSON object, got "reboot"' }]);
  expect(fields(releaseProblems({ requestId: 'x', outcome: 'maybe', extra: 1 }))).toEqual(['extra', 'outcome']);
  expect(requestProblems(request('node-1'))).toEqual([]);
  expect(fields(coordinatorInputProblems({ cluster: 'Bad Name', settleSeconds: -1, holderCheckSeconds: 'x' }))).toEqual(
    ['cluster', 'holderCheckSeconds', 'settleSeconds']
  );
  expect(coordinatorInputProblems({ cluster: 'c1', idleMinutes: 5 })).toEqual([]);
});
