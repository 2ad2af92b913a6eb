// The supervisor's answer to `progress`: one phase with a step per member (its on-boarding), and one with the
// procedures registered now, in the shape every procedure uses.
import type { Progress, ProgressStep, StepStatus } from '../../common/progress';
import type { ProcedureClaim } from '../../common/procedures';
import type { Member, OnboardingState } from '../../common/supervisor';

const STATUS: Record<OnboardingState, StepStatus> = {
  pending: 'PENDING',
  running: 'STARTING',
  done: 'COMPLETE',
  failed: 'ERROR',
  skipped: 'COMPLETE',
  'running-elsewhere': 'STARTING',
};

function memberStep(m: Member, ready: boolean): ProgressStep {
  if (m.status === 'gone' && m.onboarding !== 'done')
    return {
      name: m.hostname,
      status: 'WAITING',
      reason: `agent lost (${m.lastReason ?? 'unknown'}); waiting for it to return`,
    };
  if (m.onboarding === 'pending' && !ready)
    return { name: m.hostname, status: 'WAITING', reason: 'the cluster is not bootstrapped yet (bootstrapCluster)' };
  const step: ProgressStep = { name: m.hostname, status: STATUS[m.onboarding] };
  if (m.onboarding === 'failed')
    step.reason = `${m.lastReason ?? 'failed'} — fix it, then signal onboardNode {"hostname":"${m.hostname}"}`;
  else if (m.lastReason && m.onboarding !== 'done') step.reason = m.lastReason;
  if (m.onboarding === 'skipped') step.detail = `not a data node: ${m.lastReason ?? ''}`;
  if (m.onboarding === 'done') step.detail = 'on-boarded';
  return step;
}

export function supervisorProgress(
  cluster: string,
  ready: boolean,
  members: readonly Member[],
  procedures: readonly ProcedureClaim[]
): Progress {
  const steps = members.map((m) => memberStep(m, ready));
  const phaseStatus: StepStatus = steps.some((s) => s.status === 'ERROR')
    ? 'ERROR'
    : steps.some((s) => s.status === 'STARTING')
      ? 'STARTING'
      : steps.some((s) => s.status === 'WAITING')
        ? 'WAITING'
        : steps.every((s) => s.status === 'COMPLETE')
          ? 'COMPLETE'
          : 'PENDING';
  const running: ProgressStep[] = procedures.map((p) => ({
    name: p.workflowId,
    status: 'STARTING',
    detail: `${p.procedure}${p.hostname ? ` of ${p.hostname}` : ''}`,
  }));
  const failed = steps.filter((s) => s.status === 'ERROR');
  return {
    procedure: 'supervisor',
    target: cluster,
    status: phaseStatus,
    phase: ready ? 'supervising' : 'waiting-for-bootstrap',
    phases: [
      { name: 'members', status: phaseStatus, steps },
      { name: 'procedures', status: running.length ? 'STARTING' : 'COMPLETE', steps: running },
    ],
    done: steps.filter((s) => s.status === 'COMPLETE').length,
    total: steps.length,
    ...(failed.length ? { lastError: `${failed[0]!.name}: ${failed[0]!.reason ?? ''}` } : {}),
  };
}
