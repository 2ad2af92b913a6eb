import { inspect } from 'node:util';
import {
  AlreadyExists,
  BadRequest,
  type GatewayClient,
  NotFound,
  Refused,
  toActivityFailure,
  Transient,
} from '../../activities/gateway';
import { errorFromReply, errorFromTransport } from '../../activities/gateway/error-map';
import { type Gateway } from '../../sim/gateway';
import { captureLogger, clientFor, PASSWORD, type SimClock, startSim, thrown, USER } from './gateway-client-support';

const CALL = { method: 'POST', path: '/api/types/Sds/instances' };

describe('error mapping from gateway replies', () => {
  const reply = (status: number, message: string, errorCode = 0) => ({
    status,
    body: { message, httpStatusCode: status, errorCode },
  });

  test.each([
    [reply(500, 'Protection Domain name already in use. Please try a different name.', 1030), AlreadyExists, false],
    [reply(500, 'The SDS IP already exists.', 77), AlreadyExists, false],
    [reply(500, 'The volume is already mapped to this SDC', 81), AlreadyExists, false],
    [reply(500, 'Could not find the volume', 3), NotFound, false],
    [reply(500, 'Not found', 99), NotFound, false],
    [reply(404, 'Not Found'), NotFound, false],
    [reply(400, 'name: required, a non-empty string'), BadRequest, false],
    [reply(500, 'The specified SDS is already in maintenance-mode.', 1056), Refused, false],
    [
      reply(500, 'The SDS already exists and is being removed. Please wait for the operation to finish', 9),
      Refused,
      true,
    ],
    [reply(500, 'Protection Domain has SDSs', 1032), Refused, false],
    [reply(500, 'Simulated gateway failure', 0), Transient, true],
    [reply(503, 'Service Unavailable'), Transient, true],
    [{ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }, Transient, true],
  ])('%j', (r, type, retryable) => {
    const e = errorFromReply(CALL, r, false);
    expect(e).toBeInstanceOf(type);
    expect(e.retryable).toBe(retryable);
    expect(e.httpStatus).toBe(r.status);
    expect(e.call).toEqual(CALL);
  });

  test('an HTML body yields its text, not markup; an empty message falls back to the status text', () => {
    const html = errorFromReply(CALL, { status: 502, body: '<html><h1>502 Bad Gateway</h1></html>' }, false);
    expect(html.gatewayMessage).toBe('502 Bad Gateway');
    const empty = errorFromReply(CALL, { status: 500, statusText: 'Server Error', body: { message: '' } }, false);
    expect(empty.gatewayMessage).toBe('Server Error');
  });

  test('refusal details name the MDM code when a newer gateway sends them', () => {
    const e = errorFromReply(
      CALL,
      { status: 500, body: { message: 'x', errorCode: 5, details: [{ error: 'TGT_MM_CONFILICT', rc: 5 }] } },
      false
    );
    expect(e).toMatchObject({ code: 'TGT_MM_CONFILICT', errorCode: 5, retryable: false });
  });

  test('transport failures: timeout and network are Transient, TLS is not', () => {
    expect(errorFromTransport(CALL, { code: 'ETIMEDOUT' }, 100)).toMatchObject({ name: 'Transient', code: 'TIMEOUT' });
    expect(errorFromTransport(CALL, { code: 'ECONNRESET' }, 100)).toMatchObject({ retryable: true, code: 'NETWORK' });
    expect(errorFromTransport(CALL, { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 100)).toMatchObject({
      name: 'TlsVerificationFailed',
      retryable: false,
    });
  });
});

describe('gateway client against a failing gateway', () => {
  const clock: SimClock = { now: 5_000_000 };
  let gw: Gateway;
  let client: GatewayClient;

  beforeAll(async () => {
    gw = await startSim(clock);
    gw.cluster.createMdmCluster('10.0.0.1', 'mdm1');
    client = clientFor(gw, { timeoutMs: 300 });
    await client.apiVersion();
  });
  afterAll(async () => {
    await client.close();
    await gw.close();
  });
  afterEach(() => gw.faults.clear());

  test('a 5xx burst gives retryable Transient errors, and calls work again after it', async () => {
    gw.faults.failNext(2, 503);
    for (let i = 0; i < 2; i++) {
      const e = await thrown(client.protectionDomains.list());
      expect(e).toBeInstanceOf(Transient);
      expect(e).toMatchObject({
        retryable: true,
        httpStatus: 503,
        gatewayMessage: 'Simulated gateway failure',
        call: { method: 'GET', path: '/api/types/ProtectionDomain/instances' },
      });
    }
    expect(await client.protectionDomains.list()).toEqual([]);
  });

  test('a reply slower than the timeout gives Transient TIMEOUT', async () => {
    gw.faults.delayFor(60_000, 3_000);
    const e = await thrown(client.system());
    expect(e).toBeInstanceOf(Transient);
    expect(e).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      call: { method: 'GET', path: '/api/types/System/instances' },
    });
  });

  test('an MDM refusal names the call and keeps the gateway message', async () => {
    await client.protectionDomains.create('dup');
    const e = await thrown(client.protectionDomains.create('dup'));
    expect(e).toBeInstanceOf(AlreadyExists);
    expect(e.message).toBe(
      'POST /api/types/ProtectionDomain/instances: Protection Domain name already in use. Please try a different name. (HTTP 500, errorCode 1030)'
    );
  });

  test('an unreachable gateway gives Transient NETWORK', async () => {
    const dead = await startSim(clock, { protocol: 'http' });
    await dead.close();
    const c = clientFor(dead, { ca: undefined });
    try {
      const e = await thrown(c.system());
      expect(e).toMatchObject({ name: 'Transient', code: 'NETWORK', retryable: true });
    } finally {
      await c.close();
    }
  });
});

