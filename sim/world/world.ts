// The simulated datacenter in one call: a Mesos master and its agents, the node state behind them, the shims
// and control API that tasks call, a package repository and a ScaleIO gateway, all on loopback.
// Tests start it in-process; `npm run sim` starts it as its own process (sim/world/cli.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateways, type Gateway } from '../gateway';
import { startMesosMaster, type AgentSpec, type SimMesosCluster } from '../mesos';
import { NodeRegistry, nodeSpecFromAgent } from '../nodes';
import { startPackageRepo, type PackageRepo } from '../packages';
import { ScaleioCluster } from '../scaleio';
import { completeReboot, createControlHandler, SHIMS_DIR, shimEnv, type ControlDeps } from '../control';
import { startShimWire, type ShimWire } from '../control/shim-wire';
import { applyFault, FaultError, FAULTS, type FaultTarget } from './faults';
import { defaultAgent, defaultFleet } from './fleet';

export interface WorldOptions {
  /** Number of agents of the default fleet (default 6), or explicit specs. */
  agents?: number | AgentSpec[];
  /** Faults to apply once everything is up, in order (from a scenario file). */
  faults?: { name: string; params?: Record<string, unknown> }[];
  gatewayProtocol?: 'https' | 'http';
  /** Gateway endpoints in front of the one ScaleIO cluster, like one per MDM node (default 1, at most 16). */
  gatewayEndpoints?: number;
  /** Agent reboots take this long before the agent registers again (default 2000 ms). */
  rebootDelayMs?: number;
  mesos?: Parameters<typeof startMesosMaster>[0];
  seed?: number;
}

export interface World {
  masterUrl: string;
  /** The first gateway endpoint (gatewayUrls[0]). */
  gatewayUrl: string;
  /** Every gateway endpoint; joined by commas they make a SCALEIO_GATEWAY_URL list. */
  gatewayUrls: string[];
  /** One CA for every endpoint. */
  gatewayCa?: string;
  packagesUrl: string;
  controlUrl: string;
  mesos: SimMesosCluster;
  /** The first gateway endpoint (gateways[0]). */
  gateway: Gateway;
  /** Each endpoint has its own listener, tokens and faults. */
  gateways: Gateway[];
  cluster: ScaleioCluster;
  packages: PackageRepo;
  registry: NodeRegistry;
  fault(name: string, params?: Record<string, unknown>): Promise<unknown>;
  addAgent(hostname?: string): Promise<string>;
  state(): Record<string, unknown>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const specs = Array.isArray(opts.agents) ? opts.agents : defaultFleet(opts.agents ?? 6);
  // A fresh MDM has the factory password admin/admin until `scli --set_password` (as on real hardware).
  const cluster = new ScaleioCluster({ seed: opts.seed ?? 1, strictNodes: true, password: 'admin' });
  const registry = new NodeRegistry();
  for (const spec of specs) registry.add(nodeSpecFromAgent(spec));
  const [gateways, packages] = await Promise.all([
    startGateways(opts.gatewayEndpoints ?? 1, { cluster, protocol: opts.gatewayProtocol ?? 'https' }),
    startPackageRepo(),
  ]);
  const gateway = gateways[0]!;

  const control = createServer();
  const controlUrl = `http://127.0.0.1:${await listen(control)}`;
  // The shim listener starts once deps exist (below); no task runs before startWorld returns, so every
  // task gets its address.
  const shimWire: { current?: ShimWire } = {};
  const mesos = await startMesosMaster({
    ...opts.mesos,
    agents: specs,
    pathPrefix: [SHIMS_DIR],
    taskEnv: (ctx) => shimEnv(controlUrl, ctx.hostname, shimWire.current?.addr),
  });

