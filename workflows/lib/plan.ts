// The progress tree of a running procedure: phases of steps with statuses, answered by the `progress` query and
// mirrored into the ScaleioPhase search attribute so the UI's list shows where each procedure is.
import { setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { progressQuery } from '../../common/messages';
import type { Progress, ProgressPhase, ProgressStep, StepStatus } from '../../common/progress';
import { ScaleioPhase } from '../../common/search-attributes';

function phaseStatus(steps: readonly ProgressStep[]): StepStatus {
  if (steps.some((s) => s.status === 'ERROR')) return 'ERROR';
  if (steps.some((s) => s.status === 'WAITING')) return 'WAITING';
  if (steps.length > 0 && steps.every((s) => s.status === 'COMPLETE')) return 'COMPLETE';
  if (steps.some((s) => s.status !== 'PENDING')) return 'STARTING';
  return 'PENDING';
}

export function messageOf(err: unknown): string {
  let e: unknown = err;
  // Activity and child failures wrap the cause that names what went wrong.
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

export class Plan {
  private readonly phases: { name: string; steps: ProgressStep[] }[] = [];
  private current = '';
  private lastError: string | undefined;

  constructor(
    readonly procedure: string,
    readonly target: string,
    phases: readonly { name: string; steps?: readonly string[] }[]
  ) {
    for (const p of phases) this.phases.push({ name: p.name, steps: (p.steps ?? []).map(pending) });
    this.current = phases[0]?.name ?? '';
    setHandler(progressQuery, () => this.snapshot());
    // The memo shows in the UI's workflow view without a query.
    upsertMemo({ procedure, target });
  }

  /** Adds steps to a phase (a phase's steps are often known only once earlier phases ran). */
  addSteps(phase: string, names: readonly string[]): void {
    const p = this.phase(phase);
    for (const n of names) if (!p.steps.some((s) => s.name === n)) p.steps.push(pending(n));
  }

  /** Marks the phase as the one in flight (search attribute ScaleioPhase too). */
  enter(phase: string): void {
    this.phase(phase);
    if (this.current === phase) return;
    this.current = phase;
    upsertSearchAttributes([{ key: ScaleioPhase, value: phase }]);
  }

  set(phase: string, step: string, status: StepStatus, text?: string): void {
    const p = this.phase(phase);
    let s = p.steps.find((x) => x.name === step);
    if (!s) p.steps.push((s = pending(step)));
    s.status = status;
    delete s.reason;
    if (status === 'COMPLETE') {
      if (text !== undefined) s.detail = text;
    } else if (text !== undefined) s.reason = text;
    if (status === 'ERROR' && text !== undefined) this.lastError = `${phase}/${step}: ${text}`;
  }

  /** Runs one step: STARTING, then COMPLETE with the detail `describe` gives, or ERROR with the failure. */
  async run<T>(phase: string, step: string, fn: () => Promise<T>, describe?: (r: T) => string): Promise<T> {
    this.enter(phase);
    this.set(phase, step, 'STARTING');
    try {
      const r = await fn();
      this.set(phase, step, 'COMPLETE', describe?.(r));
      return r;
    } catch (err) {
      this.set(phase, step, 'ERROR', messageOf(err));
      throw err;
    }
  }

  /** Marks the end of the procedure in the ScaleioPhase search attribute. */
  finish(outcome: 'done' | 'failed' | 'cancelled'): void {
    upsertSearchAttributes([{ key: ScaleioPhase, value: outcome }]);
    upsertMemo({ outcome, ...(this.lastError !== undefined ? { lastError: this.lastError } : {}) });
  }

  snapshot(): Progress {
    const phases: ProgressPhase[] = this.phases.map((p) => ({
      name: p.name,
      status: phaseStatus(p.steps),
      steps: p.steps.map((s) => ({ ...s })),
    }));
    const steps = phases.flatMap((p) => p.steps);
    const all = phases.map((p) => p.status);
    const status: StepStatus = all.includes('ERROR')
      ? 'ERROR'
      : all.includes('WAITING')
        ? 'WAITING'
        : all.every((s) => s === 'COMPLETE')
          ? 'COMPLETE'
          : all.some((s) => s !== 'PENDING')
            ? 'STARTING'
            : 'PENDING';
    return {
      procedure: this.procedure,
      target: this.target,
      status,
      phase: this.current,
      phases,
      done: steps.filter((s) => s.status === 'COMPLETE').length,
      total: steps.length,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  private phase(name: string): { name: string; steps: ProgressStep[] } {
    let p = this.phases.find((x) => x.name === name);
    if (!p) this.phases.push((p = { name, steps: [] }));
    return p;
  }
}

function pending(name: string): ProgressStep {
  return { name, status: 'PENDING' };
}
