// The health monitor's activities: one reading of the cluster through the gateway (capacity and protection per
// pool, SDS and MDM connections, client performance), the record of alert changes (history and the worker's
// log), and the optional webhook a change is posted to. The workflow's retry policy retries a failed post.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import axios from 'axios';
import type {
  AlertChange,
  HealthReading,
  MdmHealth,
  MdmMemberHealth,
  PoolHealth,
  SdsHealth,
} from '../../common/health';
import { HEALTH_STATISTICS, type GatewayClient, type MdmCluster, type StatisticsValues } from '../gateway';
import { withGateway, type ScaleioDeps } from './gateway-call';

const PERFORMANCE_STATISTICS = ['primaryReadBwc', 'primaryWriteBwc'] as const;
const LATENCY_STATISTICS = ['userDataSdcReadLatency', 'userDataSdcWriteLatency'] as const;
const REBUILD = ['Fwd', 'Bck', 'Norm'].flatMap((d) => [
  `pending${d}RebuildCapacityInKb`,
  `active${d}RebuildCapacityInKb`,
]);
const REBALANCE = ['pendingRebalanceCapacityInKb', 'activeRebalanceCapacityInKb'];

/** What the webhook receives for each alert change (JSON body; also sent as the Idempotency-Key header: id). */
export interface AlertEvent extends AlertChange {
  /** Unique per change of one monitor (its first run id and the change's seq): receivers drop repeats by it. */
  id: string;
  cluster: string;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const sum = (s: StatisticsValues | undefined, keys: readonly string[]) => keys.reduce((a, k) => a + num(s?.[k]), 0);

/** A bandwidth counter {numOccured, numSeconds, totalWeightInKb} (sic) as per-second operations and weight. */
function bwc(v: unknown): { ops: number; weight: number } {
  if (typeof v !== 'object' || v === null) return { ops: 0, weight: 0 };
  const c = v as Record<string, unknown>;
  const secs = num(c.numSeconds) > 0 ? num(c.numSeconds) : 1;
  return { ops: num(c.numOccured) / secs, weight: num(c.totalWeightInKb) / secs };
}

function mdmHealth(c: MdmCluster): MdmHealth {
  const members: MdmMemberHealth[] = [];
  const add = (
    role: MdmMemberHealth['role'],
    n: { id: string; name?: string | null; ips: string[]; status?: string }
  ) => members.push({ name: n.name ?? n.id, role, ips: [...n.ips], status: n.status ?? 'Normal' });
  if (c.master) add('master', c.master);
  for (const s of c.slaves ?? []) add('slave', s);
  for (const t of c.tieBreakers ?? []) add('tiebreaker', t);
  return { clusterState: c.clusterState, clusterMode: c.clusterMode, goodNodes: c.goodNodesNum, members };
}

/** Average client latency (µs) over every SDC: null when no I/O was timed. */
async function sdcLatency(gw: GatewayClient): Promise<number | null> {
  const reply = await gw.post<Record<string, unknown>>('/api/instances/querySelectedStatistics', {
    selectedStatisticsList: [{ type: 'Sdc', allIds: '', properties: [...LATENCY_STATISTICS] }],
  });
  const sdcs = (reply?.Sdc ?? {}) as Record<string, Record<string, unknown>>;
  let ops = 0;
  let weight = 0;
  for (const s of Object.values(sdcs))
    for (const k of LATENCY_STATISTICS) {
      const c = bwc(s[k]);
      ops += c.ops;
      weight += c.weight;
    }
  return ops > 0 ? weight / ops : null;
}

async function read(gw: GatewayClient): Promise<HealthReading> {
  const [system, domains, pools, sdss, stats, latencyUs] = await Promise.all([
    gw.system(),
    gw.protectionDomains.list(),
    gw.storagePools.list(),
    gw.sds.list(),
    gw.statistics.health([...HEALTH_STATISTICS, ...PERFORMANCE_STATISTICS]),
    sdcLatency(gw),
  ]);
  const pdName = new Map(domains.map((d) => [d.id, d.name ?? d.id]));
  const poolHealth = pools.map((p): PoolHealth => {
    const s = stats.storagePools[p.id];
    return {
      id: p.id,
      name: `${pdName.get(p.protectionDomainId) ?? p.protectionDomainId}/${p.name ?? p.id}`,
      maxKb: sum(s, ['maxCapacityInKb']),
      inUseKb: sum(s, ['capacityInUseInKb']),
      spareKb: sum(s, ['spareCapacityInKb']),
      ...(p.capacityAlertHighThreshold !== undefined ? { highPercent: p.capacityAlertHighThreshold } : {}),
      ...(p.capacityAlertCriticalThreshold !== undefined ? { criticalPercent: p.capacityAlertCriticalThreshold } : {}),
      degradedKb: sum(s, ['degradedHealthyCapacityInKb', 'degradedFailedCapacityInKb']),
      failedKb: sum(s, ['failedCapacityInKb']),
      rebuildKb: sum(s, REBUILD),
      rebalanceKb: sum(s, REBALANCE),
      inMaintenanceKb: sum(s, ['inMaintenanceCapacityInKb']),
    };
  });
  const sdsHealth = sdss.map((s): SdsHealth => ({
    id: s.id,
    name: s.name ?? s.id,
    protectionDomainId: s.protectionDomainId,
    ips: s.ipList.map((x) => x.ip),
    ...(s.mdmConnectionState !== undefined ? { connection: s.mdmConnectionState } : {}),
    ...(s.membershipState !== undefined ? { membership: s.membershipState } : {}),
    ...(s.maintenanceState !== undefined ? { maintenance: s.maintenanceState } : {}),
    ...(s.sdsState !== undefined ? { state: s.sdsState } : {}),
  }));
  const mdm = system.mdmCluster ?? (await gw.mdmCluster().catch(() => undefined));
  const perf = PERFORMANCE_STATISTICS.map((k) => bwc(stats.system[k]));
  return {
    ...(system.capacityAlertHighThresholdPercent !== undefined
      ? { highPercent: system.capacityAlertHighThresholdPercent }
      : {}),
    ...(system.capacityAlertCriticalThresholdPercent !== undefined
      ? { criticalPercent: system.capacityAlertCriticalThresholdPercent }
      : {}),
    pools: poolHealth,
    sds: sdsHealth,
    mdm: mdm ? mdmHealth(mdm) : null,
    performance: {
      iops: perf.reduce((a, c) => a + c.ops, 0),
      bandwidthKbPerSec: perf.reduce((a, c) => a + c.weight, 0),
      latencyUs,
    },
  };
}

/** http(s), no credentials, no query: the URL sits in workflow history. */
export function webhookUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must be http or https, got ${u.protocol}`;
  if (u.username || u.password) return 'must not carry credentials (it is kept in workflow history)';
  if (u.search) return 'must not carry a query string (it is kept in workflow history; no secrets in it)';
  return undefined;
}

export function createHealthActivities(deps: ScaleioDeps) {
  return {
    /** One reading of the whole cluster (6 gateway calls, in parallel). */
    async readHealth(): Promise<HealthReading> {
      return withGateway(deps, read);
    },

    /** Writes each alert change to the worker's log; the call's input is the change's record in history. */
    async recordAlertChanges(input: { cluster: string; changes: AlertChange[] }): Promise<{ recorded: number }> {
      const log = Context.current().log;
      for (const c of input.changes) {
        const fields = { cluster: input.cluster, seq: c.seq, alert: c.alert.id, severity: c.alert.severity };
        if (c.change === 'raised') log.warn(`alert raised: ${c.alert.message}`, fields);
        else log.info(`alert cleared: ${c.alert.id}: ${c.reason ?? ''}`, fields);
      }
      return { recorded: input.changes.length };
    },

    /**
     * Posts one change as JSON. 2xx is delivered; 408, 429, 5xx and network errors are retryable
     * (WebhookUnavailable); any other status is a refusal no retry fixes (WebhookRejected).
     */
    async sendAlertWebhook(input: { url: string; event: AlertEvent; timeoutMs?: number }): Promise<{ status: number }> {
      const problem = webhookUrlProblem(input.url);
      if (problem) throw ApplicationFailure.nonRetryable(`webhookUrl: ${problem}`, 'InvalidInput');
      const where = new URL(input.url).origin;
      let status: number;
      try {
        const res = await axios.post(input.url, input.event, {
          timeout: input.timeoutMs ?? 10_000,
          maxRedirects: 0,
          validateStatus: () => true,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': input.event.id },
        });
        status = res.status;
      } catch (err) {
        // Only the code: an axios error carries the request config, which has no place in history.
        const code = (err as { code?: string }).code ?? 'network error';
        throw ApplicationFailure.retryable(`webhook ${where} unreachable: ${code}`, 'WebhookUnavailable');
      }
      if (status >= 200 && status < 300) return { status };
      const message = `webhook ${where} answered HTTP ${status}`;
      if (status === 408 || status === 429 || status >= 500)
        throw ApplicationFailure.retryable(message, 'WebhookUnavailable');
      throw ApplicationFailure.nonRetryable(message, 'WebhookRejected');
    },
  };
}
