// The reboot coordinator's choices without a server: whose turn is next (control-plane hosts last), which
// requests are already known, what a malformed request names, and which host a poller identity names.
import { hostOfIdentity } from '../../activities/cluster/reboot-calls';
import type { RebootRecord, RebootTurn } from '../../common/reboots';
import {
  controlPlaneList,
  coordinatorInputProblems,
  isControlPlane,
  knownRequest,
  nextTurn,
  releaseProblems,
  requestProblems,
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

describe('nextTurn', () => {
  test('the oldest request of a node that hosts none of our processes goes first', () => {
    const queue = [turn('node-2'), turn('node-5'), turn('node-3')];
    expect(nextTurn(queue, ['node-2'])).toEqual({ turn: queue[1], waitForPeers: false });
  });

  test('with only control-plane hosts waiting, the oldest of them, after peers had time to ask', () => {
    const queue = [turn('node-2'), turn('node-1')];
    expect(nextTurn(queue, ['node-1', 'node-2'])).toEqual({ turn: queue[0], waitForPeers: true });
  });

  test('without control-plane hosts it is first come, first served; an empty queue grants nothing', () => {
    const queue = [turn('node-7'), turn('node-2')];
    expect(nextTurn(queue, []).turn?.hostname).toBe('node-7');
    expect(nextTurn([], ['node-1'])).toEqual({ turn: undefined, waitForPeers: false });
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
  const held = turn('node-1', 'a');
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
