// Agent behaviour: URI fetching, task environment, exec without a shell, the /files API error
// cases, and the fault controls (fail, lose, partition/heal, reboot under a new id).
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type SimMesosCluster, startMesosMaster } from '../../sim/mesos';
import { type Event, type Offer } from '../../sim/mesos/json-form';
import { commandTask, launchCall } from '../../sim/mesos/testing/calls';
import { MiniScheduler, get, isUpdate } from '../../sim/mesos/testing/mini-scheduler';

jest.setTimeout(20_000);

describe('simulated agents', () => {
  let master: SimMesosCluster;
  let sched: MiniScheduler;
  let repo: http.Server;
  let repoUrl: string;

  beforeAll(async () => {
    repo = http.createServer((req, res) => {
      if (req.url === '/tool.sh') res.end('#!/bin/sh\necho fetched-tool\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => repo.listen(0, '127.0.0.1', r));
    repoUrl = `http://127.0.0.1:${(repo.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => repo.close(() => r())));

  beforeEach(async () => {
    master = await startMesosMaster({
      agents: [
        {
          hostname: 'node-a',
          ip: '127.0.0.11',
          blockDevices: [{ path: '/dev/sdb', sizeBytes: 1e11, inUse: false, hasFilesystem: false }],
        },
      ],
      allocationIntervalMs: 20,
      statusUpdateRetryMs: 50,
      taskEnv: (ctx) => ({ SIM_NODE: ctx.hostname }),
      pathPrefix: ['/opt/shims'],
    });
    sched = new MiniScheduler(master.url, {
      format: 'application/json',
      frameworkInfo: {
        user: 'root',
        name: 'agents',
        capabilities: [{ type: 'PARTITION_AWARE' }],
        failover_timeout: 60,
      },
    });
    offerMark = 0;
    await sched.subscribe();
  });
  afterEach(async () => {
    sched.close();
    await master.close();
  });

  let offerMark = 0;

  async function launch(taskId: string, command: Parameters<typeof commandTask>[2]): Promise<Offer> {
    // Each offer is used once: look only past the one used last.
    const ev = await sched.next((e) => e.type === 'OFFERS' && e.offers?.offers?.[0]?.hostname === 'node-a', offerMark);
    offerMark = sched.events.indexOf(ev) + 1;
    const o = ev.offers?.offers?.[0] as Offer;
    const mark = sched.events.length;
    await sched.call(launchCall([o], [commandTask(o, taskId, command)], 0));
    // Acknowledge everything about this task as it arrives.
    const ackLoop = async (from: number): Promise<void> => {
      const e = await sched.next(isUpdate(taskId), from);
      await sched.ack(e);
      const s = e.update?.status.state ?? '';
      if (!['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_GONE', 'TASK_ERROR'].includes(s))
        await ackLoop(sched.events.indexOf(e) + 1);
    };
    // The loop may still be sending an ack when the test's master closes; that error is expected.
    ackLoop(mark).catch(() => undefined);
    return o;
  }

  const terminal = (taskId: string): Promise<Event> =>
    sched.next(
      (e) =>
        isUpdate(taskId)(e) &&
        !['TASK_STARTING', 'TASK_RUNNING', 'TASK_UNREACHABLE'].includes(e.update?.status.state ?? ''),
      0
    );

  async function stdout(o: Offer, taskId: string): Promise<string> {
    const p = encodeURIComponent(`/frameworks/${sched.frameworkId}/executors/${taskId}/runs/latest/stdout`);
    const r = await get(`http://127.0.0.1:${o.url?.address.port}/files/read?path=${p}&offset=0`);
    return (JSON.parse(r.body) as { data: string }).data;
  }

  it('fetches executable URIs and sets the Mesos environment, injected env and PATH prefix', async () => {
    const o = await launch('env', {
      value:
        './tool.sh; echo "$MESOS_SANDBOX|$MESOS_DIRECTORY|$MESOS_FRAMEWORK_ID|$MESOS_EXECUTOR_ID|$MESOS_SLAVE_ID|$SIM_NODE|$FOO|$PATH"',
      uris: [{ value: `${repoUrl}/tool.sh`, executable: true }],
      environment: { variables: [{ name: 'FOO', value: 'bar' }] },
    });
    expect((await terminal('env')).update?.status.state).toBe('TASK_FINISHED');
    const [tool, vars] = (await stdout(o, 'env')).trim().split('\n');
    expect(tool).toBe('fetched-tool');
    const [sandbox, directory, fid, eid, aid, node, foo, pathVar] = (vars ?? '').split('|');
    expect(sandbox).toBe(directory);
    expect(sandbox).toContain(`/slaves/${o.agent_id.value}/frameworks/${fid}/executors/env/runs/`);
    expect([fid, eid, aid, node, foo]).toEqual([sched.frameworkId, 'env', o.agent_id.value, 'node-a', 'bar']);
    expect(pathVar?.startsWith('/opt/shims:')).toBe(true);
  });

  it('fails the task when a URI cannot be fetched, and execs without a shell', async () => {
    await launch('nofetch', { value: 'true', uris: [{ value: `${repoUrl}/missing.tgz` }] });
    const failed = await terminal('nofetch');
    expect(failed.update?.status).toMatchObject({
      state: 'TASK_FAILED',
      reason: 'REASON_CONTAINER_LAUNCH_FAILED',
      source: 'SOURCE_AGENT',
    });
    expect(failed.update?.status.message).toMatch(/missing\.tgz/);
    const o = await launch('exec', { shell: false, value: '/bin/echo', arguments: ['echo', 'a;b', '$HOME'] });
    expect((await terminal('exec')).update?.status.state).toBe('TASK_FINISHED');
    expect(await stdout(o, 'exec')).toBe('a;b $HOME\n');
  });

  it('answers the /files/read error cases of files.cpp', async () => {
    const o = await launch('files', 'printf 0123456789');
    await terminal('files');
    const base = `http://127.0.0.1:${o.url?.address.port}/files/read`;
    const p = encodeURIComponent(`/frameworks/${sched.frameworkId}/executors/files/runs/latest/stdout`);
    expect((await get(base)).status).toBe(400);
    expect((await get(`${base}?path=${p}&offset=-2`)).status).toBe(400);
    expect((await get(`${base}?path=/etc/passwd`)).status).toBe(404);
    expect(
      (await get(`${base}?path=${encodeURIComponent(`/frameworks/${sched.frameworkId}/executors/files/runs/latest`)}`))
        .status
    ).toBe(400);
    expect(JSON.parse((await get(`${base}?path=${p}&offset=4&length=3`)).body)).toEqual({ data: '456', offset: 4 });
    expect(JSON.parse((await get(`${base}?path=${p}&offset=99`)).body)).toEqual({ data: '', offset: 99 });
    const state = JSON.parse((await get(`http://127.0.0.1:${o.url?.address.port}/state`)).body) as { hostname: string };
    expect(state.hostname).toBe('node-a');
    expect(master.agent('node-a').blockDevices[0]?.path).toBe('/dev/sdb');
  });

  it('injects task faults: failTask gives TASK_FAILED, loseTask gives TASK_GONE to a partition-aware framework', async () => {
    await launch('f1', 'sleep 30');
    await sched.next(isUpdate('f1', 'TASK_RUNNING'), 0);
    expect(master.failTask('f1')).toBe(true);
    expect((await terminal('f1')).update?.status.state).toBe('TASK_FAILED');
    await launch('l1', 'sleep 30');
    await sched.next(isUpdate('l1', 'TASK_RUNNING'), 0);
    expect(master.loseTask('l1')).toBe(true);
    expect((await terminal('l1')).update?.status).toMatchObject({
      state: 'TASK_GONE',
      reason: 'REASON_EXECUTOR_TERMINATED',
    });
  });

  it('partitions an agent (TASK_UNREACHABLE) and heals it with the task still running', async () => {
    await launch('p1', 'sleep 30');
    await sched.next(isUpdate('p1', 'TASK_RUNNING'), 0);
    master.partitionAgent('node-a');
    const unreachable = await sched.next(isUpdate('p1', 'TASK_UNREACHABLE'), 0);
    expect(unreachable.update?.status.source).toBe('SOURCE_MASTER');
    master.healAgent('node-a');
    const mark = sched.events.length;
    await sched.call({ type: 'RECONCILE', reconcile: {} });
    expect((await sched.next(isUpdate('p1'), mark)).update?.status.state).toBe('TASK_RUNNING');
  });

  it('reboots an agent: it comes back under a new agent id', async () => {
    const before = master.agent('node-a').id;
    await master.rebootAgent('node-a', 10);
    expect(master.agent('node-a').id).not.toBe(before);
    expect(master.agent('node-a').status).toBe('connected');
  });
});
