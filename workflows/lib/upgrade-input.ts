// rollingUpgrade's input: every field checked at once (InvalidInput naming each bad field), defaults filled in.
import { ApplicationFailure } from '@temporalio/workflow';
import { describeProblems, ErrorType, type FieldProblem } from '../../common/errors';
import { CLUSTER_NAME, VERSION } from '../../common/spec/patterns';
import { Checker } from '../../common/validate';

export interface HealthGateInput {
  /** Degraded or failed capacity (KB) tolerated between nodes (default 0). */
  maxDegradedKb?: number;
  /** Percent of the other SDSs' capacity that must stay free after taking the next SDS's data (default 10). */
  minSparePercent?: number;
  /** How often a blocked gate (and a wait for rebuild/rebalance) looks again (default 5 s). */
  pollSeconds?: number;
  /** A gate blocked this long stops the upgrade before the next node (default 60 min). */
  timeoutMinutes?: number;
}

export interface RollingUpgradeInput {
  cluster: string;
  /** ScaleIO package version to reach, e.g. 2.0-12000.122. */
  targetVersion: string;
  /** SDC nodes upgraded together (default 1). MDM and SDS nodes always go one at a time. */
  batchSize?: number;
  /** The first SDS nodes to upgrade, checked before the rest (default 1). */
  canaryCount?: number;
  /** Wait for `resume` after the canaries (default false). */
  pauseAfterCanary?: boolean;
  healthGate?: HealthGateInput;
  /** Return the plan and the pre-check results; change nothing (default false). */
  dryRun?: boolean;
}

export type HealthGateSettings = Required<HealthGateInput>;

export interface UpgradeSettings {
  cluster: string;
  targetVersion: string;
  batchSize: number;
  canaryCount: number;
  pauseAfterCanary: boolean;
  healthGate: HealthGateSettings;
  dryRun: boolean;
}

export const HEALTH_GATE_DEFAULTS: HealthGateSettings = {
  maxDegradedKb: 0,
  minSparePercent: 10,
  pollSeconds: 5,
  timeoutMinutes: 60,
};

const KEYS = ['cluster', 'targetVersion', 'batchSize', 'canaryCount', 'pauseAfterCanary', 'healthGate', 'dryRun'];

function gateOf(c: Checker): HealthGateSettings {
  const g = c.object('healthGate');
  if (!g) return { ...HEALTH_GATE_DEFAULTS };
  g.noUnknownKeys(Object.keys(HEALTH_GATE_DEFAULTS));
  return {
    maxDegradedKb: g.number('maxDegradedKb', { min: 0 }) ?? HEALTH_GATE_DEFAULTS.maxDegradedKb,
    minSparePercent: g.number('minSparePercent', { min: 0, max: 100 }) ?? HEALTH_GATE_DEFAULTS.minSparePercent,
    pollSeconds: g.number('pollSeconds', { min: 0.1, max: 600 }) ?? HEALTH_GATE_DEFAULTS.pollSeconds,
    timeoutMinutes: g.number('timeoutMinutes', { min: 1, max: 7 * 24 * 60 }) ?? HEALTH_GATE_DEFAULTS.timeoutMinutes,
  };
}

/** The settings of a valid input; a non-retryable InvalidInput failure naming every problem otherwise. */
export function checkUpgradeInput(raw: unknown): UpgradeSettings {
  const problems: FieldProblem[] = [];
  const c = Checker.of(raw, 'input', problems);
  let settings: UpgradeSettings | undefined;
  if (c) {
    c.noUnknownKeys(KEYS);
    const canaryCount = c.number('canaryCount', { integer: true, min: 0, max: 1000 }) ?? 1;
    const pauseAfterCanary = c.boolean('pauseAfterCanary') ?? false;
    if (pauseAfterCanary && canaryCount === 0) c.fail('pauseAfterCanary', 'needs canaryCount of at least 1');
    settings = {
      cluster: c.string('cluster', { required: true, ...CLUSTER_NAME }) ?? '',
      targetVersion: c.string('targetVersion', { required: true, ...VERSION }) ?? '',
      batchSize: c.number('batchSize', { integer: true, min: 1, max: 1000 }) ?? 1,
      canaryCount,
      pauseAfterCanary,
      healthGate: gateOf(c),
      dryRun: c.boolean('dryRun') ?? false,
    };
  }
  if (problems.length > 0 || !settings)
    throw ApplicationFailure.nonRetryable(describeProblems('rollingUpgrade input', problems), ErrorType.InvalidInput);
  return settings;
}
