// The whole simulated datacenter: a task launched through the Mesos master really runs the shims, which
// change the node and ScaleIO state that /sim/state reports; faults go through the control API.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { commandTask, launchCall } from '../../sim/mesos/testing/calls';
import { MiniScheduler, get } from '../../sim/mesos/testing/mini-scheduler';
import type { Event } from '../../sim/mesos/json-form';
import { loadScenario, startWorld, type World } from '../../sim/world';

const V = '2.0-10000.2072';

/** Acknowledges the task's updates (the agent holds the next one until then) until a terminal state arrives. */
async function terminalUpdate(sched: MiniScheduler, taskId: string): Promise<Event> {
  for (let from = 0; ;) {
    const e = await sched.next((ev) => ev.type === 'UPDATE' && ev.update?.status.task_id.value === taskId, from);
    from = sched.events.indexOf(e) + 1;
    await sched.ack(e);
    if (!/STARTING|RUNNING/.test(e.update?.status.state ?? '')) return e;
  }
}

describe('an in-process world', () => {
  let world: World;
  let sched: MiniScheduler;
  beforeAll(async () => {
    world = await startWorld({ agents: 3, mesos: { allocationIntervalMs: 50 } });
    sched = new MiniScheduler(world.masterUrl, {
      format: 'application/x-protobuf',
      frameworkInfo: { user: 'root', name: 'world-test' },
    });
    await sched.subscribe();
  });
  afterAll(async () => {
    sched.close();
    await world.close();
  });

  test('a Mesos task installs an SDS package through the shims; /sim/state and the files API show it', async () => {
    const offers = await sched.next(
      (e) => e.type === 'OFFERS' && !!e.offers?.offers?.some((o) => o.hostname === 'node-2'),
      0
    );
    const offer = offers.offers?.offers?.find((o) => o.hostname === 'node-2');
    if (!offer) throw new Error('no offer from node-2');
    const file = `EMC-ScaleIO-sds-${V}.Ubuntu.16.04.x86_64.deb`; // node-2 runs Ubuntu 16.04
    const task = commandTask(offer, 'install-sds-node-2', {
      value: `apt-get install -y libaio1 && dpkg -i ${file}`,
      uris: [{ value: world.packages.fileUrl(file), extract: false }],
    });
    await sched.call(launchCall([offer], [task]));
    const done = await terminalUpdate(sched, 'install-sds-node-2');
    expect(done.update?.status.state).toBe('TASK_FINISHED');

    const res = await fetch(`${world.controlUrl}/sim/state`);
    const state = (await res.json()) as {
      nodes: Record<string, { packages: Record<string, { version: string }> }>;
      installLog: { hostname: string; package: string }[];
    };
    expect(state.nodes['node-2']?.packages['emc-scaleio-sds']?.version).toBe(V);
    expect(state.installLog.filter((e) => e.hostname === 'node-2' && e.package === 'emc-scaleio-sds')).toHaveLength(1);

    const agent = world.mesos.agent('node-2');
    const path = `/frameworks/${sched.frameworkId}/executors/install-sds-node-2/runs/latest/stdout`;
    const out = await get(`http://127.0.0.1:${agent.httpPort}/files/read?path=${encodeURIComponent(path)}&offset=0`);
    expect(JSON.parse(out.body).data).toContain(`Setting up emc-scaleio-sds (${V})`);
  });

  test('faults: bad parameters are refused and change nothing; good ones apply', async () => {
    const bad = await fetch(`${world.controlUrl}/sim/faults/reboot-agent`, {
      method: 'POST',
      body: JSON.stringify({ hostname: 'node-1', delayMs: -5 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('delayMs: must be at least 0, got -5');
    expect(world.mesos.agent('node-1').status).toBe('connected');

    const unknown = await fetch(`${world.controlUrl}/sim/faults/melt-datacenter`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(400);

    const added = await world.fault('add-agent', {});
    expect(added).toBe('node-4');
    expect(world.mesos.agents().map((a) => a.hostname)).toContain('node-4');
    expect(world.registry.has('node-4')).toBe(true);
    await world.fault('kill-agent', { hostname: 'node-4' });
    expect(world.mesos.agent('node-4').status).toBe('down');
  });
});

test('a scenario file sets the fleet and the faults at start; a bad one names its field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'agents: 2\nfaults:\n  - { name: gateway-fail, params: { count: 2, status: 503 } }\n');
  expect(loadScenario(good)).toEqual({
    agents: 2,
    faults: [{ name: 'gateway-fail', params: { count: 2, status: 503 } }],
  });
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'agents: many\nfaults:\n  - { name: flood }\n');
  expect(() => loadScenario(bad)).toThrow(
    /agents: must be a number or a list of agent specs; faults.0: must be \{name, params\}/
  );
});

test('`npm run sim` prints one line per URL, and `sim-ctl` drives it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  const info = join(dir, 'sim.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/world/cli.ts', '--agents', '2', '--info-file', info], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (l) => {
        lines.push(l);
        if (l.startsWith('sim info:')) resolve();
      });
    });
    expect(lines[0]).toMatch(/^mesos master: http:\/\/127\.0\.0\.1:\d+ \(2 agents\)$/);
    expect(lines[1]).toMatch(/^scaleio gateway: https:\/\/127\.0\.0\.1:\d+/);
    expect(lines[2]).toMatch(/^package repository: http:\/\/127\.0\.0\.1:\d+$/);
    const { controlUrl } = JSON.parse(readFileSync(info, 'utf8')) as { controlUrl: string };
    const ctl = spawn(
      process.execPath,
      ['--import', 'tsx', 'sim/world/ctl.ts', '--url', controlUrl, 'add-agent', 'hostname=extra-1'],
      {
        cwd: join(__dirname, '../..'),
      }
    );
    let out = '';
    ctl.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => ctl.once('exit', r));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ ok: true, result: 'extra-1' });
    const state = (await (await fetch(`${controlUrl}/sim/state`)).json()) as {
      mesos: { agents: { hostname: string }[] };
    };
    expect(state.mesos.agents.map((a) => a.hostname)).toEqual(['node-1', 'node-2', 'extra-1']);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
