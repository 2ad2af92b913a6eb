// Where the CPU goes during a phase of the onboard bench (Linux /proc). Each group is one long-lived process
// with the children it has reaped: the Temporal server, the bridge, the workers, the sim's task launcher (every
// task shell and shim of every simulated node runs under it and is reaped into it), and this process (the bench
// client and the simulated master, agents and gateway). Phases start and end with no task running, so reaped
// time is the whole of it; summing live descendants instead double counts and loses time as processes come
// and go. `others` is the rest of the machine, which is shared with other jobs.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const TICKS_PER_S = 100; // USER_HZ, `getconf CLK_TCK` on Linux

interface Stat {
  ppid: number;
  /** Own CPU seconds plus those of reaped children. */
  cpu: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3, the state.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(f[i - 3]);
    return { ppid: n(4), cpu: (n(14) + n(15) + n(16) + n(17)) / TICKS_PER_S };
  } catch {
    return undefined; // exited
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Pids of the processes under this one whose command line matches `pattern`. */
export function descendantsMatching(pattern: RegExp): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || !pattern.test(cmdline(Number(name)))) continue;
    let p: number | undefined = Number(name);
    while (p !== undefined && p > 1 && p !== process.pid) p = stat(p)?.ppid;
    if (p === process.pid) out.push(Number(name));
  }
  return out;
}

/** CPU seconds the whole machine was busy since boot (every process, ours or not). */
function machineBusy(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_S;
}

export interface CpuGroups {
  /** Named processes. */
  pids: Record<string, number>;
  /** Groups of processes under this one found by command line (at the start of the phase). */
  patterns?: Record<string, RegExp>;
  /** The name of this process's group. */
  selfName: string;
}

export interface CpuUse {
  /** CPU seconds per group (and `others`: the rest of the machine). */
  used: Record<string, number>;
  wallS: number;
  /** The same as one log line. */
  line: string;
}

/** Samples now; `since()` gives CPU seconds per group since then. */
export function cpuMeter(groups: CpuGroups): { since(): CpuUse } {
  const members: Record<string, number[]> = { [groups.selfName]: [process.pid] };
  for (const [name, pid] of Object.entries(groups.pids)) members[name] = [pid];
  for (const [name, re] of Object.entries(groups.patterns ?? {})) members[name] = descendantsMatching(re);
  const sample = (): Record<string, number> => {
    const busy = machineBusy();
    const out: Record<string, number> = {};
    for (const [name, pids] of Object.entries(members))
      out[name] = pids.reduce((a, pid) => a + (stat(pid)?.cpu ?? NaN), 0);
    out.others = busy - Object.values(out).reduce((a, v) => a + v, 0);
    return out;
  };
  const before = sample();
  const t0 = performance.now();
  return {
    since: () => {
      const after = sample();
      const wallS = (performance.now() - t0) / 1000;
      const used = Object.fromEntries(Object.entries(after).map(([name, v]) => [name, v - (before[name] ?? 0)]));
      const total = Object.values(used).reduce((a, v) => a + v, 0);
      const parts = Object.entries(used)
        .map(([name, v]) => `${name}=${v.toFixed(1)}`)
        .join(' ');
      const line =
        `cpu_s over ${wallS.toFixed(1)} s wall: ${parts} (machine busy ${total.toFixed(1)} of ` +
        `${(cpus().length * wallS).toFixed(0)}, load ${loadavg()[0]?.toFixed(1)})`;
      return { used, wallS, line };
    },
  };
}
