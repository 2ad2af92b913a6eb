// `npm run sim-ctl -- <command> [key=value …]`: talks to a running simulator's control API.
//   sim-ctl faults                         list the faults
//   sim-ctl state                          print GET /sim/state
//   sim-ctl add-agent [hostname=node-9]    any fault name, with its parameters as key=value
// The control URL comes from --url, $SIM_CONTROL_URL, or the info file `npm run sim` wrote (.data/sim.json).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

function controlUrl(): string {
  const i = process.argv.indexOf('--url');
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1] as string;
  if (process.env.SIM_CONTROL_URL) return process.env.SIM_CONTROL_URL;
  const file = resolve(__dirname, '../../.data/sim.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { controlUrl: string }).controlUrl;
  } catch {
    throw new Error(
      `no simulator found: start one with \`npm run sim\`, or pass --url / set SIM_CONTROL_URL (${file} not readable)`
    );
  }
}

/** key=value → JSON value when it parses as one (numbers, true/false), else the string. */
export function parseParams(args: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new Error(`parameters are key=value, got ${JSON.stringify(a)}`);
    const raw = a.slice(eq + 1);
    out[a.slice(0, eq)] = /^(-?\d+(\.\d+)?|true|false)$/.test(raw) ? JSON.parse(raw) : raw;
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--url' && all[i - 1] !== '--url');
  const [command, ...rest] = args;
  if (!command) throw new Error('usage: sim-ctl <faults|state|FAULT> [key=value …]');
  const base = controlUrl();
  const res =
    command === 'state' || command === 'faults'
      ? await fetch(`${base}/sim/${command}`)
      : await fetch(`${base}/sim/faults/${encodeURIComponent(command)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(parseParams(rest)),
        });
  const body = await res.text();
  process.stdout.write(`${body}\n`);
  if (!res.ok) process.exit(1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`sim-ctl: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
