// The one shape every procedure answers the `progress` query with: a plan -> phases -> steps tree, the
// vocabulary operators know from DC/OS SDK services. A waiting or failed step carries a reason a person can
// act on ("waiting for an offer from node-4 ...").

export const STEP_STATUSES = ['PENDING', 'STARTING', 'COMPLETE', 'WAITING', 'ERROR'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface ProgressStep {
  name: string;
  status: StepStatus;
  /** Why the step waits or failed; what to do about it. */
  reason?: string;
  /** What the step found or changed, once complete (e.g. "installed 2.0-10000.2072", "unchanged"). */
  detail?: string;
}

export interface ProgressPhase {
  name: string;
  status: StepStatus;
  steps: ProgressStep[];
}

export interface Progress {
  /** e.g. bootstrap, onboard, add-device, decommission. */
  procedure: string;
  /** What the procedure works on: the cluster, or cluster/node. */
  target: string;
  status: StepStatus;
  /** The phase in flight (or the last one). */
  phase: string;
  phases: ProgressPhase[];
  done: number;
  total: number;
  lastError?: string;
  /** Steps in flight or waiting, as phase/step (procedures that run steps one by one set it). */
  current?: string[];
  /** Estimated seconds left, from the pace of the steps done so far (absent until one is done). */
  etaSeconds?: number;
}
