// A built cluster for node-procedure tests, without bootstrapCluster: a simulated world whose MDM cluster is made
// directly in the ScaleIO model (3-node: primary, secondary, tie-breaker on the first three agents), PD/SP created
// through the gateway, the real bridge as its own process, an in-process `scaleio` worker, and the real
// onboardAgent workflow run for the data nodes, so they carry real SDS/SDC packages and an SDS with devices.
// The cluster supervisor gets the context with `clusterReady` (auto-onboarding off), as bootstrap would hand it over.
import { GatewayClient } from '../../activities/gateway';
import type { ClusterContext, MdmNode } from '../../common/cluster';
import { clusterReadySignal, membersQuery, setPolicySignal } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { validateClusterSpec } from '../../common/spec';
import type { AgentSpec, BlockDevice } from '../../sim/mesos';
import { defaultFleet, startWorld, type World } from '../../sim/world';
import { startBridgeProcess, waitFor, type BridgeProcess } from './bridge-process';
import { startFixtureWorker, type FixtureWorker } from './fixture-worker';
import { uniqueName } from './temporal';
import { runScaleioWorker, type Running } from './worker-lifecycle';

export const ADMIN_PASSWORD = 'Fixture-Pass-1';
const MDM_ROLES: MdmNode['role'][] = ['primary', 'secondary', 'tiebreaker'];

export interface ClusterFixtureOptions {
  /** Cluster name prefix (a unique suffix is added). */
  prefix: string;
  agents: number;
  /** Nodes the fixture on-boards with onboardAgent (each gets an SDS with all its free disks). */
  dataNodes: string[];
  /** More block devices per hostname, e.g. a disk with a filesystem. */
  extraDevices?: Record<string, BlockDevice[]>;
  /** Further storage pools to create in the protection domain. */
  extraPools?: string[];
}

export interface ClusterFixture {
  cluster: string;
  world: World;
  client: Running['client'];
  gateway: GatewayClient;
  context: ClusterContext;
  /** For callScaleio (test/fixtures/workflows). */
  fixtures: FixtureWorker;
  bridge: BridgeProcess;
  /** Simulated data motion runs `factor` times faster than real time (1: the gateway's own pace). */
  speedUp(factor: number): void;
  /** What a refused procedure must leave as it was: SDSs, devices, SDCs, volumes, packages, install log. */
  shape(): ClusterShape;
  nodeIp(hostname: string): string;
}

export interface ClusterShape {
  sds: string[];
  devices: string[];
  sdcs: string[];
  volumes: string[];
  packages: Record<string, string[]>;
  installLogLength: number;
}

function fleet(opts: ClusterFixtureOptions): AgentSpec[] {
  return defaultFleet(opts.agents).map((a) => ({
    ...a,
    blockDevices: [...(a.blockDevices ?? []), ...(opts.extraDevices?.[a.hostname] ?? [])],
  }));
}

/**
 * What a fixture started, stopped in reverse order by afterAll even when beforeAll timed out half-way; anything
 * started after that is stopped at once.
 */
export class Teardown {
  private readonly stops: (() => Promise<void>)[] = [];
  private closed = false;

  async add(stop: () => Promise<void>): Promise<void> {
    if (this.closed) await stop();
    else this.stops.push(stop);
  }

  async run(): Promise<void> {
    this.closed = true;
    for (const stop of this.stops.splice(0).reverse()) await stop().catch(() => undefined);
  }
}

