import { InvalidCredentials, TokenRefused, Unsupported } from '../../activities/gateway';
import { parseApiVersion } from '../../activities/gateway/version';
import { type Gateway } from '../../sim/gateway';
import { captureLogger, clientFor, PASSWORD, type SimClock, startSim, thrown, USER } from './gateway-client-support';

describe('gateway client: login, token and re-login', () => {
  const clock: SimClock = { now: 1_000_000 };
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startSim(clock);
    gw.cluster.createMdmCluster('10.0.0.1', 'mdm1');
  });
  afterAll(() => gw.close());
  afterEach(() => {
    jest.restoreAllMocks();
    gw.faults.clear();
  });

  test('logs in once, then sends the token (not the password) as the Basic password', async () => {
    const issued: string[] = [];
    const issue = gw.tokens.issue.bind(gw.tokens);
    jest.spyOn(gw.tokens, 'issue').mockImplementation((u) => {
      const t = issue(u);
      issued.push(t);
      return t;
    });
    const used = jest.spyOn(gw.tokens, 'use');
    const client = clientFor(gw);
    try {
      expect((await client.apiVersion()).text).toBe('2.5');
      const system = await client.system();
      expect(system.id).toMatch(/^[0-9a-f]{16}$/);
      expect(client.loginCount).toBe(1);
      expect(issued).toHaveLength(1);
      // every authenticated call presented exactly the issued token
      expect(used.mock.calls.length).toBeGreaterThanOrEqual(2);
      for (const [token] of used.mock.calls) expect(token).toBe(issued[0]);
    } finally {
      await client.close();
    }
  });

  test('an idle-expired token is replaced by one transparent re-login', async () => {
    const client = clientFor(gw);
    try {
      await client.protectionDomains.list();
      clock.now += 59_000;
      await client.protectionDomains.list(); // still alive: use resets the idle timer
      expect(client.loginCount).toBe(1);
      clock.now += 61_000;
      expect(await client.protectionDomains.list()).toEqual([]);
      expect(client.loginCount).toBe(2);
    } finally {
      await client.close();
    }
  });

  test('tokens revoked mid-sequence (gateway restart) are survived, one login per revocation', async () => {
    const client = clientFor(gw);
    try {
      await client.protectionDomains.list();
      gw.revokeAllTokens();
      const { id } = await client.protectionDomains.ensure('pd-revoked');
      gw.faults.expireTokens();
      expect((await client.protectionDomains.findByName('pd-revoked'))?.id).toBe(id);
      expect(client.loginCount).toBe(3);
    } finally {
      await client.close();
    }
  });

  test('concurrent callers hit by one expiry share a single re-login', async () => {
    const client = clientFor(gw);
    try {
      await client.system();
      gw.revokeAllTokens();
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => client.protectionDomains.list()));
      expect(results).toHaveLength(5);
      expect(client.loginCount).toBe(2);
    } finally {
      await client.close();
    }
  });

  test('wrong password: InvalidCredentials, not retried', async () => {
    const logins = jest.spyOn(gw.cluster, 'login');
    const client = clientFor(gw, { password: 'not-the-password' });
    try {
      const e = await thrown(client.system());
      expect(e).toBeInstanceOf(InvalidCredentials);
      expect(e).toMatchObject({
        name: 'InvalidCredentials',
        retryable: false,
        httpStatus: 401,
        call: { method: 'GET', path: '/api/login' },
        gatewayMessage: 'Unauthorized',
      });
      expect(logins).toHaveBeenCalledTimes(1);
      expect(client.loginCount).toBe(0);
    } finally {
      await client.close();
    }
  });

  test('a fresh token refused again: one re-login only, then TokenRefused for the retry policy', async () => {
    const client = clientFor(gw);
    try {
      await client.apiVersion();
      jest.spyOn(gw.tokens, 'use').mockReturnValue(false);
      const e = await thrown(client.protectionDomains.list());
      expect(e).toBeInstanceOf(TokenRefused);
      expect(e).toMatchObject({ retryable: true, httpStatus: 401 });
      expect(client.loginCount).toBe(2);
    } finally {
      await client.close();
    }
  });

  test('an explicit apiVersion is sent as the media-type version suffix', async () => {
    const client = clientFor(gw, { apiVersion: '2.0' });
    try {
      expect((await client.protectionDomains.ensure('pd-versioned')).created).toBe(true);
      expect((await client.protectionDomains.findByName('pd-versioned'))?.name).toBe('pd-versioned');
    } finally {
      await client.close();
    }
  });

  test('logs the login without the password', async () => {
    const { lines, logger } = captureLogger();
    const client = clientFor(gw, { logger });
    try {
      await client.system();
    } finally {
      await client.close();
    }
    expect(lines.some((l) => l.includes('logged in to the gateway'))).toBe(true);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(lines.join('\n')).toContain(USER);
  });
});

describe('gateway client: API version', () => {
  const clock: SimClock = { now: 0 };

  test.each([
    ['"2.5"', 2, 5],
    ['2.5', 2, 5],
    [' "3.6.700.103"\n', 3, 6],
    ['2.10', 2, 10],
  ])('parses %j', (body, major, minor) => {
    expect(parseApiVersion(body)).toMatchObject({ major, minor });
  });

  test('rejects nonsense', () => {
    expect(parseApiVersion('"<html>"')).toBeUndefined();
  });

  test('a 4.x gateway is refused with a clear Unsupported error before any other call', async () => {
    const gw = await startSim(clock, { protocol: 'http', apiVersion: '4.5' });
    const client = clientFor(gw, { ca: undefined });
    try {
      const e = await thrown(client.protectionDomains.list());
      expect(e).toBeInstanceOf(Unsupported);
      expect(e.message).toMatch(/4\.5.*not supported/);
      expect(e).toMatchObject({ retryable: false, code: 'API_VERSION' });
    } finally {
      await client.close();
      await gw.close();
    }
  });

  test('versions compare as numbers: 3.10 is below 4.0', async () => {
    const gw = await startSim(clock, { protocol: 'http', apiVersion: '3.10' });
    const client = clientFor(gw, { ca: undefined });
    try {
      expect(await client.apiVersion()).toMatchObject({ major: 3, minor: 10 });
    } finally {
      await client.close();
      await gw.close();
    }
  });
});
