// Several gateway endpoints (one per MDM node) in front of one simulated cluster, over real HTTPS on loopback:
// the client fails over only when a call surely was not processed, never replays one that may have been, and
// survives an MDM ownership change (every gateway session dropped) with one re-login.
import { GatewayClient, type GatewayClientOptions, Transient } from '../../activities/gateway';
import { loadConfig } from '../../common/config';
import { InputError } from '../../common/errors';
import { type Gateway, startGateways } from '../../sim/gateway';
import { startWorld } from '../../sim/world';
import { applyFault, FaultError, type FaultTarget } from '../../sim/world/faults';
import { captureLogger, PASSWORD, type SimClock, thrown, USER } from './gateway-client-support';

const clock: SimClock = { now: 2_000_000 };
let gws: Gateway[];

beforeAll(async () => {
  gws = await startGateways(3, {
    protocol: 'https',
    tickIntervalMs: 0,
    idleTimeoutMs: 60_000,
    now: () => clock.now,
    clusterOptions: { seed: 11, password: PASSWORD, maintenanceTransitionMs: 0 },
  });
  const c = gws[0]!.cluster;
  c.createMdmCluster('10.0.0.1', 'mdm1');
  c.addStandbyMdm('10.0.0.2', 'Manager', 'mdm2');
  c.addStandbyMdm('10.0.0.3', 'TieBreaker', 'tb1');
  c.switchClusterMode('ThreeNodes', ['mdm2'], ['tb1']);
});
afterAll(() => Promise.all(gws.map((g) => g.close())));
afterEach(async () => {
  for (const g of gws) {
    g.faults.clear();
    await g.up();
  }
});

const urls = () => gws.map((g) => g.url);
const requests = () => gws.map((g) => g.requests);
const logins = (c: GatewayClient) => c.endpoints.map((e) => e.logins);

function client(extra: Partial<GatewayClientOptions> = {}): GatewayClient {
  return new GatewayClient({ url: urls().join(','), user: USER, password: PASSWORD, ca: gws[0]!.ca, ...extra });
}

function pdsNamed(name: string): number {
  return Object.values(gws[0]!.cluster.ctx.state.protectionDomains).filter((pd) => pd.name === name).length;
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('the endpoints share one cluster and one CA, but each has its own port and tokens', async () => {
  expect(new Set(urls()).size).toBe(3);
  expect(new Set(gws.map((g) => g.cluster)).size).toBe(1);
  expect(new Set(gws.map((g) => g.ca)).size).toBe(1);
  const token = gws[0]!.tokens.issue(USER);
  expect(gws[0]!.tokens.use(token)).toBe(true);
  expect(gws[1]!.tokens.use(token)).toBe(false);
});

test('first endpoint down (connection refused): the call succeeds on the second, one login there', async () => {
  await gws[0]!.down();
  const { lines, logger } = captureLogger();
  const c = client({ logger });
  try {
    const before = requests();
    expect(await c.protectionDomains.list()).toEqual([]);
    expect(c.currentEndpoint).toBe(gws[1]!.url);
    expect(logins(c)).toEqual([0, 1, 0]);
    expect(c.loginCount).toBe(1);
    await c.protectionDomains.list(); // sticks to the endpoint that worked
    const after = requests();
    expect(after[0]).toBe(before[0]);
    expect(after[1]! - before[1]!).toBe(4); // login, version, two lists
    expect(after[2]).toBe(before[2]);
    const sw = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'switching gateway endpoint');
    expect(sw).toMatchObject({ from: gws[0]!.url, to: gws[1]!.url, replayed: true });
    expect(String(sw?.reason)).toContain('ECONNREFUSED');
    expect(lines.join('\n')).not.toContain(PASSWORD);
  } finally {
    await c.close();
  }
});

test('a 503 burst on the current endpoint moves the call to the next; a 500 (an MDM answer) does not', async () => {
  const c = client();
  try {
    await c.system();
    expect(c.currentEndpoint).toBe(gws[0]!.url);
    gws[0]!.faults.failNext(1, 500);
    const e = await thrown(c.protectionDomains.list());
    expect(e).toMatchObject({ name: 'Transient', httpStatus: 500 });
    expect(c.currentEndpoint).toBe(gws[0]!.url);

    gws[0]!.faults.failNext(5, 503);
    expect(await c.protectionDomains.list()).toEqual([]);
    expect(c.currentEndpoint).toBe(gws[1]!.url);
    expect(logins(c)).toEqual([1, 1, 0]);
  } finally {
    await c.close();
  }
});

