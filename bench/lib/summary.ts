/** Prints the one summary line of a benchmark: `bench <name>: k=v …`, plain numbers, units in the keys. */
export function summary(name: string, figures: Record<string, number>): string {
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const line = `bench ${name}: ${Object.entries(figures)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join(' ')}`;
  process.stdout.write(`${line}\n`);
  return line;
}