describe('the password and token never leak', () => {
  test('not in any thrown error, its serialisations, its activity failure, or any log line', async () => {
    const clock: SimClock = { now: 9_000_000 };
    const gw = await startSim(clock);
    gw.cluster.createMdmCluster('10.0.0.1', 'mdm1');
    const tokens: string[] = [];
    const issue = gw.tokens.issue.bind(gw.tokens);
    jest.spyOn(gw.tokens, 'issue').mockImplementation((u) => {
      const t = issue(u);
      tokens.push(t);
      return t;
    });
    const { lines, logger } = captureLogger();
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));
    const good = clientFor(gw, { logger, timeoutMs: 300 });
    const wrongPassword = `${PASSWORD}-wrong`;
    const bad = clientFor(gw, { logger, password: wrongPassword });
    const untrusted = clientFor(gw, { logger, ca: undefined });
    try {
      await good.protectionDomains.ensure('pd1');
      gw.revokeAllTokens(); // a 401 and a re-login
      await good.protectionDomains.list();
      gw.faults.failNext(1, 500);
      await collect(good.protectionDomains.list());
      gw.faults.delayFor(60_000, 2_000);
      await collect(good.system());
      gw.faults.clear();
      await collect(good.protectionDomains.create('pd1'));
      await collect(bad.system());
      await collect(untrusted.system());
      jest.spyOn(gw.tokens, 'use').mockReturnValue(false);
      await collect(good.protectionDomains.list());
    } finally {
      jest.restoreAllMocks();
      await Promise.all([good.close(), bad.close(), untrusted.close()]);
      await gw.close();
    }
    expect(errors.map((e) => (e as Error).name)).toEqual([
      'Transient',
      'Transient',
      'AlreadyExists',
      'InvalidCredentials',
      'TlsVerificationFailed',
      'TokenRefused',
    ]);
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const b64 = (s: string) => Buffer.from(`${USER}:${s}`).toString('base64');
    const secrets = [PASSWORD, wrongPassword, ...tokens, b64(PASSWORD), b64(wrongPassword), ...tokens.map(b64)];
    const text = [
      ...lines,
      ...errors.flatMap((e) => [
        JSON.stringify(e),
        inspect(e, { depth: null, showHidden: true }),
        String((e as Error).stack),
        inspect(toActivityFailure(e), { depth: null, showHidden: true }),
      ]),
    ].join('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const s of secrets) expect(text).not.toContain(s);
  });
});
