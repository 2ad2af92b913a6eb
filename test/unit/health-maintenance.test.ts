// When a node may go into maintenance (judged from one health reading), and which procedures it keeps out.
import type { HealthReading, SdsHealth } from '../../common/health';
import { conflictOf, type ProcedureClaim } from '../../common/procedures';
import { judgeMaintenance, REDUNDANCY_WOULD_BREAK } from '../../workflows/lib/health-maintenance';

const sds = (n: number, over: Partial<SdsHealth> = {}): SdsHealth => ({
  id: `s${n}`,
  name: `sds_10.0.0.${n}`,
  protectionDomainId: 'pd',
  ips: [`10.0.0.${n}`],
  connection: 'Connected',
  maintenance: 'NoMaintenance',
  state: 'Normal',
  membership: 'Joined',
  ...over,
});

function healthy(): HealthReading {
  return {
    pools: [
      {
        id: 'p',
        name: 'pd1/sp1',
        maxKb: 100,
        inUseKb: 10,
        spareKb: 0,
        degradedKb: 0,
        failedKb: 0,
        rebuildKb: 0,
        rebalanceKb: 0,
        inMaintenanceKb: 0,
      },
    ],
    sds: [sds(1), sds(2), sds(3), sds(4)],
    mdm: {
      clusterState: 'ClusteredNormal',
      clusterMode: 'ThreeNodes',
      goodNodes: 3,
      members: [
        { name: 'mdm1', role: 'master', ips: ['10.0.0.1'], status: 'Normal' },
        { name: 'mdm2', role: 'slave', ips: ['10.0.0.2'], status: 'Normal' },
        { name: 'tb1', role: 'tiebreaker', ips: ['10.0.0.3'], status: 'Normal' },
      ],
    },
    performance: { iops: 0, bandwidthKbPerSec: 0, latencyUs: null },
  };
}

const changed = (f: (r: HealthReading) => void): HealthReading => {
  const r = healthy();
  f(r);
  return r;
};

test('a healthy cluster lets a data node go, and says what it checked', () => {
  const v = judgeMaintenance('node-4', '10.0.0.4', healthy());
  expect(v).toEqual({ ok: expect.objectContaining({ adopted: false, sds: expect.objectContaining({ id: 's4' }) }) });
  expect('ok' in v && v.ok.detail).toContain('3 other healthy SDSs');
});

test('an MDM node may go while the MDM cluster is whole; the detail says so', () => {
  const v = judgeMaintenance('node-2', '10.0.0.2', healthy());
  expect('ok' in v && v.ok.detail).toContain('also MDM mdm2 (slave)');
});

test('an SDS in maintenance already is taken over, not refused', () => {
  const r = changed((x) => (x.sds[3] = sds(4, { maintenance: 'InMaintenance' })));
  expect(judgeMaintenance('node-4', '10.0.0.4', r)).toEqual({ ok: expect.objectContaining({ adopted: true }) });
});

