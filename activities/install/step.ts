// An install step as data: what the bridge's runOnAgent needs to run it on a node, plus how to read what
// it did. Steps carry no secret: secretEnv maps an environment variable to a reference the caller resolves.
import type { OsFamily, PackageRole } from '../../common/spec/types';

export { type StepResult, STEP_RESULT_PREFIX, parseStepResult } from '../../common/step-result';

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

export const INSTALL_RESOURCES = { cpus: 0.5, memMb: 512 } as const;
export const LIGHT_RESOURCES = { cpus: 0.1, memMb: 64 } as const;
