// Health of a ScaleIO cluster as the monitor reads it, and the pure alert logic. Each poll's reading is compared
// with the thresholds and with what is raised already: an alert is raised at its threshold and cleared only once
// the value is back past the threshold minus a margin (hysteresis), so a value at the edge does not flap.
// Pure and deterministic: the healthMonitor workflow runs it and carries its memory across continue-as-new.

import {
  ALERT_SEVERITY,
  type Alert,
  type AlertChange,
  type AlertKind,
  type HealthReading,
  type HealthThresholds,
  type MonitorMemory,
  type PerfMetric,
  type Severity,
} from './health-types';

export * from './health-types';

/** One evaluated condition: raise when it holds, clear (if raised) when `clear` holds. */
interface Check {
  kind: AlertKind;
  subject: string;
  raise: boolean;
  clear: boolean;
  message: string;
}

const pct = (x: number) => `${x.toFixed(1)}%`;
const gb = (kb: number) => `${(kb / 1048576).toFixed(1)} GB`;

function capacityChecks(r: HealthReading, t: HealthThresholds): Check[] {
  const out: Check[] = [];
  for (const p of r.pools) {
    if (p.maxKb <= 0) continue;
    const used = (p.inUseKb / p.maxKb) * 100;
    const levels = [
      ['capacity-high', t.capacityHighPercent ?? p.highPercent ?? r.highPercent ?? 80, 'high'],
      ['capacity-critical', t.capacityCriticalPercent ?? p.criticalPercent ?? r.criticalPercent ?? 90, 'critical'],
    ] as const;
    for (const [kind, limit, word] of levels) {
      const clearBelow = limit - t.capacityClearMarginPercent;
      out.push({
        kind,
        subject: p.name,
        raise: used >= limit,
        clear: used < clearBelow,
        message: `storage pool ${p.name} is ${pct(used)} full (${gb(p.inUseKb)} of ${gb(p.maxKb)}; ${word} threshold ${limit}%, clears below ${clearBelow}%)`,
      });
    }
    out.push(
      {
        kind: 'degraded-capacity',
        subject: p.name,
        raise: p.degradedKb > 0,
        clear: p.degradedKb === 0,
        message: `storage pool ${p.name} has ${gb(p.degradedKb)} with a single copy (${gb(p.rebuildKb)} left to rebuild)`,
      },
      {
        kind: 'failed-capacity',
        subject: p.name,
        raise: p.failedKb > 0,
        clear: p.failedKb === 0,
        message: `storage pool ${p.name} has ${gb(p.failedKb)} with no copy left (data unavailable)`,
      }
    );
  }
  return out;
}

function rebuildChecks(m: MonitorMemory, r: HealthReading, t: HealthThresholds): Check[] {
  const next: MonitorMemory['rebuild'] = {};
  const out = r.pools.map((p): Check => {
    const before = m.rebuild[p.id];
    const progressed = before !== undefined && p.rebuildKb < before.remainingKb;
    const stalled = p.rebuildKb > 0 && before !== undefined && !progressed ? before.stalledPolls + 1 : 0;
    next[p.id] = { remainingKb: p.rebuildKb, stalledPolls: stalled };
    return {
      kind: 'rebuild-stalled',
      subject: p.name,
      raise: stalled >= t.rebuildStallPolls,
      clear: p.rebuildKb === 0 || progressed,
      message:
        p.rebuildKb === 0
          ? `storage pool ${p.name} has nothing left to rebuild`
          : `storage pool ${p.name}: ${gb(p.rebuildKb)} left to rebuild, no progress for ${stalled} poll(s)` +
            ' (rebuild disabled on the pool, or no device with room to rebuild onto?)',
    };
  });
  m.rebuild = next;
  return out;
}

function connectionChecks(r: HealthReading): Check[] {
  const out: Check[] = [];
  for (const s of r.sds) {
    if (s.connection === undefined) continue;
    const down = s.connection !== 'Connected';
    out.push({
      kind: 'sds-disconnected',
      subject: s.name,
      raise: down,
      clear: !down,
      message: `SDS ${s.name} (${s.ips.join(', ')}) is ${s.connection} from the MDM`,
    });
  }
  if (!r.mdm) return out;
  for (const member of r.mdm.members) {
    const down = member.status !== 'Normal';
    out.push({
      kind: 'mdm-disconnected',
      subject: member.name,
      raise: down,
      clear: !down,
      message: `MDM ${member.name} (${member.role}, ${member.ips.join(', ')}) is ${member.status}`,
    });
  }
  const bad = r.mdm.clusterState !== 'ClusteredNormal';
  out.push({
    kind: 'mdm-cluster-degraded',
    subject: 'mdm',
    raise: bad,
    clear: !bad,
    message: `MDM cluster (${r.mdm.clusterMode}) is ${r.mdm.clusterState} with ${r.mdm.goodNodes} good node(s)`,
  });
  return out;
}

