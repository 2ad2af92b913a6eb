// bench onboard: on-boarding throughput of the product against plain Temporal on the same server, in one run.
//
// Setup (not timed): a Temporal dev server, a simulated world of 3 agents, the bridge and the scaleio worker as
// their own processes (see lib/onboard-stack.ts). bootstrapCluster builds the 3-node MDM cluster with its PD/SP
// and on-boards those 3 nodes; the supervisor's auto-onboarding is then switched off (so it does not race the
// bench for the same workflow ids), and the agents join the world; the bench waits until the bridge has
// reported every one of them to the supervisor, so discovery traffic is not part of the figure.
// Timed: one onboardAgent workflow per new agent, the cluster context given explicitly, at most `window` running
// at once; per_s is completed on-boardings per second, from the first start call to the last completion. Every
// completed node must be an SDS with its devices and an SDC in the sim's state. A failed on-boarding is
// described from its history, counted (failed=) and left out of per_s, and makes the bench exit non-zero after
// its summary line.
// Baseline (same server, same run, afterwards): as many workflows through the same window, each running as many
// no-op activities one after another as the matching onboardAgent history scheduled, through a worker process
// built like the scaleio worker (default Worker options). ratio = per_s / baseline_per_s (target >= 0.5).
// events = the median history length of the completed onboardAgent runs (target <= 300).
// Where the CPU goes is logged per process for each phase. The simulated datacenter does on 2 cores what 200
// machines do in production (every shim call a Node process), so the figures also split CPU per on-boarding into
// the control plane (Temporal + worker + bridge) and the simulator; cpu_ratio = baseline CPU per workflow /
// control-plane CPU per on-boarding: what the ratio would be where the control plane, not the nodes, is the limit.
// reboot_chain_s sums each reboot's span (reboot step scheduled → services verified). A cluster reboots one node
// at a time, so the run lasts at least that long, and ratio_cap_reboots = baseline_s / reboot_chain_s is the
// highest ratio the fleet's reboots allow (a quarter of the default fleet is Ubuntu 14.04, rebooting into 4.4).
import { clusterContextQuery, membersQuery, rebootsQuery, setPolicySignal } from '../common/messages';
import type { ClusterContext } from '../common/cluster';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../common/names';
import type { BootstrapReport } from '../workflows/bootstrap-cluster';
import { BASELINE_TASK_QUEUE } from './lib/onboard-baseline-activities';
import { bridgeCounters, describeGrowth } from './lib/onboard-bridge-metrics';
import { cpuMeter, type CpuGroups, type CpuUse } from './lib/onboard-cpu';
import { describeFailure } from './lib/onboard-failures';
import { deprioritise } from './lib/onboard-nice';
import { median } from './lib/median';
import {
  historyCounts,
  latencyLines,
  rebootChainLine,
  rebootChainMs,
  rebootSpans,
  stallLine,
  type HistoryCounts,
} from './lib/onboard-histories';
import { runBatch, type BatchResult } from './lib/onboard-run';
import { startOnboardStack, waitForLine, type OnboardStack } from './lib/onboard-stack';
import { summary } from './lib/summary';

function envInt(name: string, dflt: number, min: number, max: number): number {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? dflt : Number(raw);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return v;
}

/** Read when the bench runs (not when bench/index.ts is loaded for another benchmark). */
const settings = () => ({
  agents: envInt('BENCH_ONBOARD_AGENTS', 200, 1, 1000),
  /**
   * How many on-boardings run at once (and baseline workflows, the same). The supervisor on-boards at most
   * maxParallelOnboardings (1..64) nodes at a time; 200 at once would put 100 install tasks (the bridge's activity
   * slots) on 2 cores, and the work of the simulated nodes would starve the control plane into timeouts.
   */
  window: envInt('BENCH_ONBOARD_WINDOW', 32, 1, 1000),
});
type Settings = ReturnType<typeof settings>;
const MDM_AGENTS = 3;
/** Like Mesos' --allocation_interval; the real default is 1 s, tests use 100 ms. */
const ALLOCATION_INTERVAL_MS = 200;
const REBOOT_DELAY_MS = 1000;
/** The sim's task launcher: every task shell and shim of every simulated node runs under it. */
const SIM_TASKS = /launcher-process\.js/;
/**
 * BENCH_ONBOARD_NICE=1 runs the simulated nodes' work at the lowest CPU priority (see lib/onboard-nice.ts). Off
 * by default: on a host shared with other jobs, niced nodes lose to those jobs rather than to our control plane.
 */
