// An install step as data: what the bridge's runOnAgent needs to run it on a node, plus how to read what
// it did. Steps carry no secret: secretEnv maps an environment variable to a reference the caller resolves.
import type { OsFamily, PackageRole } from '../../common/spec/types';

/** The roles a step can be for: ScaleIO packages plus the node-level pieces around them. */
export type StepRole = PackageRole | 'prereqs' | 'probe' | 'mdm-cluster' | 'rexray' | 'isolator' | 'node';

export interface StepUri {
  value: string;
  /** Mesos must not unpack packages or modules. */
  extract: false;
  executable?: boolean;
}

export interface Step {
  /** Stable, used in task ids, e.g. "install-sds". */
  name: string;
  role: StepRole;
  /** Undefined for steps that run on any OS (the probe). */
  os?: OsFamily;
  /** One POSIX sh command line (`set -eu`); every value in it quoted by `shq`. */
  command: string;
  uris: StepUri[];
  /** Non-secret environment. */
  env: Record<string, string>;
  /** Environment variable -> secret reference (e.g. `env:SCALEIO_PASSWORD`), resolved by the caller. */
  secretEnv: Record<string, string>;
  resources: { cpus: number; memMb: number };
  timeoutMs: number;
  /** What a re-run finds and how it reports it. */
  check: string;
  /** When the step reports changed:true, the node must reboot before later steps rely on it. */
  rebootRequired?: boolean;
}

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

export const INSTALL_RESOURCES = { cpus: 0.5, memMb: 512 } as const;
export const LIGHT_RESOURCES = { cpus: 0.1, memMb: 64 } as const;
