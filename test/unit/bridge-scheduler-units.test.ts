// Pure parts of the scheduler client: backoff, redirects, call builders, options, the
// FrameworkID file store and the heartbeat watch (fake timers).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  Backoff,
  buildFrameworkInfo,
  FileFrameworkIdStore,
  FrameworkIdStoreError,
  MemoryFrameworkIdStore,
  resolveRedirect,
  SchedulerClient,
  schedulerEndpoint,
  SchedulerInputError,
} from '../../mesos-bridge/scheduler';
import { acknowledgeCallFor, declineCall, reconcileCall, subscribeCall } from '../../mesos-bridge/scheduler/calls';
import { HeartbeatWatch } from '../../mesos-bridge/scheduler/heartbeat-watch';
import { tempDir } from './bridge-scheduler-support';

describe('Backoff', () => {
  it('doubles its ceiling up to the cap and jitters over [0, ceiling)', () => {
    const b = new Backoff({ initialMs: 500, maxMs: 15_000, random: () => 0.999 });
    const delays = Array.from({ length: 8 }, () => b.next());
    expect(delays).toEqual([499, 999, 1998, 3996, 7992, 14985, 14985, 14985]);
    b.reset();
    expect(new Backoff({ initialMs: 500, maxMs: 15_000, random: () => 0 }).next()).toBe(0);
    expect(b.ceilingMs).toBe(500);
  });
});

describe('redirects', () => {
  const from = new URL('https://m1:5050/api/v1/scheduler');
  it('resolves a protocol-relative Location with the current scheme', () => {
    expect(resolveRedirect(from, '//m2:5050/api/v1/scheduler')?.href).toBe('https://m2:5050/api/v1/scheduler');
  });
  it('adds the scheduler path to a bare base (the /master/redirect form)', () => {
    expect(resolveRedirect(new URL('http://m1:5050/x'), '//m3:5050')?.href).toBe('http://m3:5050/api/v1/scheduler');
  });
  it('rejects a missing or non-http Location', () => {
    expect(resolveRedirect(from, undefined)).toBeUndefined();
    expect(resolveRedirect(from, 'ftp://m2/')).toBeUndefined();
  });
  it('keeps a path prefix of the master URL', () => {
    expect(schedulerEndpoint(new URL('http://proxy/mesos/')).href).toBe('http://proxy/mesos/api/v1/scheduler');
  });
});

describe('call builders', () => {
  it('puts the id both at the top level and in framework_info on re-subscribe', () => {
    const info = buildFrameworkInfo({ name: 'n', user: 'u', roles: ['r'] }, undefined);
    const call = subscribeCall(info, 'fw-1', ['r']);
    expect(call.framework_id).toEqual({ value: 'fw-1' });
    expect(call.subscribe?.framework_info.id).toEqual({ value: 'fw-1' });
    expect(call.subscribe?.suppressed_roles).toEqual(['r']);
    const fresh = subscribeCall(info, undefined, []);
    expect(fresh.framework_id).toBeUndefined();
    expect(fresh.subscribe?.framework_info.id).toBeUndefined();
  });
  it('builds the default FrameworkInfo: one-week failover, checkpoint, three capabilities, principal from credentials', () => {
    const info = buildFrameworkInfo({ name: 'n', user: 'u', roles: ['r'] }, { principal: 'p', secret: 's' });
    expect(info).toMatchObject({ failover_timeout: 604800, checkpoint: true, principal: 'p', roles: ['r'] });
    expect(info.capabilities?.map((c) => c.type)).toEqual(['MULTI_ROLE', 'PARTITION_AWARE', 'TASK_KILLING_STATE']);
  });
  it('acks only updates with a uuid', () => {
    const base = { task_id: { value: 't' }, state: 'TASK_RUNNING' as const, agent_id: { value: 'a' } };
    expect(acknowledgeCallFor(base)).toBeUndefined();
    const uuid = Buffer.alloc(16, 7).toString('base64');
    expect(acknowledgeCallFor({ ...base, uuid })?.acknowledge).toEqual({
      agent_id: { value: 'a' },
      task_id: { value: 't' },
      uuid,
    });
  });
  it('names the bad argument', () => {
    expect(() => declineCall(['o'], 40_000_000)).toThrow(
      /refuseSeconds.refuse_seconds: must be between 0 and 31536000/
    );
    expect(() => reconcileCall([{ taskId: '' }])).toThrow(/tasks\[0\].taskId: must be a non-empty id/);
    expect(reconcileCall([]).reconcile).toEqual({ tasks: [] });
  });
});

describe('options', () => {
  const store = new MemoryFrameworkIdStore();
  const good = {
    masters: ['http://m:5050'],
    frameworkIdStore: store,
    frameworkInfo: { name: 'n', user: 'u', roles: [] },
  };
  it.each([
    [{ masters: [] }, /options.masters: must list at least one/],
    [{ masters: ['ftp://m'] }, /options.masters\[0\]: must be http/],
    [{ masters: ['http://u:pw@m'] }, /options.masters\[0\]: must not contain credentials/],
    [{ format: 'xml' }, /options.format: must be 'protobuf' or 'json'/],
    [{ heartbeatMissFactor: 0 }, /options.heartbeatMissFactor: must be a positive number/],
    [{ reconnectBackoff: { initialMs: 100, maxMs: 10 } }, /options.reconnectBackoff.maxMs/],
    [{ frameworkInfo: { name: 'n', user: 'u', roles: ['r'], capabilities: [] } }, /must include MULTI_ROLE/],
    [
      {
        frameworkInfo: { name: 'n', user: 'u', roles: [], principal: 'x' },
        credentials: { principal: 'y', secret: 's' },
      },
      /options.frameworkInfo.principal: differs from credentials.principal/,
    ],
  ])('rejects %p', (patch, message) => {
    expect(() => new SchedulerClient({ ...good, ...(patch as object) } as never)).toThrow(message);
    expect(() => new SchedulerClient({ ...good, ...(patch as object) } as never)).toThrow(SchedulerInputError);
  });
});

describe('FileFrameworkIdStore', () => {
  let state: ReturnType<typeof tempDir>;
  beforeEach(() => (state = tempDir()));
  afterEach(() => state.remove());

  it('round-trips the id in a 0600 file, creating the state dir, leaving no temp files', async () => {
    const dir = path.join(state.dir, 'nested');
    const store = new FileFrameworkIdStore(dir);
    expect(await store.load()).toBeUndefined();
    await store.save('fw-1');
    await store.save('fw-2');
    expect(await new FileFrameworkIdStore(dir).load()).toBe('fw-2');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['framework-id']);
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });

  it('refuses a corrupt file and a bad id', async () => {
    mkdirSync(state.dir, { recursive: true });
    const store = new FileFrameworkIdStore(state.dir);
    writeFileSync(store.file, 'two words\n');
    await expect(store.load()).rejects.toBeInstanceOf(FrameworkIdStoreError);
    await expect(store.save('has space')).rejects.toThrow(/frameworkId: must be 1-256 printable ASCII/);
  });
});

describe('HeartbeatWatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires after factor × interval of silence; bytes and a new interval re-arm it', () => {
    const fired: number[] = [];
    const w = new HeartbeatWatch(15, 5, (ms) => fired.push(ms));
    jest.advanceTimersByTime(74_000);
    w.touch();
    jest.advanceTimersByTime(74_000);
    expect(fired).toEqual([]);
    w.setInterval(1);
    jest.advanceTimersByTime(4_999);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([5000]);
    w.stop();
  });
});
