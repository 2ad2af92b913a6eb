// The fault classes of the chaos suite. Each waits for a moment of the bootstrap where it hurts (MDM packages going
// in, data nodes being added), injects its fault through the real process or the simulator's fault API, and says
// what it did. `retryCause`: the fault must leave a retry with a matching cause in the workflow histories (faults
// the system absorbs below the workflows, e.g. a transparent re-login on 401 or a re-subscription, need not).
import type { WorkflowHandle } from '@temporalio/client';
import { progressQuery } from '../../common/messages';
import type { Progress } from '../../common/progress';
import { waitFor } from '../../test/support/bridge-process';
import type { ChaosStack } from './chaos-stack';
import type { ChaosTemporal } from './chaos-temporal';

export interface FaultContext {
  chaos: ChaosStack;
  handle: WorkflowHandle;
  /** The suite's own Temporal server; absent in jest (the shared server there is not ours to kill). */
  temporal?: ChaosTemporal;
}

export interface ChaosFault {
  name: string;
  doc: string;
  /** A retry in the histories must show this cause. */
  retryCause?: RegExp;
  needsServerControl?: boolean;
  /** Master options for the run's world. */
  mesos?: { offerTimeoutMs?: number };
  /** Injects the fault (waiting for its moment); returns what it did. */
  inject(ctx: FaultContext): Promise<string>;
  /** After the run: a problem if the fault never took effect. */
  evidence?(ctx: FaultContext): Promise<string | undefined>;
}

const LONG = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function untilProgress(ctx: FaultContext, what: string, ok: (p: Progress) => boolean): Promise<Progress> {
  return waitFor(
    what,
    () => ctx.handle.query(progressQuery).catch(() => undefined),
    (p) => !!p && ok(p),
    LONG
  ).then((p) => p!);
}

/** MDM packages are being installed: tasks in flight, no cluster yet. */
const mdmInstalls = (ctx: FaultContext) =>
  untilProgress(ctx, 'MDM installs in flight', (p) => p.phase === 'mdm-nodes' && p.done >= 3);

/** Data nodes are being on-boarded: the first SDS has devices. */
const dataNodes = (ctx: FaultContext) =>
  waitFor(
    'the first SDS device',
    async () => ctx.chaos.stack.world.cluster.snapshot().devices,
    (d) => d.length > 0,
    LONG
  );

/**
 * The first task seen running whose name matches. The task log is in this process, so it is read every 10 ms: a
 * quick install (under 200 ms on a quiet machine) once slipped between reads, and the fault was never injected.
 */
const liveTask = (ctx: FaultContext, match: (name: string) => boolean) =>
  waitFor(
    'a live install task',
    async () => ctx.chaos.stack.world.mesos.taskLog().find((t) => t.finalState === undefined && match(t.name)),
    (t) => t !== undefined,
    LONG,
    10
  ).then((t) => t!);

async function frameworkId(ctx: FaultContext): Promise<string> {
  const h = await ctx.chaos.bridge().health();
  if (!h.frameworkId) throw new Error('the bridge reports no framework id');
  return h.frameworkId;
}

