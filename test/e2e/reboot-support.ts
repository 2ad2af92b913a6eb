// Helpers of the reboot e2e tests: fleets with chosen operating systems, a log of the simulated reboots (when
// each agent went down and came back), commands run on a node as its administrator would (the simulator's
// control API), an MDM cluster made directly in the ScaleIO model (no bootstrap) for on-boarding tests, and a
// probe that drives a reboot coordinator with stand-in requesters.
import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId as StartedRun } from '@temporalio/client';
import type { ClusterContext, MdmNode } from '../../common/cluster';
import { rebootsQuery, releaseRebootSignal, requestRebootSignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { RebootCoordinatorInput, RebootKind, RebootsView, RebootTurn } from '../../common/reboots';
import type { AgentSpec } from '../../sim/mesos';
import { defaultAgent, type World } from '../../sim/world';
import { waitFor } from '../support/bridge-process';
import { normalizedSpec, specFor } from '../support/stack';

type Os = NonNullable<AgentSpec['os']>;
export const UBUNTU14: Os = { family: 'ubuntu', version: '14.04' };
export const CENTOS7: Os = { family: 'centos', version: '7' };

/** node-1..N of the default fleet, with the given operating systems. */
export function fleetOf(oses: Os[]): AgentSpec[] {
  return oses.map((os, i) => ({ ...defaultAgent(i + 1), os }));
}

export interface SimReboot {
  hostname: string;
  downAt: number;
  upAt?: number;
}

/** Every reboot the simulated nodes go through, in order, with when the agent went down and came back. */
export function recordReboots(world: World): SimReboot[] {
  const log: SimReboot[] = [];
  const mesos = world.mesos;
  const original = mesos.rebootAgent.bind(mesos);
  mesos.rebootAgent = async (hostname: string, delayMs: number) => {
    const entry: SimReboot = { hostname, downAt: Date.now() };
    log.push(entry);
    await original(hostname, delayMs);
    entry.upAt = Date.now();
  };
  return log;
}

/** Runs one shimmed command on a node, as its administrator would (e.g. `service rexray stop`). */
export async function onNode(
  world: World,
  hostname: string,
  tool: string,
  argv: string[],
  stdin?: string
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const res = await fetch(`${world.controlUrl}/sim/shim/${tool}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ hostname, argv, env: {}, cwd: '/', ...(stdin !== undefined ? { stdin } : {}) }),
  });
  return (await res.json()) as { exitCode: number; stdout: string; stderr: string };
}

/**
 * A 3-node MDM cluster (primary, secondary, tie-breaker on node-1..3) declared in the model with its admin
 * password set, as a cluster bootstrap leaves it; the context a supervisor would hand to onboardAgent.
 */
export function clusterInModel(world: World, cluster: string, password: string): ClusterContext {
  const roles: MdmNode['role'][] = ['primary', 'secondary', 'tiebreaker'];
  const mdms = roles.map((role, i) => ({
    hostname: `node-${i + 1}`,
    ip: world.registry.get(`node-${i + 1}`).ip,
    role,
  }));
  const c = world.cluster;
  for (const m of mdms) c.installDaemon(m.ip, 'mdm');
  c.createMdmCluster(mdms[0]!.ip, 'mdm1');
  c.addStandbyMdm(mdms[1]!.ip, 'Manager', 'mdm2');
  c.addStandbyMdm(mdms[2]!.ip, 'TieBreaker', 'tb1');
  c.switchClusterMode('ThreeNodes', ['mdm2'], ['tb1']);
  c.login('admin', 'admin');
  c.setPassword('admin', password);
  return { spec: normalizedSpec(specFor(cluster, world)), mdms, gatewayEndpoint: `${world.gatewayUrl}/api` };
}

/** Packages installed more than once on a node (a repeated install step), as `host package` keys. */
export function repeatedInstalls(world: World): string[] {
  const count = new Map<string, number>();
  for (const e of world.registry.installLog.list()) {
    if (e.action === 'remove') continue;
    const key = `${e.hostname} ${e.package}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return [...count].filter(([, n]) => n > 1).map(([k]) => k);
}

/**
 * Drives a cluster's reboot coordinator from a test: its view, stand-in requesters (runs of a workflow that ignores
 * grants: another cluster's idle coordinator), releases; terminates what it started.
 */
export class CoordinatorProbe {
  private readonly started: StartedRun[] = [];

  constructor(
    private readonly client: Client,
    readonly cluster: string
  ) {}

  get handle(): WorkflowHandle {
    return this.client.workflow.getHandle(workflowIds.reboots(this.cluster));
  }

  /** Starts the coordinator ahead of the first request (which would start it with the defaults). */
  start(settings: Omit<RebootCoordinatorInput, 'cluster'> = {}): Promise<StartedRun> {
    return this.run(this.cluster, settings);
  }

  view(): Promise<RebootsView> {
    return this.handle.query(rebootsQuery);
  }

  /** A stand-in run asks for a turn (`on`: an earlier stand-in's run, to ask again from it). */
  async standIn(
    requestId: string,
    hostname: string,
    on?: StartedRun,
    kind: RebootKind = 'reboot'
  ): Promise<StartedRun> {
    const h = on ?? (await this.run(`${this.cluster}-${requestId}`, {}));
    // As a procedure asks: the request starts the coordinator when none runs.
    await this.client.workflow.signalWithStart('rebootCoordinator', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: workflowIds.reboots(this.cluster),
      args: [{ cluster: this.cluster }],
      signal: requestRebootSignal,
      signalArgs: [
        { requestId, workflowId: h.workflowId, runId: h.firstExecutionRunId, hostname, kind, reason: 'test stand-in' },
      ],
    });
    return h;
  }

  /** A stand-in that holds a turn (a reboot, so no other reboot is granted while it holds). */
  async holder(requestId: string, hostname: string): Promise<StartedRun> {
    const h = await this.standIn(requestId, hostname);
    await waitFor(
      'the stand-in to hold the turn',
      () => this.view(),
      (v) => v.holders.some((t) => t.requestId === requestId)
    );
    return h;
  }

  /** Waits for a holder other than `previous` (a control-plane host may wait out its settle time first). */
  async nextHolder(previous: string): Promise<RebootTurn> {
    const other = (x: RebootsView) => x.holders.find((t) => t.requestId !== previous);
    return other(
      await waitFor(
        'the next turn',
        () => this.view(),
        (x) => other(x) !== undefined
      )
    )!;
  }

  release(requestId: string, outcome: 'done' | 'failed' = 'done'): Promise<void> {
    return this.handle.signal(releaseRebootSignal, { requestId, outcome });
  }

  async stop(): Promise<void> {
    await Promise.all([this.handle, ...this.started].map((h) => h.terminate('test over').catch(() => undefined)));
  }

  private async run(cluster: string, settings: Omit<RebootCoordinatorInput, 'cluster'>): Promise<StartedRun> {
    const h = await this.client.workflow.start('rebootCoordinator', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: workflowIds.reboots(cluster),
      args: [{ cluster, ...settings }],
    });
    this.started.push(h);
    return h;
  }
}
