// Counters the owner reads (and later exports to Prometheus). Plain data, no dependency.

export interface SchedulerMetrics {
  /** Decoded stream events by Mesos event type (HEARTBEAT included). */
  eventsByType: Record<string, number>;
  /** SUBSCRIBE requests sent (each redirect hop counts). */
  subscribeAttempts: number;
  /** SUBSCRIBED events received. */
  subscriptions: number;
  /** Streams lost after SUBSCRIBED, by reason. */
  disconnectsByReason: Record<string, number>;
  /** Re-subscriptions scheduled after a failure or a lost stream. */
  reconnects: number;
  heartbeatTimeouts: number;
  /** Calls by type, then by outcome: HTTP status ("202", "400") or "timeout" / "network". */
  callsByType: Record<string, Record<string, number>>;
  acknowledgements: number;
  streamBytes: number;
}

export function newMetrics(): SchedulerMetrics {
  return {
    eventsByType: {},
    subscribeAttempts: 0,
    subscriptions: 0,
    disconnectsByReason: {},
    reconnects: 0,
    heartbeatTimeouts: 0,
    callsByType: {},
    acknowledgements: 0,
    streamBytes: 0,
  };
}

export function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function countCall(m: SchedulerMetrics, callType: string, outcome: string): void {
  const byOutcome = (m.callsByType[callType] ??= {});
  bump(byOutcome, outcome);
}

/** A deep copy, so the owner can diff snapshots. */
export function snapshot(m: SchedulerMetrics): SchedulerMetrics {
  return structuredClone(m);
}
