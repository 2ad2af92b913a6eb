// HTTP-level conformance of the simulated master's /api/v1/scheduler: the status codes and
// messages of src/master/http.cpp, authentication, leader redirects and the read-only endpoints.
import { encodeCall } from '../../proto/codec';
import { type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { MiniScheduler, get, post } from '../../sim/mesos/testing/mini-scheduler';

jest.setTimeout(20_000);

const SUBSCRIBE_JSON = JSON.stringify({
  type: 'SUBSCRIBE',
  subscribe: { framework_info: { user: 'root', name: 'x' } },
});
const basic = (p: string, s: string): string => `Basic ${Buffer.from(`${p}:${s}`).toString('base64')}`;

describe('simulated master HTTP rules', () => {
  let master: SimMesosCluster;
  let api: string;

  beforeAll(async () => {
    master = await startMesosMaster({ agents: [{ hostname: 'n1', rack: 'r9' }], allocationIntervalMs: 50 });
    api = `${master.url}/api/v1/scheduler`;
  });
  afterAll(() => master.close());

  it('answers 405 to GET with Allow: POST', async () => {
    const r = await get(api);
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST');
  });

  it('answers 400 without Content-Type and 415 for a Content-Type with parameters', async () => {
    expect((await post(api, SUBSCRIBE_JSON, {})).status).toBe(400);
    const r = await post(api, SUBSCRIBE_JSON, { 'Content-Type': 'application/json; charset=utf-8' });
    expect(r.status).toBe(415);
  });

  it('answers 400 with a message for malformed bodies and failed validation', async () => {
    const bad = await post(api, '{"type":', { 'Content-Type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/^Failed to convert JSON into Call protobuf/);
    const noType = await post(api, '{}', { 'Content-Type': 'application/json' });
    expect(noType).toMatchObject({
      status: 400,
      body: "Failed to validate scheduler::Call: Expecting 'type' to be present",
    });
    const noFw = await post(api, '{"type":"DECLINE","decline":{}}', { 'Content-Type': 'application/json' });
    expect(noFw.body).toBe("Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
    const garbage = await post(api, Buffer.from([0xff, 0xff, 0xff]), { 'Content-Type': 'application/x-protobuf' });
    expect(garbage.status).toBe(400);
  });

  it('answers 406 when Accept allows neither JSON nor protobuf, and 400 for a stream id on SUBSCRIBE', async () => {
    const r = await post(api, SUBSCRIBE_JSON, { 'Content-Type': 'application/json', Accept: 'text/html' });
    expect(r.status).toBe(406);
    const s = await post(api, SUBSCRIBE_JSON, { 'Content-Type': 'application/json', 'Mesos-Stream-Id': 'x' });
    expect(s.status).toBe(400);
  });

  it('answers 400 for an unknown framework, stream id problems and a short ack uuid', async () => {
    const sched = new MiniScheduler(master.url, {
      format: 'application/json',
      frameworkInfo: { user: 'root', name: 'h' },
    });
    await sched.subscribe();
    try {
      const unknown = await post(api, JSON.stringify({ framework_id: { value: 'nope' }, type: 'REVIVE' }), {
        'Content-Type': 'application/json',
      });
      expect(unknown).toMatchObject({ status: 400, body: 'Framework cannot be found' });
      const noStream = await sched.call({ type: 'REVIVE' }, { 'Mesos-Stream-Id': '' });
      expect(noStream.status).toBe(400);
      const wrong = await sched.call({ type: 'REVIVE' }, { 'Mesos-Stream-Id': 'not-the-stream' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatch(/didn't match the stream ID/);
      const ack = await sched.call({
        type: 'ACKNOWLEDGE',
        acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid: 'AAAA' },
      });
      expect(ack.status).toBe(400);
      expect((await sched.call({ type: 'REVIVE' })).status).toBe(202);
    } finally {
      sched.close();
    }
  });

  it('answers 403 to calls of a framework whose stream dropped', async () => {
    const sched = new MiniScheduler(master.url, {
      format: 'application/x-protobuf',
      frameworkInfo: { user: 'root', name: 'd', failover_timeout: 60 },
    });
    await sched.subscribe();
    expect(master.dropStream(sched.frameworkId)).toBe(true);
    await sched.waitClosed();
    const r = await sched.call({ type: 'REVIVE' });
    expect(r).toMatchObject({ status: 403, body: 'Framework is not subscribed' });
  });

  it('serves /health, /master/state with legacy names, and /master/redirect', async () => {
    expect((await get(`${master.url}/health`)).status).toBe(200);
    const state = JSON.parse((await get(`${master.url}/master/state`)).body) as {
      slaves: { hostname: string; attributes: unknown }[];
    };
    expect(state.slaves[0]).toMatchObject({ hostname: 'n1', attributes: { rack: 'r9' } });
    const alias = await get(`${master.url}/state`);
    expect(alias.status).toBe(200);
    const redirect = await get(`${master.url}/master/redirect`);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.location).toBe(`//127.0.0.1:${master.port}`);
  });

  it('redirects with a protocol-relative Location while not leading', async () => {
    master.setLeader('http://127.0.0.1:5999');
    try {
      const r = await post(api, SUBSCRIBE_JSON, { 'Content-Type': 'application/json' });
      expect(r.status).toBe(307);
      expect(r.headers.location).toBe('//127.0.0.1:5999/api/v1/scheduler');
      expect((await get(`${master.url}/master/redirect`)).headers.location).toBe('//127.0.0.1:5999');
    } finally {
      master.setLeader(null);
    }
  });
});

describe('HTTP Basic authentication', () => {
  it('answers 401 with the scheduler realm, and accepts good credentials', async () => {
    const master = await startMesosMaster({ credentials: [{ principal: 'scaleio', secret: 's3cret' }] });
    const api = `${master.url}/api/v1/scheduler`;
    try {
      const none = await post(api, SUBSCRIBE_JSON, { 'Content-Type': 'application/json' });
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Basic realm="mesos-master-scheduler"');
      const wrong = await post(api, SUBSCRIBE_JSON, {
        'Content-Type': 'application/json',
        Authorization: basic('scaleio', 'no'),
      });
      expect(wrong.status).toBe(401);
      const mismatch = await post(
        api,
        encodeCall(
          { type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'r', name: 'x', principal: 'other' } } },
          'application/json'
        ),
        {
          'Content-Type': 'application/json',
          Authorization: basic('scaleio', 's3cret'),
        }
      );
      expect(mismatch.status).toBe(400);
      const sched = new MiniScheduler(master.url, {
        format: 'application/json',
        frameworkInfo: { user: 'root', name: 'auth' },
        authorization: basic('scaleio', 's3cret'),
      });
      const ev = await sched.subscribe();
      expect(ev.type).toBe('SUBSCRIBED');
      expect((await sched.call({ type: 'SUPPRESS' })).status).toBe(202);
      sched.close();
    } finally {
      await master.close();
    }
  });
});
