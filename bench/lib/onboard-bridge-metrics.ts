// The bridge's offer and call counters (its Prometheus /metrics), read before and after a phase, so the log says
// how many offers the bridge handled per task it launched and how many supervisor signals it sent.
/** Short name → the counter in the bridge's exposition. */
const COUNTERS: Record<string, string> = {
  offers_received: 'scaleio_bridge_offers_total{outcome="received"}',
  offers_declined: 'scaleio_bridge_offers_total{outcome="declined"}',
  offers_used: 'scaleio_bridge_offers_total{outcome="used"}',
  offers_rescinded: 'scaleio_bridge_offers_total{outcome="rescinded"}',
  revives: 'scaleio_bridge_calls_total{type="REVIVE",status="202"}',
  suppresses: 'scaleio_bridge_calls_total{type="SUPPRESS",status="202"}',
  supervisor_signals: 'scaleio_bridge_signals_sent_total',
};

export async function bridgeCounters(opsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n'))
    for (const [short, name] of Object.entries(COUNTERS))
      if (line.startsWith(`${name} `)) out[short] = Number(line.slice(name.length + 1));
  return out;
}

/** One log line: each counter's growth since `before`. */
export function describeGrowth(before: Record<string, number>, after: Record<string, number>): string {
  return Object.entries(after)
    .map(([k, v]) => `${k}=${v - (before[k] ?? 0)}`)
    .join(' ');
}
