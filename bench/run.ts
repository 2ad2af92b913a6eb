// `npm run bench` runs every benchmark; `npm run bench -- <name>` runs one. Each prints its figure as a ratio to a
// baseline measured in the same run, and ends with one summary line: `bench <name>: key=value … ratio=…`.
import { BENCHMARKS } from './index';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in BENCHMARKS));
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}\n`
    );
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHMARKS)) {
    const bench = BENCHMARKS[name as keyof typeof BENCHMARKS];
    await bench();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  }
);
