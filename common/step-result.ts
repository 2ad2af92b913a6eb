// What every node step prints as its last line (`STEP-RESULT {json}`), and its reader. Pure: the install
// builders write it, workflows read it from runOnAgent's output without another activity.

/** What every step prints as its last line after `STEP-RESULT `. */
export interface StepResult {
  changed: boolean;
  /** e.g. installed, upgraded, unchanged, removed, absent, created, exists, refused-downgrade, conflict. */
  status: string;
  version?: string;
  previousVersion?: string;
  /** Dynamic reboot need (e.g. a new kernel). */
  rebootRequired?: boolean;
  /** The Mesos agent must restart to load new flags/modules. */
  agentRestartRequired?: boolean;
  detail?: string;
}

export const STEP_RESULT_PREFIX = 'STEP-RESULT ';

/** The last STEP-RESULT line of a step's stdout, or undefined when there is none or it is malformed. */
export function parseStepResult(stdout: string): StepResult | undefined {
  const lines = stdout.split('\n').filter((l) => l.startsWith(STEP_RESULT_PREFIX));
  const last = lines[lines.length - 1];
  if (last === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(last.slice(STEP_RESULT_PREFIX.length));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.changed !== 'boolean' || typeof o.status !== 'string') return undefined;
  const out: StepResult = { changed: o.changed, status: o.status };
  for (const k of ['version', 'previousVersion', 'detail'] as const) {
    if (typeof o[k] === 'string' && o[k] !== '') out[k] = o[k];
  }
  for (const k of ['rebootRequired', 'agentRestartRequired'] as const) {
    if (typeof o[k] === 'boolean') out[k] = o[k];
  }
  return out;
}
