// The task launcher process: sandboxes, env, cwd, stdout/stderr files, exit status, process-group
// kill, and nothing left running or unreaped after close().
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunHandlers, TaskLauncher } from '../../sim/mesos/agent/launcher/task-launcher';

interface Outcome {
  pid?: number;
  failed?: { stage: string; message: string };
  exit?: { code: number | null; signal: string | null };
}

function track(): { handlers: RunHandlers; spawned: Promise<number>; done: Promise<Outcome> } {
  const out: Outcome = {};
  let onSpawn: (pid: number) => void = () => undefined;
  let onDone: (o: Outcome) => void = () => undefined;
  const spawned = new Promise<number>((r) => (onSpawn = r));
  const done = new Promise<Outcome>((r) => (onDone = r));
  return {
    spawned,
    done,
    handlers: {
      spawned: (pid) => {
        out.pid = pid;
        onSpawn(pid);
      },
      failed: (stage, message) => onDone({ ...out, failed: { stage, message } }),
      exit: (code, signal) => onDone({ ...out, exit: { code, signal } }),
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Child pids of `pid` from /proc (zombies included: they still have an entry until reaped). */
/** Launcher processes (live or zombie) among this process's children; jest may run others, e.g. a Temporal server. */
function launchersOf(pid: number): number[] {
  const raw = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  const children = raw === '' ? [] : raw.split(/\s+/).map(Number);
  return children.filter((child) => {
    try {
      const zombieNode = readFileSync(`/proc/${child}/stat`, 'utf8').includes('(node) Z');
      return zombieNode || readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('launcher-process');
    } catch {
      return false; // exited meanwhile
    }
  });
}

describe('TaskLauncher', () => {
  let dir: string;
  let launcher: TaskLauncher;
  const sandbox = (exec: string): string => path.join(dir, 'executors', exec, 'runs', `c-${exec}`);

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'launcher-test-'));
    launcher = new TaskLauncher();
  });

  afterEach(async () => {
    await launcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs sh -c in a fresh sandbox with its env, cwd, stdout/stderr files and exit status', async () => {
    const sb = sandbox('e1');
    const t = track();
    launcher.run(
      {
        sandbox: sb,
        prepare: true,
        file: '/bin/sh',
        args: ['-c', 'echo "$GREETING from $(pwd)"; echo oops >&2; exit 7'],
        argv0: undefined,
        env: { GREETING: 'hi', PATH: '/usr/bin:/bin' },
      },
      t.handlers
    );
    const o = await t.done;
    expect(o.pid).toBeGreaterThan(0);
    expect(o.exit).toEqual({ code: 7, signal: null });
    expect(readFileSync(path.join(sb, 'stdout'), 'utf8')).toBe(`hi from ${sb}\n`);
    expect(readFileSync(path.join(sb, 'stderr'), 'utf8')).toBe('oops\n');
    expect(readlinkSync(path.join(path.dirname(sb), 'latest'))).toBe(path.basename(sb));
  });

  it('re-points runs/latest when an executor directory is reused', async () => {
    for (const cid of ['c1', 'c2']) {
      const t = track();
      const sb = path.join(dir, 'executors', 'again', 'runs', cid);
      launcher.run(
        { sandbox: sb, prepare: true, file: '/bin/sh', args: ['-c', 'true'], argv0: undefined, env: {} },
        t.handlers
      );
      expect((await t.done).exit).toEqual({ code: 0, signal: null });
    }
    expect(readlinkSync(path.join(dir, 'executors', 'again', 'runs', 'latest'))).toBe('c2');
  });

  it('reports a program that cannot be executed as an exec failure', async () => {
    const t = track();
    launcher.run(
      { sandbox: sandbox('e2'), prepare: true, file: '/no/such/program', args: [], argv0: undefined, env: {} },
      t.handlers
    );
    const o = await t.done;
    expect(o.failed?.stage).toBe('exec');
    expect(o.failed?.message).toMatch(/ENOENT/);
  });

  it('signals the whole process group, and prepare() makes the sandbox ahead of a run', async () => {
    const sb = sandbox('e3');
    await launcher.prepare(sb);
    const t = track();
    const id = launcher.run(
      {
        sandbox: sb,
        prepare: false,
        file: '/bin/sh',
        args: ['-c', 'sleep 30 & echo $! > bg.pid; wait'],
        argv0: undefined,
        env: {},
      },
      t.handlers
    );
    await t.spawned;
    let bgPid = 0;
    while (!bgPid) {
      bgPid = Number(readFileSync(path.join(sb, 'bg.pid'), { encoding: 'utf8', flag: 'a+' }).trim());
      await new Promise((r) => setTimeout(r, 10));
    }
    launcher.signal(id, 'SIGTERM');
    expect((await t.done).exit).toEqual({ code: null, signal: 'SIGTERM' });
    while (alive(bgPid)) await new Promise((r) => setTimeout(r, 10));
    expect(alive(bgPid)).toBe(false);
  });

  it('kills running tasks on close() and leaves no child process, zombie or not', async () => {
    const t = track();
    launcher.run(
      { sandbox: sandbox('e4'), prepare: true, file: '/bin/sh', args: ['-c', 'sleep 30'], argv0: undefined, env: {} },
      t.handlers
    );
    const pid = await t.spawned;
    expect(launchersOf(process.pid)).toHaveLength(1);
    await launcher.close();
    expect((await t.done).exit?.signal).toBe('SIGKILL');
    expect(alive(pid)).toBe(false);
    expect(launchersOf(process.pid)).toEqual([]);
  });
});
