// The operator's hold on a running upgrade: pause/resume, abort (the node in flight finishes first), and the
// dcos-commons style overrides of one step (forceComplete, forceRestart). Signals only set state here; the
// upgrade loop acts on it between nodes, never in the middle of one. Every override lands in the report.
import { condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  abortSignal,
  forceCompleteSignal,
  forceRestartSignal,
  pauseSignal,
  resumeSignal,
  type PlanStepRef,
} from '../../common/messages';
import type { Progress } from '../../common/progress';
import type { Plan } from './plan';

export interface OperatorAction {
  signal: 'pause' | 'resume' | 'abort' | 'forceComplete' | 'forceRestart';
  step?: string;
  reason?: string;
  /** What the upgrade did with it: applied, or why it was ignored. */
  outcome: string;
  at: string;
}

const key = (r: { phase: string; step: string }) => `${r.phase}/${r.step}`;

export class UpgradeControl {
  paused = false;
  aborted = false;
  readonly actions: OperatorAction[] = [];
  private readonly forcedComplete = new Set<string>();
  private readonly restarts: PlanStepRef[] = [];
  /** Why the upgrade holds when it paused itself (after the canaries); the operator's pause has its own text. */
  private holdReason: string | undefined;
  /** Bumped by every signal so waits wake up and look again. */
  private generation = 0;

  constructor(private readonly plan: Plan) {
    setHandler(pauseSignal, (a) => {
      this.paused = !this.aborted;
      this.holdReason = undefined;
      this.note('pause', a?.reason, this.aborted ? 'ignored: aborting' : 'applied before the next node');
    });
    setHandler(resumeSignal, (a) => {
      this.note('resume', a?.reason, this.paused ? 'applied' : 'ignored: not paused');
      this.paused = false;
      this.holdReason = undefined;
    });
    setHandler(abortSignal, (a) => {
      this.aborted = true;
      this.paused = false;
      this.note('abort', a?.reason, 'applied: the node in flight finishes, nothing after it starts');
    });
    setHandler(forceCompleteSignal, (ref) => this.forceComplete(ref));
    setHandler(forceRestartSignal, (ref) => this.forceRestart(ref));
  }

  /** The upgrade pauses itself (e.g. after its canaries) until the operator resumes. */
  pauseWith(reason: string): void {
    if (this.aborted) return;
    this.paused = true;
    this.holdReason = reason;
  }

  /** Whether the operator marked this step done (it is then never run). */
  isForcedComplete(phase: string, step: string): boolean {
    return this.forcedComplete.has(key({ phase, step }));
  }

  /** Steps to run again, oldest request first (each request once). */
  takeRestarts(): PlanStepRef[] {
    return this.restarts.splice(0);
  }

  /** Waits until a signal arrives or `ms` pass; true when woken by a signal. */
  async waitForSignal(ms?: number): Promise<boolean> {
    const seen = this.generation;
    return condition(() => this.generation !== seen, ms ?? '365 days');
  }

  /** Holds before `phase/step` while paused; returns false when aborted meanwhile. */
  async holdIfPaused(phase: string, step: string): Promise<boolean> {
    while (this.paused && !this.aborted) {
      const why = this.holdReason ?? 'paused by the operator';
      this.plan.set(phase, step, 'WAITING', `${why}: send resume to continue or abort to stop`);
      await this.waitForSignal();
    }
    return !this.aborted;
  }

  private status(ref: PlanStepRef): string | undefined {
    const p = this.plan.snapshot().phases.find((x) => x.name === ref.phase);
    return p?.steps.find((s) => s.name === ref.step)?.status;
  }

  private forceComplete(ref: PlanStepRef): void {
    const status = ref && typeof ref.phase === 'string' && typeof ref.step === 'string' ? this.status(ref) : undefined;
    if (status === 'PENDING' || status === 'WAITING') {
      this.forcedComplete.add(key(ref));
      this.plan.set(
        ref.phase,
        ref.step,
        'COMPLETE',
        `forced complete by the operator${ref.reason ? `: ${ref.reason}` : ''}`
      );
      this.note('forceComplete', ref.reason, 'applied: the step will not run', ref);
    } else this.note('forceComplete', ref?.reason, ignored(status), ref);
  }

  private forceRestart(ref: PlanStepRef): void {
    const status = ref && typeof ref.phase === 'string' && typeof ref.step === 'string' ? this.status(ref) : undefined;
    if (status === 'COMPLETE' && !this.isForcedComplete(ref.phase, ref.step) && !this.aborted) {
      this.restarts.push({ phase: ref.phase, step: ref.step, ...(ref.reason ? { reason: ref.reason } : {}) });
      this.plan.set(ref.phase, ref.step, 'PENDING', 'restart requested by the operator: runs before the next node');
      this.note('forceRestart', ref.reason, 'applied: runs again before the next node', ref);
    } else
      this.note(
        'forceRestart',
        ref?.reason,
        status === 'COMPLETE' ? 'ignored: forced complete or aborting' : ignored(status, true),
        ref
      );
  }

  private note(signal: OperatorAction['signal'], reason: string | undefined, outcome: string, ref?: PlanStepRef): void {
    this.generation += 1;
    const step = ref && typeof ref.phase === 'string' ? key(ref) : undefined;
    const action: OperatorAction = {
      signal,
      outcome,
      at: new Date().toISOString(),
      ...(step ? { step } : {}),
      ...(reason ? { reason } : {}),
    };
    this.actions.push(action);
    log.info(`operator ${signal}${step ? ` ${step}` : ''}: ${outcome}`, { workflowId: workflowInfo().workflowId });
  }
}

function ignored(status: string | undefined, restart = false): string {
  if (status === undefined)
    return 'ignored: no such step (give {"phase":"sds","step":"<hostname>"} as progress names it)';
  if (status === 'STARTING') return 'ignored: the step is in flight (abort stops after it)';
  if (restart) return `ignored: the step is ${status} and runs anyway`;
  return `ignored: the step is already ${status}`;
}

/** Steps in flight or waiting, as phase/step. */
export function currentSteps(p: Progress): string[] {
  return p.phases.flatMap((ph) =>
    ph.steps.filter((s) => s.status === 'STARTING' || s.status === 'WAITING').map((s) => `${ph.name}/${s.name}`)
  );
}
