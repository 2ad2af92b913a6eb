// Read-only checks of a rolling upgrade: do the target packages exist (a HEAD per URL), and may the next node go
// down now: the ScaleIO equivalent of an "ok to stop" check (MDM quorum intact, every SDS healthy, no degraded or
// failed capacity, no rebuild or rebalance, room in the other SDSs for the node's data). Reasons are sentences
// an operator can act on; the workflow shows them in `progress` while the gate blocks.
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../../common/errors';
import { DATA_MOTION_STATISTICS, FAILURE_STATISTICS, type Sds, type StatisticsValues } from '../gateway';
import { withGateway, type ScaleioDeps } from './gateway-call';
import { mdmMembersOf } from './upgrade-mdm';

export interface PackageUrlProblem {
  url: string;
  /** HTTP status, or the network error. */
  problem: string;
}

export interface HealthGateCheck {
  /** Degraded + failed capacity above this blocks (KB). */
  maxDegradedKb: number;
  /** Free share (percent) the other SDSs must keep after taking the node's data. */
  minSparePercent: number;
  /** The SDS that goes into maintenance next, by IP: its data must fit in the others. */
  sdsIp?: string;
}

export interface HealthGateResult {
  ok: boolean;
  reasons: string[];
  degradedKb: number;
  movingKb: number;
  /** Percent of the other SDSs' capacity left free after taking the next SDS's data (when sdsIp was given). */
  spareAfterPercent?: number;
}

const GB = 1024 * 1024;
const sum = (v: StatisticsValues, keys: readonly string[]) => keys.reduce((acc, k) => acc + (Number(v[k]) || 0), 0);
const size = (kb: number) => (kb >= GB ? `${(kb / GB).toFixed(1)} GB` : `${Math.round(kb)} KB`);
const CONCURRENT_HEADS = 8;

function checkUrls(urls: unknown): string[] {
  if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string' || !/^https?:\/\/\S+$/.test(u)))
    throw ApplicationFailure.nonRetryable(
      'checkPackageUrls input: urls must be a list of http(s) URLs',
      ErrorType.InvalidInput
    );
  return [...new Set(urls as string[])];
}

/** 404/410 (and 401/403: the repository will not serve it) mean missing; other failures are retried. */
async function head(url: string, timeoutMs: number): Promise<PackageUrlProblem | undefined> {
  const r = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (r.ok) return undefined;
  if ([401, 403, 404, 410].includes(r.status)) return { url, problem: `HTTP ${r.status}` };
  throw new Error(`HEAD ${url}: HTTP ${r.status}`);
}

function sdsProblem(s: Sds): string | undefined {
  const bad: string[] = [];
  if (s.sdsState && s.sdsState !== 'Normal') bad.push(`state ${s.sdsState}`);
  if (s.membershipState && s.membershipState !== 'Joined') bad.push(`membership ${s.membershipState}`);
  if (s.mdmConnectionState && s.mdmConnectionState !== 'Connected') bad.push(`MDM connection ${s.mdmConnectionState}`);
  if (s.maintenanceState && s.maintenanceState !== 'NoMaintenance') bad.push(`maintenance ${s.maintenanceState}`);
  if (bad.length === 0) return undefined;
  return `SDS ${s.name ?? s.id} (${s.ipList.map((x) => x.ip).join(', ')}): ${bad.join(', ')}`;
}

export function createUpgradeCheckActivities(deps: ScaleioDeps) {
  return {
    /** Which of these package URLs the repository does not serve (an empty list: all exist). */
    async checkPackageUrls(input: {
      urls: string[];
      timeoutMs?: number;
    }): Promise<{ checked: number; missing: PackageUrlProblem[] }> {
      const urls = checkUrls(input?.urls);
      const missing: PackageUrlProblem[] = [];
      for (let i = 0; i < urls.length; i += CONCURRENT_HEADS) {
        const found = await Promise.all(
          urls.slice(i, i + CONCURRENT_HEADS).map((u) => head(u, input.timeoutMs ?? 10_000))
        );
        for (const f of found) if (f) missing.push(f);
      }
      return { checked: urls.length, missing };
    },

    /** Whether the next node may go down now, and every reason it may not. */
    async checkUpgradeHealth(input: HealthGateCheck): Promise<HealthGateResult> {
      return withGateway(deps, async (gw) => {
        const reasons: string[] = [];
        const mdm = mdmMembersOf(await gw.mdmCluster());
        if (mdm.clusterState !== 'ClusteredNormal')
          reasons.push(`MDM cluster is ${mdm.clusterState}, not ClusteredNormal`);
        for (const m of mdm.members)
          if (m.role !== 'standby' && m.status !== 'Normal')
            reasons.push(`MDM ${m.name ?? m.id} (${m.ips.join(', ')}) is ${m.status}`);
        const sdsList = await gw.sds.list();
        for (const s of sdsList) {
          const p = sdsProblem(s);
          if (p) reasons.push(p);
        }
        const stats = await gw.statistics.system([
          ...FAILURE_STATISTICS,
          ...DATA_MOTION_STATISTICS,
          'maxCapacityInKb',
          'capacityInUseInKb',
        ]);
        const degradedKb = sum(stats, [
          'degradedHealthyCapacityInKb',
          'degradedFailedCapacityInKb',
          'failedCapacityInKb',
        ]);
        const movingKb = sum(stats, DATA_MOTION_STATISTICS);
        if (degradedKb > input.maxDegradedKb)
          reasons.push(
            `${size(degradedKb)} of degraded or failed capacity (at most ${size(input.maxDegradedKb)} allowed)`
          );
        if (movingKb > 0) reasons.push(`rebuild/rebalance in progress: ${size(movingKb)} left to move`);
        const result: HealthGateResult = { ok: false, reasons, degradedKb, movingKb };
        if (input.sdsIp) {
          const sds = sdsList.find((s) => s.ipList.some((x) => x.ip === input.sdsIp));
          if (!sds) reasons.push(`no SDS has IP ${input.sdsIp}`);
          else {
            const mine = (await gw.statistics.sds([sds.id], ['maxCapacityInKb', 'capacityInUseInKb']))[sds.id] ?? {};
            const othersMax = sum(stats, ['maxCapacityInKb']) - sum(mine, ['maxCapacityInKb']);
            const othersUsed = sum(stats, ['capacityInUseInKb']) - sum(mine, ['capacityInUseInKb']);
            const left = othersMax - othersUsed - sum(mine, ['capacityInUseInKb']);
            result.spareAfterPercent = othersMax > 0 ? (100 * left) / othersMax : 0;
            if (result.spareAfterPercent < input.minSparePercent)
              reasons.push(
                `not enough spare capacity for the data of SDS ${sds.name ?? sds.id}: ${result.spareAfterPercent.toFixed(1)}% of the other SDSs would stay free, at least ${input.minSparePercent}% required`
              );
          }
        }
        result.ok = reasons.length === 0;
        return result;
      });
    },
  };
}