export const FAULT_CLASSES: ChaosFault[] = [
  {
    name: 'worker-kill9',
    doc: 'kill -9 of the scaleio worker while MDM packages go in; a new worker process takes over',
    // The dead worker's workflow task times out, or an activity it was running does (StartToClose timeout).
    retryCause: /timed out|StartToClose timeout/,
    async inject(ctx) {
      const p = await mdmInstalls(ctx);
      await ctx.chaos.killWorker();
      ctx.chaos.startWorker();
      return `worker killed at ${p.phase} ${p.done}/${p.total}`;
    },
  },
  {
    name: 'bridge-kill9',
    doc: 'kill -9 of the mesos-bridge mid-install; restarted on the same state dir',
    retryCause: /timed out|heartbeat/i,
    async inject(ctx) {
      // At a moment when a task is running: its runOnAgent activity is in flight on the bridge being killed.
      await mdmInstalls(ctx);
      const t = await liveTask(ctx, (n) => n.startsWith('install-'));
      await ctx.chaos.killBridge();
      await sleep(1000);
      await ctx.chaos.startBridge();
      return `bridge killed during ${t.hostname}/${t.name}`;
    },
  },
  {
    name: 'temporal-kill9',
    doc: 'kill -9 of the Temporal dev server while data nodes join; restarted on the same SQLite file and port',
    needsServerControl: true,
    async inject(ctx) {
      if (!ctx.temporal) throw new Error('temporal-kill9 needs the chaos suite’s own server');
      await dataNodes(ctx);
      await ctx.temporal.killAndRestart(2000);
      return 'server killed while data nodes joined, down 2 s';
    },
  },
  {
    name: 'stream-drop',
    doc: 'the master drops the scheduler stream twice while MDM packages go in',
    async inject(ctx) {
      await mdmInstalls(ctx);
      const world = ctx.chaos.stack.world;
      for (let i = 0; i < 2; i++) {
        await world.fault('drop-stream', { frameworkId: await frameworkId(ctx) });
        await sleep(2000);
      }
      return 'stream dropped twice, 2 s apart';
    },
  },
  {
    name: 'master-failover',
    doc: 'the master loses leadership (307 to itself under another name) for 3 s while data nodes join',
    async inject(ctx) {
      await dataNodes(ctx);
      const world = ctx.chaos.stack.world;
      const elsewhere = world.masterUrl.replace('127.0.0.1', 'localhost');
      await world.fault('master-failover', { leaderUrl: elsewhere });
      await sleep(3000);
      await world.fault('master-failover', {});
      return 'no leader for 3 s, then the same address leads again';
    },
  },
  {
    name: 'agent-lost',
    doc: 'the agent of a node dies in the middle of its SDS install task; it comes back after 2 s',
    retryCause: /lost|gone|unreachable/i,
    async inject(ctx) {
      // An SDS install (data-node phase): later than the bridge kill, so in combination the two do not overlap.
      const t = await liveTask(ctx, (n) => n.startsWith('install-sds'));
      const world = ctx.chaos.stack.world;
      await world.fault('kill-agent', { hostname: t.hostname });
      await sleep(2000);
      await world.fault('restart-agent', { hostname: t.hostname });
      return `agent ${t.hostname} lost during ${t.name}`;
    },
  },
  {
    name: 'gateway-5xx',
    doc: 'the gateway answers 503 to every call for 4 s while data nodes join',
    retryCause: /503|unavailable/i,
    async inject(ctx) {
      await dataNodes(ctx);
      await ctx.chaos.stack.world.fault('gateway-fail', { ms: 4000, status: 503 });
      return 'gateway 503 burst of 4 s';
    },
  },
  {
    name: 'gateway-timeout',
    doc: 'gateway calls hang 4 s (worker timeout 3 s) for 5 s while data nodes join',
    retryCause: /timeout|timed out/i,
    async inject(ctx) {
      await dataNodes(ctx);
      await ctx.chaos.stack.world.fault('gateway-delay', { ms: 5000, delayMs: 4000 });
      return 'gateway hangs for 5 s';
    },
  },
  {
    name: 'token-expiry',
    doc: 'every gateway token expires, three times 1.5 s apart, while data nodes join',
    // the gateway client logs in again on a 401 within the same call
    async inject(ctx) {
      await dataNodes(ctx);
      for (let i = 0; i < 3; i++) {
        await ctx.chaos.stack.world.fault('gateway-expire-tokens');
        await sleep(1500);
      }
      return 'tokens revoked 3 times';
    },
  },
  {
    name: 'offer-rescind',
    doc: 'the master rescinds offers held longer than 20 ms (--offer_timeout) for the whole bootstrap',
    mesos: { offerTimeoutMs: 20 },
    async inject() {
      return 'offer timeout 20 ms';
    },
    async evidence(ctx) {
      const n = await ctx.chaos.bridge().metric('scaleio_bridge_offers_total', '{outcome="rescinded"}');
      return n && n > 0 ? undefined : `no offer was rescinded (metric: ${n})`;
    },
  },
  {
    name: 'corrupt-package',
    doc: 'every SDS package is served corrupt until the first install fails; the step re-runs and succeeds',
    retryCause: /^exit [1-9]/,
    async inject(ctx) {
      const world = ctx.chaos.stack.world;
      const files = world.packages.entries.filter((e) => e.header.role === 'sds').map((e) => e.fileName);
      for (const file of files) await world.fault('corrupt-package', { file, mode: 'checksum' });
      const failed = await waitFor(
        'an SDS install to fail',
        async () => world.mesos.taskLog().find((t) => t.name.startsWith('install-sds') && (t.exitCode ?? 0) !== 0),
        (t) => t !== undefined,
        LONG
      );
      await world.fault('packages-clear');
      return `${files.length} SDS packages corrupt until ${failed!.hostname} failed`;
    },
  },
  {
    name: 'failed-disk',
    doc: 'a device of the first SDS fails while the other data nodes join (rebuild)',
    async inject(ctx) {
      const [dev] = await dataNodes(ctx);
      await ctx.chaos.stack.world.fault('fail-disk', { sds: dev!.sdsId, path: dev!.deviceCurrentPathName });
      return `failed ${dev!.deviceCurrentPathName} of SDS ${dev!.sdsId}`;
    },
  },
];

export function faultClass(name: string): ChaosFault {
  const f = FAULT_CLASSES.find((x) => x.name === name);
  if (!f) throw new Error(`unknown fault ${name}; known: ${FAULT_CLASSES.map((x) => x.name).join(', ')}`);
  return f;
}

/** Faults injected together in one run. */
export const COMBINATIONS: string[][] = [
  ['worker-kill9', 'gateway-5xx'],
  ['bridge-kill9', 'agent-lost'],
];
