import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayClient, TlsVerificationFailed } from '../../activities/gateway';
import { InputError } from '../../common/errors';
import { type Gateway } from '../../sim/gateway';
import { clientFor, PASSWORD, type SimClock, startSim, thrown, USER } from './gateway-client-support';

describe('gateway client TLS', () => {
  const clock: SimClock = { now: 0 };
  let gw: Gateway;
  let dir: string;

  beforeAll(async () => {
    gw = await startSim(clock);
    gw.cluster.createMdmCluster('10.0.0.1', 'mdm1');
    dir = mkdtempSync(join(tmpdir(), 'gw-client-tls-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await gw.close();
  });

  async function systemId(client: GatewayClient): Promise<string> {
    try {
      return (await client.system()).id;
    } finally {
      await client.close();
    }
  }

  test('an untrusted (self-signed) certificate is rejected by default, and not retried', async () => {
    const client = clientFor(gw, { ca: undefined });
    try {
      const e = await thrown(client.system());
      expect(e).toBeInstanceOf(TlsVerificationFailed);
      expect(e).toMatchObject({ retryable: false, code: 'TLS', call: { method: 'GET', path: '/api/login' } });
      expect(e.message).toMatch(/caFile|insecure/);
    } finally {
      await client.close();
    }
  });

  test('accepted with the CA as PEM', async () => {
    expect(await systemId(clientFor(gw))).toMatch(/^[0-9a-f]{16}$/);
  });

  test('accepted with the CA as a file', async () => {
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, gw.ca!);
    expect(await systemId(clientFor(gw, { ca: undefined, caFile }))).toMatch(/^[0-9a-f]{16}$/);
  });

  test('accepted with explicit insecure, without touching the process-wide switch', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    expect(await systemId(clientFor(gw, { ca: undefined, insecure: true }))).toMatch(/^[0-9a-f]{16}$/);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(before);
    // and an insecure client does not make others insecure
    const strict = clientFor(gw, { ca: undefined });
    try {
      expect(await thrown(strict.system())).toBeInstanceOf(TlsVerificationFailed);
    } finally {
      await strict.close();
    }
  });

  test('a trailing /api on the URL is tolerated', async () => {
    expect(await systemId(clientFor(gw, { url: `${gw.url}/api/` }))).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('gateway client options', () => {
  function problems(f: () => unknown): string[] {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).problems.map((p) => p.field);
    }
    throw new Error('expected an InputError');
  }

  test('every bad field is named at once', () => {
    const fields = problems(
      () =>
        new GatewayClient({
          url: 'ftp://admin:pw@gw',
          user: '',
          password: '',
          ca: 'x',
          caFile: '/x',
          timeoutMs: 0,
          apiVersion: 'v2',
        })
    );
    expect(fields).toEqual(['url', 'url', 'user', 'password', 'caFile', 'timeoutMs', 'apiVersion']);
  });

  test('insecure together with a CA is a contradiction', () => {
    expect(
      problems(() => new GatewayClient({ url: 'https://gw', user: USER, password: PASSWORD, ca: 'x', insecure: true }))
    ).toEqual(['insecure']);
  });

  test('an unreadable caFile names the file', () => {
    expect(
      problems(
        () => new GatewayClient({ url: 'https://gw', user: USER, password: PASSWORD, caFile: '/nonexistent/ca.pem' })
      )
    ).toEqual(['caFile']);
  });
});