  let nextIndex = specs.length + 1;
  const addAgent = async (hostname?: string): Promise<string> => {
    while (!hostname && registry.has(`node-${nextIndex}`)) nextIndex += 1;
    const spec = { ...defaultAgent(nextIndex), ...(hostname ? { hostname } : {}) };
    nextIndex += 1;
    registry.add(nodeSpecFromAgent(spec));
    await mesos.addAgent(spec);
    return spec.hostname;
  };
  const addDisk = (hostname: string, path: string, sizeGb: number) => {
    if (!registry.has(hostname))
      throw new FaultError('add-disk', [{ field: 'hostname', problem: `no node ${hostname}` }]);
    const node = registry.get(hostname);
    if (node.blockDevices.some((d) => d.path === path))
      throw new FaultError('add-disk', [{ field: 'path', problem: `${hostname} already has ${path}` }]);
    node.blockDevices.push({
      path,
      sizeKb: sizeGb * 1024 * 1024,
      fstype: null,
      mountpoint: null,
      system: false,
      inUseByScaleio: false,
    });
    // The MDM learns the disk sizes of a node the way an SDS would report them.
    cluster.declareNodeDisks(
      node.ip,
      Object.fromEntries(node.blockDevices.filter((d) => !d.system).map((d) => [d.path, d.sizeKb]))
    );
    return node.blockDevices.map((d) => d.path);
  };
  const target: FaultTarget = { mesos, gateway, gateways, cluster, packages: packages.faults, addAgent, addDisk };
  const state = (): Record<string, unknown> => ({
    nodes: registry.snapshot(),
    scaleio: cluster.snapshot(),
    installLog: registry.installLog.list(),
    mesos: {
      agents: mesos.agents().map((a) => ({ hostname: a.hostname, id: a.id, status: a.status })),
      tasks: mesos.taskLog(),
    },
  });

  const deps: ControlDeps = {
    registry,
    cluster,
    // The node goes down now; when its agent registers again (new agent id) its enabled services start.
    reboot: (hostname: string) =>
      void mesos.rebootAgent(hostname, opts.rebootDelayMs ?? 2000).then(() => completeReboot(deps, hostname)),
    restartAgent: (hostname: string) => mesos.restartAgent(hostname),
    agentDown: (hostname: string) => mesos.killAgent(hostname),
    // Endpoints are not tied to nodes here, so a gateway restart on any node drops every endpoint's tokens.
    gatewayRestarted: () => gateways.forEach((g) => g.revokeAllTokens()),
    extraState: () => ({ mesos: state().mesos }),
  };
  const shimHandler = createControlHandler(deps);
  const wire = await startShimWire(deps);
  shimWire.current = wire;

  control.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', controlUrl);
    const fault = /^\/sim\/faults\/([a-z-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === '/sim/faults') {
      return sendJson(res, 200, Object.fromEntries(Object.entries(FAULTS).map(([k, v]) => [k, v.doc])));
    }
    if (req.method === 'POST' && fault) {
      readJson(req)
        .then((params) => applyFault(target, fault[1] as string, params))
        .then(
          (result) => sendJson(res, 200, { ok: true, result }),
          (err: unknown) =>
            sendJson(res, err instanceof FaultError ? 400 : 409, {
              ok: false,
              message: err instanceof Error ? err.message : String(err),
            })
        );
      return;
    }
    shimHandler(req, res);
  });

  for (const f of opts.faults ?? []) await applyFault(target, f.name, f.params ?? {});

  return {
    masterUrl: mesos.url,
    gatewayUrl: gateway.url,
    gatewayUrls: gateways.map((g) => g.url),
    gatewayCa: gateway.ca,
    packagesUrl: packages.url,
    controlUrl,
    mesos,
    gateway,
    gateways,
    cluster,
    packages,
    registry,
    fault: (name, params) => applyFault(target, name, params ?? {}),
    addAgent,
    state,
    close: async () => {
      await mesos.close();
      await new Promise<void>((r) => control.close(() => r()));
      control.closeAllConnections();
      await wire.close();
      await Promise.all([...gateways.map((g) => g.close()), packages.close()]);
    },
  };
}