test('every endpoint failing: the last typed error, retryable, naming its cause', async () => {
  const c = client();
  try {
    await gws[0]!.down();
    await gws[1]!.down();
    gws[2]!.faults.failNext(1, 504);
    const e = await thrown(c.system());
    expect(e).toBeInstanceOf(Transient);
    expect(e).toMatchObject({ retryable: true, httpStatus: 504, call: { method: 'GET', path: '/api/login' } });

    await gws[2]!.down();
    const all = await thrown(c.system());
    expect(all).toBeInstanceOf(Transient);
    expect(all).toMatchObject({ retryable: true, code: 'NETWORK' });
    expect(all.message).toContain('ECONNREFUSED');
    expect(c.loginCount).toBe(0);
  } finally {
    await c.close();
  }
});

test('a POST that timed out after sending is not replayed elsewhere; the next call starts at the next endpoint', async () => {
  const c = client({ timeoutMs: 400 });
  try {
    await c.protectionDomains.list();
    expect(c.currentEndpoint).toBe(gws[0]!.url);
    gws[0]!.faults.delayFor(60_000, 1_500);
    const before = requests();
    const e = await thrown(c.protectionDomains.create('pd-timeout'));
    expect(e).toMatchObject({ name: 'Transient', code: 'TIMEOUT', call: { method: 'POST' } });
    const after = requests();
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 0, 0]);
    expect(c.currentEndpoint).toBe(gws[1]!.url);
    // The first gateway applies it once its delay is over: the POST was processed, exactly once.
    await until('the delayed create', () => pdsNamed('pd-timeout') === 1);
    gws[0]!.faults.clear();

    const names = (await c.protectionDomains.list()).map((pd) => pd.name);
    expect(names.filter((n) => n === 'pd-timeout')).toHaveLength(1);
    expect(requests()[1]! - after[1]!).toBe(3); // login, version, list: on the second endpoint
    expect(await c.protectionDomains.ensure('pd-timeout')).toMatchObject({ created: false });
    expect(pdsNamed('pd-timeout')).toBe(1);
  } finally {
    await c.close();
  }
});

test('an MDM ownership change drops every gateway session: one re-login, then the call succeeds', async () => {
  const c = client();
  try {
    const cluster = await c.mdmCluster();
    const slave = cluster.slaves?.[0]?.id ?? '';
    expect(slave).toMatch(/^[0-9a-f]{16}$/);
    const elsewhere = gws[2]!.tokens.issue(USER);
    expect(c.loginCount).toBe(1);

    await c.mdm.changeOwnership(slave);
    expect(gws[2]!.tokens.use(elsewhere)).toBe(false);
    expect((await c.mdmCluster()).master?.id).toBe(slave);
    expect(c.loginCount).toBe(2);
    expect(logins(c)).toEqual([2, 0, 0]); // a 401 is answered by re-login, not by a switch
    expect(c.currentEndpoint).toBe(gws[0]!.url);
  } finally {
    await c.close();
  }
});

test('a restarted endpoint (refused, then 401 on the old token) is survived with one re-login', async () => {
  const c = new GatewayClient({ url: gws[1]!.url, user: USER, password: PASSWORD, ca: gws[1]!.ca });
  try {
    await c.system();
    await gws[1]!.down();
    const e = await thrown(c.system());
    expect(e).toMatchObject({ name: 'Transient', code: 'NETWORK' });
    await gws[1]!.up();
    expect((await c.system()).id).toMatch(/^[0-9a-f]{16}$/);
    expect(c.loginCount).toBe(2);
  } finally {
    await c.close();
  }
});

