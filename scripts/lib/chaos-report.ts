// The chaos suite's table (one row per fault class or combination) and its one-line summary.
import type { RunResult } from './chaos-run';

export interface Row {
  fault: string;
  runs: number;
  survived: number;
  duplicates: number;
  lost: number;
  orphans: number;
  retries: number;
}

export function rowsOf(results: readonly RunResult[]): Row[] {
  const rows = new Map<string, Row>();
  for (const r of results) {
    const row = rows.get(r.fault) ?? {
      fault: r.fault,
      runs: 0,
      survived: 0,
      duplicates: 0,
      lost: 0,
      orphans: 0,
      retries: 0,
    };
    row.runs += 1;
    if (r.survived) row.survived += 1;
    row.duplicates += r.end?.duplicates.length ?? 0;
    // A run that never reached its end-state check lost the whole bootstrap: count it as one loss.
    row.lost += r.end ? r.end.lost.length : 1;
    row.orphans += r.end?.orphans.length ?? 0;
    row.retries += r.retries.length;
    rows.set(r.fault, row);
  }
  return [...rows.values()];
}

export function table(rows: readonly Row[]): string {
  const head = ['fault', 'runs', 'survived', 'duplicates', 'lost', 'orphans', 'retries'];
  const cells = rows.map((r) => [r.fault, r.runs, r.survived, r.duplicates, r.lost, r.orphans, r.retries].map(String));
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(width[i]!) : x.padStart(width[i]!))).join('  ');
  return [line(head), ...cells.map(line)].join('\n');
}

export function summaryLine(rows: readonly Row[], faultClasses: number): string {
  const sum = (k: keyof Omit<Row, 'fault'>) => rows.reduce((s, r) => s + r[k], 0);
  return (
    `chaos: faults=${faultClasses} runs=${sum('runs')} survived=${sum('survived')} ` +
    `duplicates=${sum('duplicates')} lost=${sum('lost')} orphans=${sum('orphans')}`
  );
}