export async function startClusterFixture(opts: ClusterFixtureOptions, teardown: Teardown): Promise<ClusterFixture> {
  const cluster = uniqueName(opts.prefix);
  const world = await startWorld({ agents: fleet(opts), mesos: { allocationIntervalMs: 100 } });
  await teardown.add(() => world.close());
  const ipOf = (h: string) => world.registry.get(h).ip;
  const mdms = MDM_ROLES.map((role, i) => ({ hostname: `node-${i + 1}`, ip: ipOf(`node-${i + 1}`), role }));
  createMdmCluster(world, mdms);
  const gateway = new GatewayClient({
    url: world.gatewayUrl,
    user: 'admin',
    password: ADMIN_PASSWORD,
    ca: world.gatewayCa,
  });
  await teardown.add(() => gateway.close());
  const pd = await gateway.protectionDomains.ensure('pd1');
  for (const sp of ['sp1', ...(opts.extraPools ?? [])])
    await gateway.storagePools.ensure({ name: sp, protectionDomainId: pd.id });

  const env = await runScaleioWorker({ gateway });
  await teardown.add(() => env.stop());
  const fixtures = await startFixtureWorker();
  await teardown.add(() => fixtures.stop());
  const supervisor = workflowIds.supervisor(cluster);
  await env.client.workflow.signalWithStart('clusterSupervisor', {
    workflowId: supervisor,
    taskQueue: TASK_QUEUE_SCALEIO,
    args: [{ cluster, policy: { autoOnboard: false } }],
    signal: setPolicySignal,
    signalArgs: [{ autoOnboard: false }],
  });
  await teardown.add(() =>
    env.client.workflow
      .getHandle(supervisor)
      .terminate('test over')
      .then(
        () => undefined,
        () => undefined
      )
  );
  const bridge = await startBridgeProcess({
    masterUrl: world.masterUrl,
    cluster,
    env: { SCALEIO_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  await teardown.add(() => bridge.stop());
  await waitFor(
    'every agent to reach the supervisor',
    () => env.client.workflow.getHandle(supervisor).query(membersQuery),
    (m) => m.length === opts.agents
  );

  const context = clusterContext(world, cluster, mdms);
  // skipVerify: the test volume needs three SDSs in the pool, which parallel first on-boardings do not have yet.
  const onboardings = await Promise.allSettled(
    opts.dataNodes.map((hostname) =>
      env.client.workflow.execute('onboardAgent', {
        taskQueue: TASK_QUEUE_SCALEIO,
        workflowId: workflowIds.onboard(cluster, hostname),
        args: [{ cluster, hostname, context, skipVerify: true }],
      })
    )
  );
  const failed = onboardings.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
  const onboarded = world.registry.list().map((n) => n.hostname);
  await env.client.workflow.getHandle(supervisor).signal(clusterReadySignal, { context, onboarded });

  let ticker: NodeJS.Timeout | undefined;
  await teardown.add(async () => clearInterval(ticker));
  return {
    cluster,
    world,
    client: env.client,
    gateway,
    context,
    fixtures,
    bridge,
    speedUp(factor) {
      clearInterval(ticker);
      ticker = factor > 1 ? setInterval(() => world.cluster.tick((factor - 1) * 100), 100) : undefined;
    },
    shape: () => shapeOf(world),
    nodeIp: ipOf,
  };
}

/** The MDM daemons are declared in the model (no MDM packages on those nodes), then clustered in 3-node mode. */
function createMdmCluster(world: World, mdms: MdmNode[]): void {
  const c = world.cluster;
  for (const m of mdms) c.installDaemon(m.ip, 'mdm');
  const [primary, secondary, tb] = mdms as [MdmNode, MdmNode, MdmNode];
  c.createMdmCluster(primary.ip, 'mdm1');
  c.addStandbyMdm(secondary.ip, 'Manager', 'mdm2');
  c.addStandbyMdm(tb.ip, 'TieBreaker', 'tb1');
  c.switchClusterMode('ThreeNodes', ['mdm2'], ['tb1']);
  c.login('admin', 'admin');
  c.setPassword('admin', ADMIN_PASSWORD);
}

function clusterContext(world: World, cluster: string, mdms: MdmNode[]): ClusterContext {
  const v = validateClusterSpec({
    name: cluster,
    mdmMode: 3,
    protectionDomain: 'pd1',
    storagePool: 'sp1',
    passwordRef: 'env:SCALEIO_ADMIN_PASSWORD',
    packages: { repository: world.packages.dirs.scaleio },
    volumeDriver: {
      repository: world.packages.dirs.rexray,
      isolatorUrl: world.packages.fileUrl('libmesos_dvdi_isolator-1.0.1.so'),
    },
  });
  if (!v.ok) throw new Error(`fixture spec: ${JSON.stringify(v.problems)}`);
  return { spec: v.spec, mdms, gatewayEndpoint: `${world.gatewayUrl}/api` };
}

function shapeOf(world: World): ClusterShape {
  const s = world.cluster.snapshot();
  const sorted = (xs: string[]) => [...xs].sort();
  return {
    sds: sorted(s.sds.map((x) => `${x.name}:${x.sdsState}`)),
    devices: sorted(s.devices.map((d) => `${d.sdsId}:${d.deviceCurrentPathName}:${d.storagePoolId}:${d.deviceState}`)),
    sdcs: sorted(s.sdcs.map((c) => `${c.sdcIp}:${c.mdmConnectionState}`)),
    volumes: sorted(s.volumes.map((v) => v.name)),
    packages: Object.fromEntries(
      world.registry.list().map((n) => [n.hostname, sorted(Object.keys(n.packages))] as [string, string[]])
    ),
    installLogLength: world.registry.installLog.list().length,
  };
}