const NICE_SIM = process.env.BENCH_ONBOARD_NICE === '1';

function log(text: string): void {
  process.stderr.write(`onboard: ${text}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logBatch(what: string, r: BatchResult): void {
  log(
    `${what}: ${r.completed} completed, ${r.failures.length} failed, in ${r.seconds.toFixed(1)} s = ${r.perS.toFixed(2)}/s`
  );
}

async function bootstrap(stack: OnboardStack): Promise<void> {
  const { client, cluster } = stack;
  const t0 = performance.now();
  const handle = await client.workflow.start('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    args: [{ ...stack.spec, waitForAgentsMinutes: 5 }],
  });
  const report = (await handle.result()) as BootstrapReport;
  const roles = report.mdms.map((m) => `${m.role} ${m.hostname}`).join(', ');
  log(`bootstrap done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${roles}`);
}

/** Adds the agents and waits until the supervisor knows every one (auto-onboarding off, so it only records them). */
async function addAgents(stack: OnboardStack, agents: number): Promise<string[]> {
  const supervisor = stack.client.workflow.getHandle(workflowIds.supervisor(stack.cluster));
  await supervisor.signal(setPolicySignal, { autoOnboard: false });
  const hosts: string[] = [];
  for (let i = 0; i < agents; i += 1) hosts.push(await stack.world.addAgent());
  const deadline = Date.now() + 300_000;
  for (;;) {
    const members = await supervisor.query(membersQuery);
    const known = members.filter((m) => hosts.includes(m.hostname));
    if (known.length === hosts.length) {
      const started = known.filter((m) => m.onboarding !== 'pending');
      if (started.length > 0) throw new Error(`the supervisor started on-boarding ${started[0]?.hostname}`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`the supervisor knows ${known.length} of ${hosts.length} new agents`);
    await sleep(1000);
  }
  log(`${hosts.length} agents joined and were reported to the supervisor`);
  return hosts;
}

/** Each new node must be an SDS with both free devices and an SDC: the work was really done. */
function checkOnboarded(stack: OnboardStack, hosts: string[]): void {
  const s = stack.world.cluster.snapshot();
  const missing = hosts.filter((h) => {
    const ip = stack.world.registry.get(h).ip;
    const sds = s.sds.find((x) => x.ipList.some((i) => i.ip === ip));
    return !sds || s.devices.filter((d) => d.sdsId === sds.id).length !== 2 || !s.sdcs.some((c) => c.sdcIp === ip);
  });
  if (missing.length > 0) throw new Error(`not on-boarded in the sim: ${missing.slice(0, 5).join(', ')}`);
  log(
    `sim state: ${s.sds.length} SDSs, ${s.devices.length} devices, ${s.sdcs.length} SDCs, ${s.volumes.length} volumes`
  );
}

interface Phase {
  batch: BatchResult;
  cpu: CpuUse;
}

/** The on-boardings, timed, checked in the sim's state; failures described from their histories. */
async function onboardAll(
  stack: OnboardStack,
  hosts: string[],
  context: ClusterContext,
  window: number
): Promise<Phase> {
  const { client, cluster } = stack;
  if (NICE_SIM) log(`sim task launcher(s) ${deprioritise(SIM_TASKS).join(', ') || 'not found'} reniced to 19`);
  const meter = cpuMeter(cpuGroups(stack));
  const offers = await bridgeCounters(stack.bridgeOpsUrl);
  const batch = await runBatch(
    client,
    hosts.map((hostname) => ({
      workflowType: 'onboardAgent',
      workflowId: workflowIds.onboard(cluster, hostname),
      taskQueue: TASK_QUEUE_SCALEIO,
      args: [{ cluster, hostname, context }],
    })),
    window,
    (t) => log(`onboarding: ${t}`)
  );
  const cpu = meter.since();
  log(cpu.line);
  log(`bridge: ${describeGrowth(offers, await bridgeCounters(stack.bridgeOpsUrl))}`);
  logBatch('onboardAgent', batch);
  for (const f of batch.failures.slice(0, 10))
    log(
      `  failed ${await describeFailure(client, f.workflowId).catch((e: unknown) => `${f.workflowId}: ${String(e)}`)}`
    );
  const failed = new Set(batch.failures.map((f) => f.workflowId));
  checkOnboarded(
    stack,
    hosts.filter((h) => !failed.has(workflowIds.onboard(cluster, h)))
  );
  return { batch, cpu };
}

/** As many no-op workflows as on-boardings, each with as many activities as its on-boarding scheduled. */
async function baselineFor(stack: OnboardStack, counts: HistoryCounts[], window: number): Promise<Phase> {
  const worker = stack.startChild('baseline', 'bench/lib/onboard-baseline-worker.ts', { SCALEIO_LOG_LEVEL: 'info' });
  try {
    await waitForLine(worker, 'worker started');
    const groups = cpuGroups(stack);
    const meter = cpuMeter({ ...groups, pids: { ...groups.pids, baseline: worker.proc.pid ?? -1 } });
    const runId = Date.now().toString(36);
    const batch = await runBatch(
      stack.client,
      counts.map((c, i) => ({
        workflowType: 'noopActivities',
        workflowId: `bench-onboard-baseline-${runId}-${i}`,
        taskQueue: BASELINE_TASK_QUEUE,
        args: [c.activities],
      })),
      window,
      (t) => log(`baseline: ${t}`)
    );
    const cpu = meter.since();
    log(cpu.line);
    logBatch('baseline', batch);
    if (batch.failures.length > 0) throw new Error(`baseline workflows failed: ${batch.failures[0]?.message}`);
    return { batch, cpu };
  } finally {
    await worker.stop();
  }
}

/**
 * How long reboot and agent-restart turns were held (the node down, back and verified), from the coordinator's
 * record of its latest turns. Its times are workflow times, so the hand-over from one reboot to the next shows in
 * the reboot chain line (from the histories), not here.
 */
async function rebootTurns(stack: OnboardStack): Promise<string> {
  const view = await stack.client.workflow.getHandle(workflowIds.reboots(stack.cluster)).query(rebootsQuery);
  const ms = (iso: string) => Date.parse(iso);
  const reboots = view.recent.filter((t) => t.kind === 'reboot');
  const held = reboots.map((t) => ms(t.releasedAt) - ms(t.grantedAt));
  const restarts = view.recent.filter((t) => t.kind === 'restart-agent');
  const s = (xs: number[]) => (xs.length > 0 ? (median(xs) / 1000).toFixed(2) : 'n/a');
  return (
    `reboot turns (latest ${reboots.length}): held median ${s(held)} s; ` +
    `agent restarts (latest ${restarts.length}): held median ${s(restarts.map((t) => ms(t.releasedAt) - ms(t.grantedAt)))} s`
  );
}

function cpuGroups(stack: OnboardStack): CpuGroups {
  const { server, bridge, worker } = stack;
  return {
    pids: { temporal: server.pid, bridge: bridge.proc.pid ?? -1, worker: worker.proc.pid ?? -1 },
    patterns: { 'sim-tasks': SIM_TASKS },
    selfName: 'bench+sim',
  };
}

async function measure(stack: OnboardStack, { agents, window }: Settings): Promise<Record<string, number>> {
  const { client, cluster } = stack;
  await bootstrap(stack);
  const context = await client.workflow.getHandle(workflowIds.supervisor(cluster)).query(clusterContextQuery);
  if (!context) throw new Error('the supervisor has no cluster context after the bootstrap');
  const hosts = await addAgents(stack, agents);

  const onboard = await onboardAll(stack, hosts, context, window);
  const failed = new Set(onboard.batch.failures.map((f) => f.workflowId));
  const counts = await historyCounts(
    client,
    hosts.map((h) => workflowIds.onboard(cluster, h))
  );
  const done = counts.filter((c) => !failed.has(c.workflowId));
  const events = median(done.map((c) => c.events));
  const activities = median(done.map((c) => c.activities));
  const spread = (xs: number[]) => `${Math.min(...xs)}..${Math.max(...xs)}`;
  log(
    `histories: events median ${events} (${spread(done.map((c) => c.events))}), activities per run median ` +
      `${activities} (${spread(done.map((c) => c.activities))}), ${counts.reduce((a, c) => a + c.activities, 0)} in all; ` +
      `workflow tasks timed out or failed: ${counts.reduce((a, c) => a + c.workflowTaskTrouble, 0)}`
  );
  for (const line of latencyLines(done)) log(line);
  log(await rebootTurns(stack));
  log(await stallLine(client, workflowIds.reboots(cluster)));
  const baseline = await baselineFor(stack, counts, window);

  // CPU per workflow: the control plane (Temporal + our processes) and the simulated datacenter apart.
  const u = (p: Phase, k: string) => p.cpu.used[k] ?? 0;
  const n = Math.max(1, onboard.batch.completed);
  const ctlCpu = (u(onboard, 'temporal') + u(onboard, 'bridge') + u(onboard, 'worker')) / n;
  const simCpu = (u(onboard, 'sim-tasks') + u(onboard, 'bench+sim')) / n;
  const baselineCpu = (u(baseline, 'temporal') + u(baseline, 'baseline')) / counts.length;
  // Reboots are one at a time (never two at once in a cluster), so the run lasts at least their sum: the highest
  // ratio this fleet allows, whatever the control plane does, is baseline_s / reboot_chain_s.
  const spans = rebootSpans(done);
  log(rebootChainLine(spans, done));
  const chainS = rebootChainMs(spans) / 1000;
  const chain: Record<string, number> =
    chainS > 0
      ? { reboots: spans.length, reboot_chain_s: chainS, ratio_cap_reboots: baseline.batch.seconds / chainS }
      : {};
  return {
    agents: hosts.length,
    window,
    per_s: onboard.batch.perS,
    baseline_per_s: baseline.batch.perS,
    ratio: onboard.batch.perS / baseline.batch.perS,
    events,
    activities,
    failed: onboard.batch.failures.length,
    onboard_s: onboard.batch.seconds,
    baseline_s: baseline.batch.seconds,
    ctl_cpu_s_per_onboard: ctlCpu,
    sim_cpu_s_per_onboard: simCpu,
    baseline_cpu_s_per_wf: baselineCpu,
    cpu_ratio: baselineCpu / ctlCpu,
    ...chain,
  };
}

export async function benchOnboard(): Promise<string> {
  const wanted = settings();
  const stack = await startOnboardStack({
    agents: MDM_AGENTS,
    allocationIntervalMs: ALLOCATION_INTERVAL_MS,
    rebootDelayMs: REBOOT_DELAY_MS,
    log,
  });
  try {
    const figures = await measure(stack, wanted);
    const line = summary('onboard', figures);
    if (figures.failed) throw new Error(`${figures.failed} onboardAgent workflow(s) failed (see above)`);
    return line;
  } finally {
    await stack.stop();
  }
}