test.each<[string, (r: HealthReading) => void, string, string]>([
  ['no SDS at that IP', (r) => (r.sds = r.sds.slice(0, 3)), 'NodeNotFound', 'has no SDS in the cluster'],
  ['its SDS is being removed', (r) => (r.sds[3] = sds(4, { state: 'RemovePending' })), 'NodeNotFound', 'being removed'],
  [
    'another SDS is in maintenance',
    (r) => (r.sds[1] = sds(2, { maintenance: 'InMaintenance' })),
    REDUNDANCY_WOULD_BREAK,
    'SDS sds_10.0.0.2 is in maintenance (InMaintenance)',
  ],
  [
    'another SDS is disconnected',
    (r) => (r.sds[0] = sds(1, { connection: 'Disconnected' })),
    REDUNDANCY_WOULD_BREAK,
    'SDS sds_10.0.0.1 is Disconnected',
  ],
  [
    'its own SDS is disconnected',
    (r) => (r.sds[3] = sds(4, { connection: 'Disconnected' })),
    REDUNDANCY_WOULD_BREAK,
    'its SDS sds_10.0.0.4 is Disconnected',
  ],
  [
    'degraded capacity',
    (r) => Object.assign(r.pools[0]!, { degradedKb: 2 * 1048576, rebuildKb: 2 * 1048576 }),
    REDUNDANCY_WOULD_BREAK,
    'storage pool pd1/sp1 has 2.0 GB with a single copy',
  ],
  ['failed capacity', (r) => (r.pools[0]!.failedKb = 1048576), REDUNDANCY_WOULD_BREAK, '1.0 GB with no copy left'],
  ['a rebuild running', (r) => (r.pools[0]!.rebuildKb = 1048576), REDUNDANCY_WOULD_BREAK, 'is rebuilding 1.0 GB'],
  [
    'too few other SDSs',
    (r) => (r.sds = [sds(3), sds(4)]),
    REDUNDANCY_WOULD_BREAK,
    'at least 2 other healthy SDSs are needed in its protection domain, there is 1',
  ],
  [
    'peers of another protection domain do not count',
    (r) => (r.sds = [sds(1, { protectionDomainId: 'pd2' }), sds(2, { protectionDomainId: 'pd2' }), sds(3), sds(4)]),
    REDUNDANCY_WOULD_BREAK,
    'there is 1',
  ],
  [
    'an MDM node while the MDM cluster is degraded',
    (r) => Object.assign(r.mdm!, { clusterState: 'ClusteredTiebreakerDown' }),
    'QuorumWouldBreak',
    'node-1 is also MDM mdm1 (master) and the MDM cluster is ClusteredTiebreakerDown',
  ],
])('refused: %s', (_name, change, type, text) => {
  const host = type === 'QuorumWouldBreak' ? 'node-1' : 'node-4';
  const v = judgeMaintenance(host, host === 'node-1' ? '10.0.0.1' : '10.0.0.4', changed(change));
  expect(v).toEqual({ refused: { type, message: expect.stringContaining(text) } });
});

test('every reason is named at once', () => {
  const r = changed((x) => {
    x.sds[1] = sds(2, { maintenance: 'InMaintenance' });
    x.pools[0]!.failedKb = 1;
  });
  const v = judgeMaintenance('node-4', '10.0.0.4', r);
  expect('refused' in v && v.refused.message).toMatch(/in maintenance .*; storage pool .* no copy left/);
});

describe('maintenance in the procedure registry', () => {
  const claim = (procedure: ProcedureClaim['procedure'], hostname?: string): ProcedureClaim => ({
    procedure,
    ...(hostname ? { hostname } : {}),
    workflowId: `${procedure}-${hostname ?? 'all'}`,
  });
  test.each<[ProcedureClaim, ProcedureClaim, string | undefined]>([
    [claim('maintenance', 'n1'), claim('upgrade'), 'no maintenance during an upgrade'],
    [claim('upgrade'), claim('maintenance', 'n1'), 'no maintenance during an upgrade'],
    [claim('maintenance', 'n1'), claim('decommission', 'n2'), 'or a decommission'],
    [claim('decommission', 'n2'), claim('maintenance', 'n1'), 'or a decommission'],
    [claim('maintenance', 'n1'), claim('maintenance', 'n2'), 'one node in maintenance at a time'],
    [claim('maintenance', 'n1'), claim('onboard', 'n2'), undefined],
    [claim('add-device', 'n2'), claim('maintenance', 'n1'), undefined],
  ])('%o while %o runs', (c, running, why) => {
    const out = conflictOf(c, running);
    if (why === undefined) expect(out).toBeUndefined();
    else expect(out).toContain(why);
  });
  test('the same workflow never conflicts with itself', () => {
    expect(conflictOf(claim('maintenance', 'n1'), claim('maintenance', 'n1'))).toBeUndefined();
  });
});
