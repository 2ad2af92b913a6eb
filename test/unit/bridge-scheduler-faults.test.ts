// SchedulerClient failure handling against the simulated master: leader redirects (307), master
// fallback, HTTP Basic auth (401 without leaking the secret), typed 400/403 answers, a removed
// framework as a fatal error, and acknowledgements only for updates with a uuid.
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { PROTOBUF_FORMAT } from '../../proto/codec';
import {
  FrameworkRemovedError,
  MemoryFrameworkIdStore,
  MesosBadRequestError,
  MesosForbiddenError,
  MesosRedirectError,
  MesosUnauthorizedError,
  NotSubscribedError,
  SchedulerInputError,
} from '../../mesos-bridge/scheduler';
import { CallSender } from '../../mesos-bridge/scheduler/call-sender';
import { Connections } from '../../mesos-bridge/scheduler/connection';
import { schedulerEndpoint } from '../../mesos-bridge/scheduler/redirect';
import { ClientPool, clientOptions, nextEvent, tempDir } from './bridge-scheduler-support';

jest.setTimeout(30_000);

const SECRET = 'top-secret-42';
let state: ReturnType<typeof tempDir>;
const pool = new ClientPool();
const masters: SimMesosCluster[] = [];
async function sim(opts: Parameters<typeof startMesosMaster>[0] = {}): Promise<SimMesosCluster> {
  const m = await startMesosMaster({ agents: [{ hostname: 'n1' }], allocationIntervalMs: 20, ...opts });
  masters.push(m);
  return m;
}

beforeEach(() => {
  state = tempDir();
});
afterEach(async () => {
  await pool.closeAll();
  await Promise.all(masters.splice(0).map((m) => m.close()));
  state.remove();
});

