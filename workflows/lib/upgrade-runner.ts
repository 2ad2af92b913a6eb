// The upgrade loop: the plan's items phase by phase, one node at a time (SDC nodes in batches), and between them
// what the operator asked for (re-runs, pause, abort, forced steps) and the health gate. It keeps what was done,
// skipped and left, and the pace so far for the ETA in `progress`.
import type { ClusterContext } from '../../common/cluster';
import { messageOf, type Plan } from './plan';
import type { UpgradeControl } from './upgrade-control';
import { passHealthGate } from './upgrade-gate';
import type { UpgradeSettings } from './upgrade-input';
import { upgradeItem, type UpgradeEnv } from './upgrade-node';
import { UPGRADE_PHASES, type UpgradeItem } from './upgrade-plan';

const key = (i: UpgradeItem) => `${i.phase}/${i.step}`;

export class UpgradeRunner {
  readonly upgraded: string[] = [];
  readonly skipped: string[] = [];
  private readonly env: UpgradeEnv;
  private readonly durations: number[] = [];
  private reruns = 0;
  private pausedAfterCanaries = false;

  constructor(
    context: ClusterContext,
    private readonly settings: UpgradeSettings,
    private readonly plan: Plan,
    private readonly control: UpgradeControl,
    private readonly items: readonly UpgradeItem[]
  ) {
    this.env = {
      context,
      settings,
      plan,
      progressLists: () => ({ upgraded: [...this.upgraded], remaining: this.remaining() }),
    };
    // The whole plan shows in `progress` from the start, every step PENDING until its turn.
    for (const phase of UPGRADE_PHASES)
      plan.addSteps(
        phase,
        items.filter((i) => i.phase === phase).map((i) => i.step)
      );
  }

  /** phase/step of the items neither done nor skipped yet. */
  remaining(): string[] {
    const seen = new Set([...this.upgraded, ...this.skipped]);
    return this.items.map(key).filter((k) => !seen.has(k));
  }

  /** Seconds left at the average pace of the steps this run did; undefined before the first. */
  etaSeconds(): number | undefined {
    if (this.durations.length === 0) return undefined;
    const avg = this.durations.reduce((a, b) => a + b, 0) / this.durations.length;
    const seen = new Set([...this.upgraded, ...this.skipped]);
    const left = this.items.filter(
      (i) => !i.atTarget && !seen.has(key(i)) && !this.control.isForcedComplete(i.phase, i.step)
    );
    // SDC nodes of one batch go together.
    const units = new Set(left.map((i) => (i.batch ? `sdc-batch-${i.batch}` : key(i)))).size;
    return Math.round((avg * units) / 1000);
  }

  async run(): Promise<'completed' | 'aborted'> {
    for (const group of this.groups()) if ((await this.runGroup(group)) === 'aborted') return 'aborted';
    if ((await this.runRestarts()) === 'aborted') return 'aborted';
    return this.control.aborted ? 'aborted' : 'completed';
  }

  private groups(): UpgradeItem[][] {
    const out: UpgradeItem[][] = [];
    for (const phase of UPGRADE_PHASES) {
      const mine = this.items.filter((i) => i.phase === phase);
      const batches = new Map<number, UpgradeItem[]>();
      for (const i of mine) {
        if (!i.batch) out.push([i]);
        else if (batches.has(i.batch)) batches.get(i.batch)!.push(i);
        else out.push(batches.set(i.batch, [i]).get(i.batch)!);
      }
    }
    return out;
  }

  private async runGroup(group: UpgradeItem[]): Promise<'done' | 'aborted'> {
    if ((await this.runRestarts()) === 'aborted') return 'aborted';
    const first = group[0]!;
    this.plan.enter(first.phase);
    if (this.control.aborted || !(await this.control.holdIfPaused(first.phase, first.step))) return 'aborted';
    const todo = group.filter((i) => this.needsRun(i));
    if (todo.length > 0) {
      if ((await passHealthGate(this.env, this.control, todo)) === 'aborted') return 'aborted';
      const still = todo.filter((i) => this.needsRun(i));
      const results = await Promise.allSettled(still.map((i) => this.runOne(i)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    this.pauseAfterCanaries();
    return 'done';
  }

  /** False (and recorded as skipped) for an item forced complete or already at the target. */
  private needsRun(i: UpgradeItem): boolean {
    if (this.skipped.includes(key(i))) return false;
    if (this.control.isForcedComplete(i.phase, i.step)) {
      this.skipped.push(key(i));
      return false;
    }
    if (!i.atTarget) return true;
    const target = this.settings.targetVersion;
    this.plan.set(
      i.phase,
      i.step,
      'COMPLETE',
      i.action === 'switch-ownership' ? `not needed: the master runs ${target}` : `already at ${target}`
    );
    this.skipped.push(key(i));
    return false;
  }

  private async runOne(i: UpgradeItem, suffix?: string): Promise<void> {
    const started = Date.now();
    this.plan.set(i.phase, i.step, 'STARTING');
    try {
      const detail = await upgradeItem(this.env, i, suffix);
      this.plan.set(i.phase, i.step, 'COMPLETE', suffix ? `${detail} (run again on the operator's request)` : detail);
      this.upgraded.push(key(i));
      this.durations.push(Date.now() - started);
    } catch (err) {
      this.plan.set(i.phase, i.step, 'ERROR', messageOf(err));
      throw err;
    }
  }

  /** Steps the operator asked to run again (forceRestart), each behind the health gate. */
  private async runRestarts(): Promise<'done' | 'aborted'> {
    for (const ref of this.control.takeRestarts()) {
      const i = this.items.find((x) => x.phase === ref.phase && x.step === ref.step);
      if (!i) continue;
      if (this.control.aborted || (await passHealthGate(this.env, this.control, [i])) === 'aborted') return 'aborted';
      this.reruns += 1;
      await this.runOne(i, `rerun-${this.reruns}`);
    }
    return 'done';
  }

  private pauseAfterCanaries(): void {
    const canaries = this.items.filter((i) => i.canary);
    if (!this.settings.pauseAfterCanary || this.pausedAfterCanaries || canaries.length === 0) return;
    const open = new Set(this.remaining());
    if (canaries.some((c) => open.has(key(c)))) return;
    this.pausedAfterCanaries = true;
    this.control.pauseWith(`paused after the canary node(s) ${canaries.map((c) => c.hostname).join(', ')}: check them`);
  }
}
