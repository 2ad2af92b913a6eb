// `npm run test:chaos [-- --runs N --agents N --only a,b]`: the chaos suite. Each run bootstraps a 5-node MDM
// cluster (every agent a data node) on a fresh simulated world while one fault class, or a combination, is
// injected; the end state is checked against the simulator. Prints a table and one summary line; exits 1 if any
// run did not survive. All runs share one Temporal dev server of its own (the temporal-kill9 run kills it).
import { parseArgs } from 'node:util';
import { COMBINATIONS, FAULT_CLASSES, faultClass, type ChaosFault } from './lib/chaos-faults';
import { rowsOf, summaryLine, table } from './lib/chaos-report';
import { runChaos, type RunResult } from './lib/chaos-run';
import { startChaosTemporal } from './lib/chaos-temporal';

function positive(name: string, v: string | undefined, dflt: number): number {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}…` : s);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, agents: { type: 'string' }, only: { type: 'string' } },
  });
  const runs = positive('runs', values.runs, 1);
  // 10 agents: the 5 MDM nodes and 5 more, all 10 of them data nodes (SDS + devices + SDC).
  const agents = positive('agents', values.agents, 10);
  if (agents < 5) throw new Error('--agents: a 5-node MDM cluster needs at least 5 agents');
  const plan: ChaosFault[][] = values.only
    ? values.only.split(',').map((n) => n.split('+').map(faultClass))
    : [...FAULT_CLASSES.map((f) => [f]), ...COMBINATIONS.map((c) => c.map(faultClass))];
  const classes = new Set(plan.flat().map((f) => f.name)).size;

  const temporal = await startChaosTemporal();
  process.stderr.write(`chaos: Temporal dev server at ${temporal.address} (data in ${temporal.dir})\n`);
  const results: RunResult[] = [];
  try {
    for (let round = 1; round <= runs; round++) {
      for (const faults of plan) {
        const r = await runChaos(faults, { agents, temporal });
        results.push(r);
        const head = `chaos: ${r.fault} run ${round}: ${r.survived ? 'survived' : 'NOT SURVIVED'} in ${(r.ms / 1000).toFixed(0)} s`;
        const causes = [...new Set(r.retries.map((x) => clip(`${x.what.replace(/ attempt \d+$/, '')}: ${x.cause}`)))];
        process.stdout.write(
          [
            head,
            ...r.notes.map((n) => `  injected ${n}`),
            `  retries in history: ${r.retries.length}${causes.length ? '' : ' (none)'}`,
            ...causes.slice(0, 8).map((c) => `    ${c}`),
            ...r.problems.map((p) => `  PROBLEM ${p}`),
          ].join('\n') + '\n'
        );
      }
    }
  } finally {
    await temporal.stop();
  }
  const rows = rowsOf(results);
  process.stdout.write(`\n${table(rows)}\n${summaryLine(rows, classes)}\n`);
  return results.every((r) => r.survived) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
);