test('the fault table drives endpoints by index and names a missing one', async () => {
  const target = { gateway: gws[0]!, gateways: gws } as unknown as FaultTarget;
  await applyFault(target, 'gateway-down', { endpoint: 2 });
  expect(gws.map((g) => g.isUp)).toEqual([true, true, false]);
  await expect(fetch(`${gws[2]!.url}/api/version`)).rejects.toThrow();
  await applyFault(target, 'gateway-up', { endpoint: 2 });
  expect(gws[2]!.isUp).toBe(true);
  await applyFault(target, 'gateway-fail', { endpoint: 1, count: 2, status: 503 });
  const c = client({ url: gws[1]!.url });
  try {
    expect(await thrown(c.system())).toMatchObject({ httpStatus: 503 });
    const bad = await applyFault(target, 'gateway-down', { endpoint: 3 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(FaultError);
    expect((bad as FaultError).problems).toEqual([
      { field: 'endpoint', problem: 'no endpoint 3: this world has 3 (0-2)' },
    ]);
  } finally {
    await c.close();
  }
});

test('a world with several gateway endpoints: every URL listed, faults by endpoint, a client fails over', async () => {
  const world = await startWorld({ agents: 1, gatewayEndpoints: 2, gatewayProtocol: 'http' });
  try {
    expect(world.gatewayUrls).toHaveLength(2);
    expect(world.gatewayUrls[0]).toBe(world.gatewayUrl);
    expect(world.gateways.map((g) => g.url)).toEqual(world.gatewayUrls);
    await world.fault('gateway-down', { endpoint: 0 });
    const c = new GatewayClient({ url: world.gatewayUrls.join(','), user: USER, password: 'admin' });
    try {
      expect(await c.apiVersion()).toMatchObject({ major: 2 });
      expect(c.currentEndpoint).toBe(world.gatewayUrls[1]);
    } finally {
      await c.close();
    }
  } finally {
    await world.close();
  }
});

describe('bad URL lists', () => {
  function problems(o: Partial<GatewayClientOptions>): { field: string; problem: string }[] {
    try {
      new GatewayClient({ user: USER, password: PASSWORD, ...o });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).problems.map((p) => ({ ...p }));
    }
    throw new Error('expected an InputError');
  }

  test('each entry is named by its position: not a URL, duplicate, mixed schemes, empty', () => {
    expect(problems({ url: 'https://a:1, not a url ,https://a:1/api,http://b:2,' })).toEqual([
      { field: 'url[1]', problem: 'must be an http(s) URL, got "not a url"' },
      { field: 'url[2]', problem: 'repeats url[0] (https://a:1)' },
      {
        field: 'url[3]',
        problem: 'must use https:// like url[0] (one TLS setting for every gateway), got "http://b:2"',
      },
      { field: 'url[4]', problem: 'is empty (a stray comma?)' },
    ]);
    expect(problems({ urls: ['https://gw1', 'ftp://gw2'] })).toEqual([
      { field: 'urls[1]', problem: 'must be an http(s) URL, got "ftp://gw2"' },
    ]);
    expect(problems({ url: 'https://gw1', urls: ['https://gw2'] })).toEqual([
      { field: 'urls', problem: 'give url or urls, not both' },
    ]);
    expect(problems({}).map((p) => p.field)).toEqual(['url']);
  });

  test('a good list: every endpoint listed in order, the first current', async () => {
    const c = new GatewayClient({ urls: ['https://gw1:8443/api', 'https://gw2:8443'], user: USER, password: PASSWORD });
    expect(c.endpoints).toEqual([
      { url: 'https://gw1:8443', logins: 0, current: true },
      { url: 'https://gw2:8443', logins: 0, current: false },
    ]);
    expect(c.currentEndpoint).toBe('https://gw1:8443');
    await c.close();
  });

  test('configuration: SCALEIO_GATEWAY_URL takes a list, and a bad entry is named with its position', () => {
    expect(loadConfig({ SCALEIO_GATEWAY_URL: 'https://gw1:443/, https://gw2:443' }).gateway.url).toBe(
      'https://gw1:443,https://gw2:443'
    );
    const fail = (v: string) => {
      try {
        loadConfig({ SCALEIO_GATEWAY_URL: v });
      } catch (e) {
        return (e as InputError).problems;
      }
      throw new Error('expected loadConfig to fail');
    };
    expect(fail('https://gw1,ftp://gw2')).toEqual([
      { field: 'SCALEIO_GATEWAY_URL', problem: 'SCALEIO_GATEWAY_URL[1] must be an http(s) URL, got "ftp://gw2"' },
    ]);
    expect(fail('https://gw1,https://gw1/')[0]?.problem).toBe(
      'SCALEIO_GATEWAY_URL[1] repeats SCALEIO_GATEWAY_URL[0] (https://gw1)'
    );
    // The loader applies the client's own rule: /api is the same gateway, and credentials never get that far.
    expect(fail('https://gw1:8443,https://gw1:8443/api')[0]?.problem).toBe(
      'SCALEIO_GATEWAY_URL[1] repeats SCALEIO_GATEWAY_URL[0] (https://gw1:8443)'
    );
    expect(fail('https://gw1,http://gw2')[0]?.problem).toContain('SCALEIO_GATEWAY_URL[1] must use https://');
    expect(fail('https://gw1,https://admin:x@gw2')).toEqual([
      { field: 'SCALEIO_GATEWAY_URL', problem: 'SCALEIO_GATEWAY_URL[1] must not carry credentials' },
    ]);
    expect(fail('not a url')).toEqual([
      { field: 'SCALEIO_GATEWAY_URL', problem: 'SCALEIO_GATEWAY_URL must be an http(s) URL, got "not a url"' },
    ]);
  });
});