function expectedRejection(): never {
  throw new Error('expected the call to be refused');
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('leader discovery', () => {
  it('follows a 307 with a protocol-relative Location to the leader, and sends calls there', async () => {
    const [follower, leader] = [await sim(), await sim()];
    follower.setLeader(leader.url);
    const client = pool.create(clientOptions([follower.url], state.dir));
    const info = await client.start();
    expect(info.masterUrl).toBe(`${leader.url}/api/v1/scheduler`);
    expect(client.metrics().subscribeAttempts).toBe(2);
    await client.suppress();
    expect(client.metrics().callsByType.SUPPRESS).toEqual({ '202': 1 });
    expect((leader.state().frameworks as unknown[]).length).toBe(1);
    expect((follower.state().frameworks as unknown[] | undefined) ?? []).toHaveLength(0);
  });

  it('tries the next master when one is down', async () => {
    const live = await sim();
    const client = pool.create(clientOptions([`http://127.0.0.1:${await closedPort()}`, live.url], state.dir));
    const info = await client.start();
    expect(info.masterUrl).toBe(`${live.url}/api/v1/scheduler`);
  });

  it('gives up on a redirect loop after 2 redirects and retries with backoff', async () => {
    const [a, b] = [await sim(), await sim()];
    a.setLeader(b.url);
    b.setLeader(a.url);
    const client = pool.create(clientOptions([a.url], state.dir));
    const lost = nextEvent(client, 'disconnected');
    client.start().catch(() => undefined);
    const [info] = await lost;
    expect(info.reason).toBe('subscribe-failed');
    expect(info.error).toBeInstanceOf(MesosRedirectError);
    expect(info.error?.message).toMatch(/more than 2 redirects/);
    expect(client.metrics().subscribeAttempts).toBe(3);
    expect(client.state).toBe('running');
  });
});

describe('HTTP Basic authentication', () => {
  const credentials = [{ principal: 'bridge', secret: SECRET }];

  it('subscribes and sends calls with the right secret', async () => {
    const m = await sim({ credentials });
    const client = pool.create(clientOptions([m.url], state.dir, { credentials: credentials[0] }));
    await client.start();
    await client.revive(['scaleio']);
    expect(client.metrics().callsByType.REVIVE).toEqual({ '202': 1 });
    const fw = (m.state().frameworks as { principal?: string }[])[0];
    expect(fw?.principal).toBe('bridge');
  });

  it('fails with a typed 401 that names the principal but never the secret', async () => {
    const m = await sim({ credentials });
    const fatal: Error[] = [];
    const client = pool.create(
      clientOptions([m.url], state.dir, { credentials: { principal: 'bridge', secret: 'wrong-secret' } })
    );
    client.on('fatal', (e) => fatal.push(e));
    const err = (await client.start().catch((e: unknown) => e)) as MesosUnauthorizedError;
    expect(err).toBeInstanceOf(MesosUnauthorizedError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/principal 'bridge' were rejected/);
    expect(err.message).not.toContain('wrong-secret');
    expect(err.message).not.toContain(Buffer.from('bridge:wrong-secret').toString('base64'));
    expect(client.state).toBe('failed');
    expect(fatal).toEqual([err]);
    expect(client.metrics().subscribeAttempts).toBe(1);
  });

  it('reports missing credentials as such', async () => {
    const m = await sim({ credentials });
    const client = pool.create(clientOptions([m.url], state.dir));
    await expect(client.start()).rejects.toThrow(/401 Unauthorized: no credentials configured/);
  });
});

describe('typed answers', () => {
  it('400 carries the master text; 403 after the stream is gone; both typed', async () => {
    const m = await sim();
    // A long backoff keeps the client away after the drop below, so the master sees no subscription.
    const client = pool.create(
      clientOptions([m.url], state.dir, { format: 'protobuf', reconnectBackoff: { initialMs: 60_000, maxMs: 60_000 } })
    );
    const info = await client.start();
    const connections = new Connections({}, undefined);
    const sender = new CallSender({
      connections,
      format: PROTOBUF_FORMAT,
      timeoutMs: 5000,
      retries: 0,
      backoffInitialMs: 10,
      backoffMaxMs: 10,
      principal: undefined,
      random: Math.random,
      onOutcome: () => undefined,
    });
    const endpoint = schedulerEndpoint(new URL(m.url));
    try {
      const wrongStream = await sender
        .send({ frameworkId: info.frameworkId, streamId: 'not-the-stream', endpoint }, { type: 'REVIVE', revive: {} })
        .then(expectedRejection, (e: unknown) => e as MesosBadRequestError);
      expect(wrongStream).toBeInstanceOf(MesosBadRequestError);
      expect(wrongStream.masterMessage).toMatch(/stream ID 'not-the-stream'.*didn't match/);
      expect(wrongStream.frameworkNotFound).toBe(false);

      const unknown = await sender
        .send({ frameworkId: 'no-such-fw', streamId: info.streamId, endpoint }, { type: 'REVIVE', revive: {} })
        .then(expectedRejection, (e: unknown) => e as MesosBadRequestError);
      expect(unknown).toBeInstanceOf(MesosBadRequestError);
      expect(unknown.frameworkNotFound).toBe(true);

      const lost = nextEvent(client, 'disconnected');
      m.dropStream(info.frameworkId);
      await lost;
      expect(client.isSubscribed).toBe(false);
      await expect(client.revive()).rejects.toBeInstanceOf(NotSubscribedError);
      const forbidden = await sender
        .send({ frameworkId: info.frameworkId, streamId: info.streamId, endpoint }, { type: 'REVIVE', revive: {} })
        .catch((e: unknown) => e);
      expect(forbidden).toBeInstanceOf(MesosForbiddenError);
    } finally {
      connections.destroy();
    }
  });

  it('refuses bad call arguments before sending, and calls before SUBSCRIBED', async () => {
    const m = await sim();
    const client = pool.create(clientOptions([m.url], state.dir));
    await expect(client.revive()).rejects.toBeInstanceOf(NotSubscribedError);
    await client.start();
    const bad = await client.acknowledge('agent', 'task', Buffer.alloc(15).toString('base64')).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SchedulerInputError);
    expect((bad as SchedulerInputError).field).toBe('uuid');
    await expect(client.decline([], 5)).rejects.toThrow(/offerIds: must be a non-empty array/);
    await expect(client.decline(['o1'], -1)).rejects.toThrow(/refuseSeconds.refuse_seconds: must be between 0/);
    expect(client.metrics().callsByType).toEqual({});
  });
});

describe('framework removal', () => {
  it('teardown clears the stored id; subscribing with the removed id is fatal, not a loop', async () => {
    const m = await sim();
    const first = pool.create(clientOptions([m.url], state.dir));
    const { frameworkId } = await first.start();
    await first.teardown();
    expect(first.state).toBe('closed');

    const store = new MemoryFrameworkIdStore(frameworkId);
    const second = pool.create(clientOptions([m.url], state.dir, { frameworkIdStore: store }));
    const masterErrors: string[] = [];
    second.on('masterError', (msg) => masterErrors.push(msg));
    const err = await second.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FrameworkRemovedError);
    expect(masterErrors).toEqual(['Framework has been removed']);
    expect(second.state).toBe('failed');
    expect(second.metrics().subscribeAttempts).toBe(1);
    expect(second.metrics().reconnects).toBe(0);
  });
});

describe('acknowledgements', () => {
  it('auto-acks updates with a uuid only after the owner hook resolves, and never uuid-less ones', async () => {
    const m = await sim({ statusUpdateRetryMs: 60_000 });
    const recorded: string[] = [];
    const client = pool.create(
      clientOptions([m.url], state.dir, {
        autoAcknowledge: async (s) => {
          recorded.push(`${s.task_id.value}:${s.state}`);
          await Promise.resolve();
        },
      })
    );
    const offers = nextEvent(client, 'offers', (o) => o.length > 0);
    await client.start();
    const [[offer]] = await offers;
    if (!offer) throw new Error('no offer');
    const finished = nextEvent(client, 'update', (s) => s.state === 'TASK_FINISHED');
    await client.accept(
      [offer.id],
      [
        {
          type: 'LAUNCH',
          launch: {
            task_infos: [
              {
                name: 'quick',
                task_id: { value: 'quick' },
                agent_id: offer.agent_id,
                resources: [
                  { name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 }, allocation_info: { role: 'scaleio' } },
                ],
                command: { value: 'true' },
              },
            ],
          },
        },
      ]
    );
    // The agent holds FINISHED until RUNNING is acked (retry is 60 s): seeing it proves the ack path.
    await finished;
    const lost = nextEvent(client, 'update', (s) => s.task_id.value === 'ghost');
    await client.kill('ghost');
    const [ghost] = await lost;
    expect(ghost.uuid).toBeUndefined();
    // The hook runs synchronously with the update event, so a uuid-less update would be recorded by now.
    expect(recorded).toEqual(['quick:TASK_STARTING', 'quick:TASK_RUNNING', 'quick:TASK_FINISHED']);
  });
});
