// Child process of `bench bridge`: a simulated Mesos master with N agents of the default fleet, so the master's
// work (allocation passes, answering DECLINEs) runs on its own core, as a real master would, and does not share
// an event loop with what is measured. Prints one JSON line `{"url":…,"agents":N}` once it listens; stops on
// SIGTERM. Environment: BENCH_SIM_AGENTS, BENCH_SIM_ALLOCATION_MS.
import { startMesosMaster } from '../../sim/mesos';
import { defaultFleet } from '../../sim/world/fleet';

function count(field: string, text: string | undefined, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`${field} must be a whole number 0..${max}, got ${text}`);
  return n;
}

async function main(): Promise<void> {
  const agents = count('agents', process.env.BENCH_SIM_AGENTS, 20000);
  const allocationIntervalMs = count('allocationIntervalMs', process.env.BENCH_SIM_ALLOCATION_MS, 600000) || 1000;
  const master = await startMesosMaster({ agents: defaultFleet(agents), allocationIntervalMs });
  process.stdout.write(`${JSON.stringify({ url: master.url, agents })}\n`);
  const stop = (): void => {
    master.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sim-master: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
