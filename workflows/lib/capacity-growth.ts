// Capacity growth as the health monitor runs it: after each reading, the reading-only half of the decision
// (common/growth.ts); when a pool needs room and nothing forbids it, a round (capacity-growth-round.ts) in the
// background, so readings go on meanwhile. A round that changed nothing is not repeated for RECHECK_POLLS readings
// unless other pools need room. Each decision is kept for the `alerts` query and recorded (activity input in history,
// worker log) when it differs from the last one recorded; every round that acts is recorded.
import { condition, isCancellation, log, patched, proxyActivities } from '@temporalio/workflow';
import type { ScaleioActivities } from '../../activities';
import type { FieldProblem } from '../../common/errors';
import {
  DEFAULT_GROWTH_POLICY,
  DAY_MS,
  freshGrowthState,
  growthNeed,
  mergeGrowthPolicy,
  usedInWindow,
  type GrowthDecision,
  type GrowthPolicy,
  type GrowthState,
  type GrowthView,
} from '../../common/growth';
import type { Alert, HealthReading, HealthThresholds } from '../../common/health';
import { runGrowthRound } from './capacity-growth-round';
import { messageOf } from './plan';

/** Readings before a round that changed nothing runs again for the same pools. */
export const RECHECK_POLLS = 10;
/** Actions older than a day are kept for the query up to this many. */
const KEEP_OLD_ACTIONS = 20;

const recorder = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

export class CapacityGrowth {
  private busy = false;
  private records = 0;
  /** The reading after a round may predate its end: it is not judged. */
  private skipNext = false;
  private quiet = { untilPoll: 0, pools: '' };
  private lastKey: string | undefined;
  private status: GrowthView['status'] = 'idle';

  constructor(
    private readonly cluster: string,
    private readonly monitorId: string,
    /** The monitor's carried state: `growth` is created here or by setPolicy. */
    private readonly holder: { growth?: GrowthState },
    initial: Partial<GrowthPolicy> | undefined
  ) {
    if (!holder.growth && initial)
      holder.growth = freshGrowthState(mergeGrowthPolicy(DEFAULT_GROWTH_POLICY, initial).policy);
  }

  get inFlight(): boolean {
    return this.busy;
  }

  /** Applies a setGrowthPolicy patch, or returns its problems and changes nothing. */
  setPolicy(patch: unknown): FieldProblem[] {
    const g = this.holder.growth;
    const merged = mergeGrowthPolicy(g?.policy ?? DEFAULT_GROWTH_POLICY, patch);
    if (merged.problems.length > 0) return merged.problems;
    if (g) g.policy = merged.policy;
    else this.holder.growth = freshGrowthState(merged.policy);
    // A new policy deserves a new look at once.
    this.quiet = { untilPoll: 0, pools: '' };
    this.lastKey = undefined;
    return [];
  }

  view(nowMs: number): GrowthView | undefined {
    const g = this.holder.growth;
    if (!g) return undefined;
    const used = usedInWindow(g.actions, nowMs);
    return {
      policy: g.policy,
      status: !g.policy.enabled ? 'off' : this.busy ? 'in-flight' : this.status,
      inFlight: this.busy,
      usedLast24h: { devices: used.devices, providerVolumes: used.providerVolumes },
      ...(g.last ? { last: g.last } : {}),
      actions: g.actions,
    };
  }

  /** Judges one poll; may start a round in the background. */
  consider(
    reading: HealthReading | { error: string },
    active: readonly Alert[],
    thresholds: HealthThresholds,
    poll: number
  ): void {
    const g = this.holder.growth;
    if (!g?.policy.enabled || 'error' in reading || this.busy) return;
    if (this.skipNext) {
      this.skipNext = false;
      return;
    }
    const nowMs = Date.now();
    const at = new Date(nowMs).toISOString();
    const need = growthNeed({ reading, active, thresholds, policy: g.policy, actions: g.actions, nowMs });
    if (need.kind === 'none') {
      this.status = 'idle';
      return;
    }
    if (need.kind === 'blocked') {
      const decision: GrowthDecision = {
        at,
        outcome: 'waiting',
        trigger: need.trigger,
        summary: need.reason,
        planned: [],
        reasons: [need.reason],
      };
      return this.decide(decision);
    }
    const pools = need.pools.map((p) => p.pool).join(',');
    if (poll < this.quiet.untilPoll && pools === this.quiet.pools) return;
    // Workflows that ran before growth existed never reach this point; the marker keeps their replay exact anyway.
    if (!patched('capacity-growth')) return;
    this.busy = true;
    g.actions = g.actions.filter(
      (a, i, all) => Date.parse(a.at) > nowMs - DAY_MS || i >= all.length - KEEP_OLD_ACTIONS
    );
    g.rounds += 1;
    void this.round({ pools: need.pools, budget: need.budget, at, nowMs, poll, poolsKey: pools }, g);
  }

  /** Resolves once no round and no record is in flight (before continue-as-new). */
  async idle(): Promise<void> {
    await condition(() => !this.busy && this.records === 0);
  }

  private async round(
    r: Pick<Parameters<typeof runGrowthRound>[0], 'pools' | 'budget' | 'at' | 'nowMs'> & {
      poll: number;
      poolsKey: string;
    },
    g: GrowthState
  ): Promise<void> {
    try {
      const decisions = await runGrowthRound({ ...r, cluster: this.cluster, monitorId: this.monitorId, state: g });
      for (const d of decisions) this.decide(d);
      if (!decisions.some((d) => d.outcome === 'acted'))
        this.quiet = { untilPoll: r.poll + RECHECK_POLLS, pools: r.poolsKey };
    } catch (err) {
      if (isCancellation(err)) return;
      const summary = `growth round failed: ${messageOf(err)}; tried again in ${RECHECK_POLLS} readings`;
      this.decide({ at: r.at, outcome: 'waiting', trigger: r.pools[0]!, summary, planned: [], reasons: [summary] });
      this.quiet = { untilPoll: r.poll + RECHECK_POLLS, pools: r.poolsKey };
    } finally {
      this.busy = false;
      this.skipNext = true;
    }
  }

  /** Keeps the decision for the query; records it when it says something new (digits aside), or when it acted. */
  private decide(d: GrowthDecision): void {
    const g = this.holder.growth!;
    g.last = d;
    this.status = d.outcome;
    const key = `${d.outcome}:${d.summary.replace(/\d+(\.\d+)?/g, '#')}`;
    if (d.outcome !== 'acted' && key === this.lastKey) return;
    this.lastKey = key;
    log.info(`capacity growth ${d.outcome}: ${d.summary}`);
    this.records += 1;
    void recorder
      .recordGrowthDecision({ cluster: this.cluster, decision: d })
      .catch((err: unknown) => log.warn('capacity growth: decision not recorded', { error: messageOf(err) }))
      .finally(() => {
        this.records -= 1;
      });
  }
}
