// Every fault the simulated datacenter can inject, by name, with its parameters checked before anything
// changes. The control API (POST /sim/faults/<name>), the `sim-ctl` CLI and scenario files all use this table.
import { Checker } from '../../common/validate';
import type { FieldProblem } from '../../common/errors';
import { type Gateway, MAX_GATEWAYS } from '../gateway';
import type { SimMesosCluster } from '../mesos';
import type { PackageRepoFaults } from '../packages/faults';
import type { ScaleioCluster } from '../scaleio';

export interface FaultTarget {
  mesos: SimMesosCluster;
  /** The first gateway endpoint (gateways[0]). */
  gateway: Gateway;
  /** Every gateway endpoint, one per simulated MDM node; faults name one by its index. */
  gateways: Gateway[];
  cluster: ScaleioCluster;
  packages: PackageRepoFaults;
  /** Adds an agent to Mesos and to the node registry; returns its hostname. */
  addAgent(hostname?: string): Promise<string>;
  /** Plugs a new raw disk into a node (hardware work, not a fault); returns the node's disks. */
  addDisk(hostname: string, path: string, sizeGb: number): unknown;
}

export class FaultError extends Error {
  constructor(
    readonly fault: string,
    readonly problems: readonly FieldProblem[]
  ) {
    super(`fault ${fault}: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
    this.name = 'FaultError';
  }
}

interface FaultDef<P> {
  doc: string;
  /** Reads the parameters; problems land in the checker. */
  parse(p: Checker): P;
  run(t: FaultTarget, params: P): unknown;
}

function fault<P>(def: FaultDef<P>): FaultDef<unknown> {
  return def as FaultDef<unknown>;
}

const str = (p: Checker, field: string) => p.string(field, { required: true, maxLength: 253 }) ?? '';
const hostname = (p: Checker) => ({ hostname: str(p, 'hostname') });
const endpoint = (p: Checker) => p.number('endpoint', { min: 0, max: MAX_GATEWAYS - 1, integer: true });

/** Gateway endpoint i; an index the world lacks is a parameter problem. */
function gatewayAt(t: FaultTarget, fault: string, i: number): Gateway {
  const g = t.gateways[i];
  if (g) return g;
  const n = t.gateways.length;
  throw new FaultError(fault, [{ field: 'endpoint', problem: `no endpoint ${i}: this world has ${n} (0-${n - 1})` }]);
}

/** Endpoint i, or every endpoint when i is not given. */
function gatewaysAt(t: FaultTarget, fault: string, i: number | undefined): Gateway[] {
  return i === undefined ? t.gateways : [gatewayAt(t, fault, i)];
}

export const FAULTS: Record<string, FaultDef<unknown>> = {
  'add-agent': fault({
    doc: 'add an agent to the fleet (hostname optional)',
    parse: (p) => ({ hostname: p.string('hostname', { maxLength: 253 }) }),
    run: (t, { hostname: h }) => t.addAgent(h),
  }),
  'add-disk': fault({
    doc: 'plug a new raw disk into a node (path /dev/sdX, sizeGb default 100), e.g. for addDevice',
    parse: (p) => {
      const path = str(p, 'path');
      if (path && !/^\/dev\/[a-z][a-z0-9]{1,15}$/.test(path)) p.fail('path', 'must look like /dev/sdd');
      return { hostname: str(p, 'hostname'), path, sizeGb: p.number('sizeGb', { min: 1, max: 65536 }) ?? 100 };
    },
    run: (t, v) => t.addDisk(v.hostname, v.path, v.sizeGb),
  }),
  'kill-agent': fault({
    doc: 'the agent process dies: tasks lost, offers rescinded',
    parse: hostname,
    run: (t, v) => t.mesos.killAgent(v.hostname),
  }),
  'restart-agent': fault({
    doc: 'the agent comes back under the same id',
    parse: hostname,
    run: (t, v) => t.mesos.restartAgent(v.hostname),
  }),
  'partition-agent': fault({
    doc: 'cut the agent off; its tasks keep running',
    parse: hostname,
    run: (t, v) => t.mesos.partitionAgent(v.hostname),
  }),
  'heal-agent': fault({ doc: 'end a partition', parse: hostname, run: (t, v) => t.mesos.healAgent(v.hostname) }),
  'reboot-agent': fault({
    doc: 'disconnect, then come back after delayMs (default 2000) under a new agent id',
    parse: (p) => ({ hostname: str(p, 'hostname'), delayMs: p.number('delayMs', { min: 0, max: 600000 }) ?? 2000 }),
    run: (t, v) => t.mesos.rebootAgent(v.hostname, v.delayMs),
  }),
  'drop-stream': fault({
    doc: "close a framework's subscription stream",
    parse: (p) => ({ frameworkId: str(p, 'frameworkId') }),
    run: (t, v) => t.mesos.dropStream(v.frameworkId),
  }),
  'master-failover': fault({
    doc: 'the master stops leading and answers 307 to leaderUrl; without leaderUrl it leads again',
    parse: (p) => ({ leaderUrl: p.string('leaderUrl', { maxLength: 1024 }) }),
    run: (t, v) => t.mesos.setLeader(v.leaderUrl ?? null),
  }),
  'fail-task': fault({
    doc: 'the task process dies (TASK_FAILED)',
    parse: (p) => ({ taskId: str(p, 'taskId') }),
    run: (t, v) => t.mesos.failTask(v.taskId),
  }),
  'lose-task': fault({
    doc: 'the task is lost (TASK_LOST / TASK_GONE)',
    parse: (p) => ({ taskId: str(p, 'taskId') }),
    run: (t, v) => t.mesos.loseTask(v.taskId),
  }),
  // Without `endpoint`, every gateway fails alike: the cluster behind them is what is sick.
  'gateway-fail': fault({
    doc: 'every gateway (or endpoint) answers status (default 500) to its next count (default 1) calls, or for ms',
    parse: (p) => ({
      status: p.number('status', { min: 400, max: 599, integer: true }) ?? 500,
      ms: p.number('ms', { min: 1, max: 3600000 }),
      count: p.number('count', { min: 1, max: 100000, integer: true }) ?? 1,
      endpoint: endpoint(p),
    }),
    run: (t, v) =>
      gatewaysAt(t, 'gateway-fail', v.endpoint).forEach(({ faults }) =>
        v.ms !== undefined ? faults.failFor(v.ms, v.status) : faults.failNext(v.count, v.status)
      ),
  }),
  'gateway-delay': fault({
    doc: 'calls to every gateway (or endpoint) hang delayMs for the next ms (timeouts)',
    parse: (p) => ({
      ms: p.number('ms', { required: true, min: 1 }) ?? 0,
      delayMs: p.number('delayMs', { required: true, min: 0 }) ?? 0,
      endpoint: endpoint(p),
    }),
    run: (t, v) => gatewaysAt(t, 'gateway-delay', v.endpoint).forEach((g) => g.faults.delayFor(v.ms, v.delayMs)),
  }),
  'gateway-expire-tokens': fault({
    doc: 'the tokens of every gateway (or of endpoint) expire: the next call gets 401',
    parse: (p) => ({ endpoint: endpoint(p) }),
    run: (t, v) => gatewaysAt(t, 'gateway-expire-tokens', v.endpoint).forEach((g) => g.faults.expireTokens()),
  }),
  'gateway-down': fault({
    doc: 'gateway endpoint (default 0) stops: connections refused, its tokens lost',
    parse: (p) => ({ endpoint: endpoint(p) ?? 0 }),
    run: (t, v) => gatewayAt(t, 'gateway-down', v.endpoint).down(),
  }),
  'gateway-up': fault({
    doc: 'gateway endpoint (default 0) starts again on its port',
    parse: (p) => ({ endpoint: endpoint(p) ?? 0 }),
    run: (t, v) => gatewayAt(t, 'gateway-up', v.endpoint).up(),
  }),
  'gateway-clear': fault({
    doc: 'end the 5xx and delay faults of every gateway (or of endpoint)',
    parse: (p) => ({ endpoint: endpoint(p) }),
    run: (t, v) => gatewaysAt(t, 'gateway-clear', v.endpoint).forEach((g) => g.faults.clear()),
  }),
  'fail-disk': fault({
    doc: 'a device of an SDS (name, id or IP) fails: degraded capacity, then rebuild',
    parse: (p) => ({ sds: str(p, 'sds'), path: str(p, 'path') }),
    run: (t, v) => t.cluster.failDevice(v.sds, v.path),
  }),
  'fill-capacity': fault({
    doc: 'fill a pool (poolId) or the whole system to percent',
    parse: (p) => ({
      percent: p.number('percent', { required: true, min: 0, max: 100 }) ?? 0,
      poolId: p.string('poolId'),
    }),
    run: (t, v) => t.cluster.fillCapacity(v.percent, v.poolId),
  }),
  'corrupt-package': fault({
    doc: 'serve a damaged copy of a package file (mode checksum or bad-magic)',
    parse: (p) => ({ file: str(p, 'file'), mode: p.oneOf('mode', ['checksum', 'bad-magic'] as const) ?? 'checksum' }),
    run: (t, v) => t.packages.corrupt(v.file, v.mode),
  }),
  'missing-package': fault({
    doc: 'answer 404 for a package file',
    parse: (p) => ({ file: str(p, 'file') }),
    run: (t, v) => t.packages.notFound(v.file),
  }),
  'reject-version': fault({
    doc: 'withdraw every package of a version',
    parse: (p) => ({ version: str(p, 'version') }),
    run: (t, v) => t.packages.rejectVersion(v.version),
  }),
  'packages-clear': fault({ doc: 'end package faults', parse: () => ({}), run: (t) => t.packages.clear() }),
};

/** Checks the parameters, then applies the fault; bad parameters change nothing. */
export async function applyFault(target: FaultTarget, name: string, params: unknown = {}): Promise<unknown> {
  const def = FAULTS[name];
  if (!def)
    throw new FaultError(name, [{ field: 'fault', problem: `unknown; known: ${Object.keys(FAULTS).join(', ')}` }]);
  const problems: FieldProblem[] = [];
  const checker = Checker.of(params, 'params', problems);
  const parsed = checker ? def.parse(checker) : undefined;
  if (problems.length > 0) throw new FaultError(name, problems);
  const result = await def.run(target, parsed);
  return result ?? { ok: true };
}
