// bench sim: (a) no-op Mesos tasks launched-to-finished per second through the simulated master and agents,
// against raw `sh -c true` spawns at the same concurrency in the same run; (b) master CPU per offer cycle at
// 100 and at 1,000 agents — the per-agent cost must stay flat (linear growth), not grow with the agent count.
// The two sides of (a) alternate over ROUNDS rounds and each figure is the median of its rounds: on a shared
// host the load drifts within seconds, and one round of each measured the drift as much as the simulator.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../scripts/lib/temporal-dev-server';
import { startMesosMaster, type AgentSpec } from '../sim/mesos';
import type { Event, Offer, TaskInfo } from '../sim/mesos/json-form';
import { commandTask, declineCall, launchCall } from '../sim/mesos/testing/calls';
import { MiniScheduler } from '../sim/mesos/testing/mini-scheduler';
import { median } from './lib/median';
import { summary } from './lib/summary';

const TASKS = 300;
const CONCURRENCY = 16;
const ROUNDS = 5;
/** An offer the bench cannot use now is declined for this long, as the bridge does; REVIVE clears it. */
const REFUSE_SECONDS = 5;

function agents(n: number, cpus = 4): AgentSpec[] {
  return Array.from({ length: n }, (_, i) => ({ hostname: `node-${i}.sim`, cpus, memMb: 16384, rack: `r${i % 10}` }));
}

async function rawSpawnsPerSecond(): Promise<number> {
  const start = performance.now();
  let next = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) =>
      spawn('/bin/sh', ['-c', 'true'], { stdio: 'ignore' })
        .on('exit', () => resolve())
        .on('error', reject)
    );
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TASKS) {
        next += 1;
        await one();
      }
    })
  );
  return TASKS / ((performance.now() - start) / 1000);
}

/**
 * Launches TASKS no-op command tasks, at most CONCURRENCY in flight, acknowledging every update. Offer
 * hygiene is the bridge's: an offer it cannot use is declined with a refuse filter and a REVIVE follows
 * once there is room again, rather than declining with no filter and being re-offered in a busy loop.
 */
async function simTasksPerSecond(): Promise<number> {
  // Sandboxes go under the project's data dir: on this machine /tmp is several times slower to create
  // directories in than the work disk, and that would measure the filesystem rather than the simulator.
  mkdirSync(join(REPO_ROOT, '.data'), { recursive: true });
  const workDir = mkdtempSync(join(REPO_ROOT, '.data', 'bench-sim-'));
  const master = await startMesosMaster({
    agents: agents(4, 8),
    allocationIntervalMs: 20,
    statusUpdateRetryMs: 60000,
    workDir,
  });
  const sched = benchScheduler(master.url);
  try {
    await sched.subscribe();
    let launched = 0;
    let finished = 0;
    let inFlight = 0;
    let declinedWhileFull = false;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 0; finished < TASKS;) {
      const e: Event = await sched.next(() => true, i);
      i = sched.events.indexOf(e, i) + 1;
      if (e.type === 'UPDATE') {
        sched.ack(e).catch(() => undefined); // the master may close first at the end
        const state = e.update?.status.state;
        if (state === 'TASK_FINISHED' || state === 'TASK_FAILED' || state === 'TASK_LOST' || state === 'TASK_ERROR') {
          if (state !== 'TASK_FINISHED') throw new Error(`task ended ${state}: ${e.update?.status.message ?? ''}`);
          finished += 1;
          inFlight -= 1;
          if (declinedWhileFull && launched < TASKS) {
            declinedWhileFull = false;
            sched.call({ type: 'REVIVE' }).catch(() => undefined);
          }
        }
      } else if (e.type === 'OFFERS') {
        for (const offer of e.offers?.offers ?? []) await useOffer(offer);
      }
    }
    const secs = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    process.stderr.write(`sim tasks: wall_s=${secs.toFixed(2)} cpu_s=${((cpu.user + cpu.system) / 1e6).toFixed(2)}\n`);
    return TASKS / secs;

    async function useOffer(offer: Offer): Promise<void> {
      const tasks: TaskInfo[] = [];
      while (launched < TASKS && inFlight < CONCURRENCY && tasks.length < 8) {
        tasks.push(commandTask(offer, `noop-${launched}`, 'true'));
        launched += 1;
        inFlight += 1;
      }
      if (tasks.length === 0) declinedWhileFull = true;
      await sched.call(tasks.length > 0 ? launchCall([offer], tasks, 0) : declineCall([offer], REFUSE_SECONDS));
    }
  } finally {
    sched.close();
    await master.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The bench's scheduler: protobuf, keep-alive calls, as the bridge talks to a master. */
function benchScheduler(masterUrl: string): MiniScheduler {
  return new MiniScheduler(masterUrl, {
    format: 'application/x-protobuf',
    frameworkInfo: { user: 'root', name: 'bench' },
    keepAlive: true,
  });
}

/** CPU milliseconds the process spends per forced allocation pass over `n` agents, each declined at once. */
async function cpuMsPerOfferCycle(n: number, cycles: number): Promise<number> {
  const master = await startMesosMaster({ agents: agents(n), allocationIntervalMs: 3_600_000 });
  const sched = benchScheduler(master.url);
  try {
    await sched.subscribe();
    let offers = await sched.next((e) => e.type === 'OFFERS', 0);
    await sched.call(declineCall(offers.offers?.offers ?? [], 0));
    const before = process.cpuUsage();
    for (let c = 0; c < cycles; c += 1) {
      const mark = sched.events.length;
      master.core.allocateNow();
      offers = await sched.next((e) => e.type === 'OFFERS', mark);
      if ((offers.offers?.offers?.length ?? 0) !== n)
        throw new Error(`expected ${n} offers, got ${offers.offers?.offers?.length}`);
      await sched.call(declineCall(offers.offers?.offers ?? [], 0));
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / cycles;
  } finally {
    sched.close();
    await master.close();
  }
}

/** Raw spawns and simulated tasks, alternating, so both sides see the same load; medians of the rounds. */
async function tasksAgainstSpawns(): Promise<{ sim: number; raw: number }> {
  const sims: number[] = [];
  const raws: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    raws.push(await rawSpawnsPerSecond());
    sims.push(await simTasksPerSecond());
    process.stderr.write(`round ${r + 1}: sim_per_s=${sims[r]?.toFixed(0)} raw_per_s=${raws[r]?.toFixed(0)}\n`);
  }
  return { sim: median(sims), raw: median(raws) };
}

export async function benchSim(): Promise<string> {
  const { sim, raw } = await tasksAgainstSpawns();
  summary('sim-tasks', {
    tasks: TASKS,
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    per_s: sim,
    baseline_per_s: raw,
    ratio: sim / raw,
  });
  await cpuMsPerOfferCycle(100, 3); // warm-up: JIT and first-use costs
  const small = await cpuMsPerOfferCycle(100, 20);
  const large = await cpuMsPerOfferCycle(1000, 10);
  const growth = large / small / 10; // 1.0 = linear in agents; 10 would be quadratic
  return summary('sim', {
    tasks_per_s: sim,
    raw_spawn_per_s: raw,
    ratio: sim / raw,
    cpu_ms_per_cycle_100: small,
    cpu_ms_per_cycle_1000: large,
    per_agent_growth: growth,
  });
}
