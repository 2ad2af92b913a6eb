// Placement from agent attributes, with the old framework's syntax: persona pins, imperative SDS layouts,
// client-only SDC nodes; and what is refused.
import type { AgentInfo } from '../../common/agents';
import { nodeLayout, personaOf } from '../../common/placement';
import { pickMdmNodes } from '../../common/selection';
import { validateClusterSpec } from '../../common/spec';

const defaults = { protectionDomain: 'pd1', storagePool: 'sp1' };

test('no attributes: the spec PD/SP, auto-discovered devices', () => {
  expect(nodeLayout({ rack: 'r1' }, defaults)).toEqual({
    imperative: false,
    sds: { protectionDomain: 'pd1', pools: [{ storagePool: 'sp1', devices: [] }] },
    volumes: { protectionDomain: 'pd1', storagePool: 'sp1' },
    problems: [],
  });
});

test('an imperative SDS layout: its domain, pools and declared devices; REX-Ray uses the first pool', () => {
  const l = nodeLayout(
    {
      'scaleio-sds-domains': 'pd2',
      'scaleio-sds-pd2': 'fast,slow',
      'scaleio-sds-fast': '/dev/xvdf',
      'scaleio-sds-slow': '{/dev/xvdg,/dev/xvdh}',
    },
    defaults
  );
  expect(l.imperative).toBe(true);
  expect(l.sds).toEqual({
    protectionDomain: 'pd2',
    pools: [
      { storagePool: 'fast', devices: ['/dev/xvdf'] },
      { storagePool: 'slow', devices: ['/dev/xvdg', '/dev/xvdh'] },
    ],
  });
  expect(l.volumes).toEqual({ protectionDomain: 'pd2', storagePool: 'fast' });
  expect(l.problems).toEqual([]);
});

test('SDC attributes choose the REX-Ray pool and create no SDS (the old defect filed them as SDS ones)', () => {
  const l = nodeLayout({ 'scaleio-sdc-domains': 'pd3', 'scaleio-sdc-pd3': 'gold' }, defaults);
  expect(l.sds).toBeUndefined();
  expect(l.volumes).toEqual({ protectionDomain: 'pd3', storagePool: 'gold' });
});

test('refused: two SDS domains, undeclared devices, hostile values', () => {
  const two = nodeLayout(
    { 'scaleio-sds-domains': 'a,b', 'scaleio-sds-a': 'sp', 'scaleio-sds-sp': '/dev/sdb' },
    defaults
  );
  expect(two.problems.map((p) => p.field)).toEqual(['attributes.scaleio-sds-domains']);
  const none = nodeLayout({ 'scaleio-sds-domains': 'pd1', 'scaleio-sds-pd1': 'sp1' }, defaults);
  expect(none.problems[0]?.problem).toMatch(/must declare its devices/);
  const evil = nodeLayout(
    { 'scaleio-sds-domains': 'pd1', 'scaleio-sds-pd1': 'sp1', 'scaleio-sds-sp1': '/dev/sdb;reboot,/tmp/x' },
    defaults
  );
  expect(evil.problems.map((p) => p.problem)).toEqual([
    '"/dev/sdb;reboot" is not a device path under /dev',
    '"/tmp/x" is not a device path under /dev',
  ]);
});

function agent(hostname: string, attributes: Record<string, string>): AgentInfo {
  return { hostname, agentId: `id-${hostname}`, attributes, resources: { cpus: 4, memMb: 8192, diskMb: 1000 } };
}

test('scaleio-persona pins MDM roles; the rest spread over racks', () => {
  const r = validateClusterSpec({ name: 'c', passwordRef: 'env:P', packages: { repository: 'http://x/p' } });
  if (!r.ok) throw new Error('spec');
  const agents = [
    agent('a', { rack: 'r1' }),
    agent('b', { rack: 'r1' }),
    agent('c', { rack: 'r2' }),
    agent('z', { rack: 'r3', 'scaleio-persona': 'primary' }),
  ];
  expect(personaOf(agents[3]!.attributes)).toBe('primary');
  const pick = pickMdmNodes(r.spec, agents);
  expect(pick).toEqual({
    ok: true,
    nodes: [
      { hostname: 'z', role: 'primary' },
      { hostname: 'a', role: 'secondary' },
      { hostname: 'c', role: 'tiebreaker' },
    ],
  });
});