function performanceChecks(m: MonitorMemory, r: HealthReading, t: HealthThresholds): Check[] {
  const out: Check[] = [];
  const iopsBase = m.baselines.iops;
  const trusted = (b: { samples: number } | undefined): b is { value: number; samples: number } =>
    b !== undefined && b.samples >= t.baselineWarmupPolls;
  const busy = trusted(iopsBase) && iopsBase.value >= t.minBaselineIops;
  const drop = (kind: 'iops-drop' | 'bandwidth-drop', metric: PerfMetric, now: number, floor: number, unit: string) => {
    const b = m.baselines[metric];
    const eligible = trusted(b) && b.value >= floor;
    const base = b?.value ?? 0;
    const raiseBelow = base * (1 - t.performanceDropPercent / 100);
    const clearAt = base * (1 - (t.performanceDropPercent - t.performanceClearMarginPercent) / 100);
    out.push({
      kind,
      subject: 'system',
      raise: eligible && now < raiseBelow,
      clear: !eligible || now >= clearAt,
      message: `${metric} is ${now.toFixed(0)} ${unit}, baseline ${base.toFixed(0)} (alert below ${raiseBelow.toFixed(0)})`,
    });
  };
  drop('iops-drop', 'iops', r.performance.iops, t.minBaselineIops, 'IOPS');
  drop('bandwidth-drop', 'bandwidth', r.performance.bandwidthKbPerSec, t.minBaselineBandwidthKbPerSec, 'KB/s');
  const lat = r.performance.latencyUs;
  if (lat === null)
    out.push({ kind: 'latency-rise', subject: 'system', raise: false, clear: true, message: 'no client I/O to time' });
  else {
    const b = m.baselines.latency;
    const eligible = busy && trusted(b) && b.value > 0;
    const base = b?.value ?? 0;
    const raiseAbove = base * (1 + t.latencyRisePercent / 100);
    const clearAt = base * (1 + (t.latencyRisePercent - t.performanceClearMarginPercent) / 100);
    out.push({
      kind: 'latency-rise',
      subject: 'system',
      raise: eligible && lat > raiseAbove,
      clear: !eligible || lat <= clearAt,
      message: `latency is ${lat.toFixed(0)} µs, baseline ${base.toFixed(0)} µs (alert above ${raiseAbove.toFixed(0)})`,
    });
  }
  // The baseline learns from this sample only after it was judged against the earlier ones.
  learn(m, 'iops', r.performance.iops, t);
  learn(m, 'bandwidth', r.performance.bandwidthKbPerSec, t);
  if (lat !== null) learn(m, 'latency', lat, t);
  return out;
}

/** A rolling mean over about `baselinePolls` samples (exact mean until then, exponential after). */
function learn(m: MonitorMemory, metric: PerfMetric, value: number, t: HealthThresholds): void {
  const b = m.baselines[metric] ?? { value: 0, samples: 0 };
  const samples = b.samples + 1;
  const weight = 1 / Math.min(samples, t.baselinePolls);
  m.baselines[metric] = { value: b.value + (value - b.value) * weight, samples: Math.min(samples, 1e9) };
}

function gatewayCheck(m: MonitorMemory, error: string | undefined, t: HealthThresholds): Check {
  m.failedReads = error === undefined ? 0 : m.failedReads + 1;
  return {
    kind: 'gateway-unreachable',
    subject: 'gateway',
    raise: m.failedReads >= t.gatewayFailurePolls,
    clear: m.failedReads === 0,
    message:
      error === undefined
        ? 'the gateway answers again'
        : `${m.failedReads} reading(s) in a row failed; last: ${error.slice(0, 300)}`,
  };
}

/**
 * Judges one poll: a reading, or the error that prevented it (then only 'gateway-unreachable' is judged and
 * every other alert stays as it is). Returns the new memory and the changes, in a stable order.
 */
export function evaluateHealth(
  memory: MonitorMemory,
  reading: HealthReading | { error: string },
  t: HealthThresholds,
  at: string
): { memory: MonitorMemory; changes: AlertChange[] } {
  const m: MonitorMemory = structuredCopy(memory);
  const error = 'error' in reading ? reading.error : undefined;
  const checks = [gatewayCheck(m, error, t)];
  if (!('error' in reading))
    checks.push(
      ...capacityChecks(reading, t),
      ...rebuildChecks(m, reading, t),
      ...connectionChecks(reading),
      ...performanceChecks(m, reading, t)
    );
  // Kinds this poll could judge: only the gateway when the reading failed, the MDM ones only when it was described.
  const judged = new Set<AlertKind>(
    'error' in reading
      ? ['gateway-unreachable']
      : (Object.keys(ALERT_SEVERITY) as AlertKind[]).filter((k) => reading.mdm !== null || !k.startsWith('mdm-'))
  );
  const seen = new Set(checks.map((c) => alertId(c.kind, c.subject)));
  const changes: AlertChange[] = [];
  const active: Alert[] = [];
  for (const a of m.active) {
    const c = checks.find((x) => x.kind === a.kind && x.subject === a.subject);
    // A subject that is gone (pool or SDS removed) cannot stay alerting.
    const gone = judged.has(a.kind) && !seen.has(a.id);
    if (gone || c?.clear) {
      const reason = gone ? `${a.subject} is no longer reported` : c!.message;
      changes.push({ seq: ++m.seq, change: 'cleared', at, alert: a, reason });
    } else active.push(a);
  }
  for (const c of checks) {
    const id = alertId(c.kind, c.subject);
    if (!c.raise || active.some((a) => a.id === id)) continue;
    const alert: Alert = {
      id,
      kind: c.kind,
      severity: ALERT_SEVERITY[c.kind],
      subject: c.subject,
      message: c.message,
      raisedAt: at,
    };
    active.push(alert);
    changes.push({ seq: ++m.seq, change: 'raised', at, alert });
  }
  m.active = active;
  return { memory: m, changes };
}

export function alertId(kind: AlertKind, subject: string): string {
  return `${kind}:${subject}`;
}

/** The worst severity among raised alerts, or 'ok'. */
export function overallStatus(active: readonly Alert[]): 'ok' | Severity {
  if (active.some((a) => a.severity === 'critical')) return 'critical';
  return active.length > 0 ? 'warning' : 'ok';
}

function structuredCopy<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
