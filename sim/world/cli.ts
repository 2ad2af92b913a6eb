// `npm run sim -- [--agents N] [--gateways N] [--scenario FILE] [--info-file FILE]`: starts the simulated
// datacenter as its own process (with N gateway endpoints, default 1), prints one line per service, writes them
// (and the gateway CA) to an info file for `sim-ctl`, and runs until SIGINT/SIGTERM.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadScenario } from './scenario';
import { MAX_GATEWAYS } from '../gateway';
import { startWorld, type WorldOptions } from './world';

export const DEFAULT_INFO_FILE = resolve(__dirname, '../../.data/sim.json');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const opts: WorldOptions = {};
  const scenario = arg('--scenario');
  if (scenario) Object.assign(opts, loadScenario(scenario));
  const agents = arg('--agents');
  if (agents !== undefined) {
    if (!/^\d{1,5}$/.test(agents)) throw new Error(`--agents must be a whole number, got ${JSON.stringify(agents)}`);
    opts.agents = Number(agents);
  }
  const gateways = arg('--gateways');
  if (gateways !== undefined) {
    const n = /^\d{1,2}$/.test(gateways) ? Number(gateways) : NaN;
    if (!(n >= 1 && n <= MAX_GATEWAYS))
      throw new Error(`--gateways must be a whole number 1-${MAX_GATEWAYS}, got ${JSON.stringify(gateways)}`);
    opts.gatewayEndpoints = n;
  }
  const world = await startWorld(opts);
  const infoFile = resolve(arg('--info-file') ?? DEFAULT_INFO_FILE);
  mkdirSync(dirname(infoFile), { recursive: true });
  const caFile = join(dirname(infoFile), 'sim-gateway-ca.pem');
  if (world.gatewayCa) writeFileSync(caFile, world.gatewayCa);
  const info = {
    masterUrl: world.masterUrl,
    gatewayUrl: world.gatewayUrl,
    gatewayUrls: world.gatewayUrls,
    gatewayCaFile: world.gatewayCa ? caFile : undefined,
    packagesUrl: world.packagesUrl,
    controlUrl: world.controlUrl,
    pid: process.pid,
  };
  writeFileSync(infoFile, JSON.stringify(info, null, 2));
  const agentCount = world.mesos.agents().length;
  process.stdout.write(
    [
      `mesos master: ${world.masterUrl} (${agentCount} agents)`,
      // Several endpoints print as one comma-separated list, ready for SCALEIO_GATEWAY_URL.
      `scaleio gateway: ${world.gatewayUrls.join(',')} (CA: ${info.gatewayCaFile ?? 'none'})`,
      `package repository: ${world.packagesUrl}`,
      `sim control: ${world.controlUrl} (GET /sim/state, GET /sim/faults, POST /sim/faults/<name>)`,
      `sim info: ${infoFile}`,
    ].join('\n') + '\n'
  );
  const stop = () => void world.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
