// A minimal Prometheus text exposition (format 0.0.4): the bridge's figures are plain counters and gauges read
// from its parts at scrape time, so a full client library would add weight and nothing else.

export type Labels = Record<string, string>;
export interface Sample {
  labels?: Labels;
  value: number;
}
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: Sample[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function renderLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples)
      lines.push(`${f.name}${renderLabels(s.labels)} ${Number.isFinite(s.value) ? s.value : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `{a: {x: 1}, b: {y: 2}}` → samples labelled by two keys, e.g. call type and HTTP status. */
export function nestedSamples(values: Record<string, Record<string, number>>, outer: string, inner: string): Sample[] {
  return Object.entries(values).flatMap(([o, byInner]) =>
    Object.entries(byInner).map(([i, value]) => ({ labels: { [outer]: o, [inner]: i }, value }))
  );
}

export function flatSamples(values: Record<string, number>, label: string): Sample[] {
  return Object.entries(values).map(([k, value]) => ({ labels: { [label]: k }, value }));
}
