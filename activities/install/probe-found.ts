// What a node probe proves already done, step by step: the same conditions under which the step itself would
// report changed:false, read from the probe's facts instead of running it. A step found done is not launched at
// all (adopting a cluster runs no install task); anything the probe cannot see leaves the step to run.
import { createHash } from 'node:crypto';
import type { PackageRole } from '../../common/spec/types';
import { DVDI_MOD_JSON, DVDI_MODULE, type IsolatorInput } from './isolator';
import { osFamily } from './os';
import { type PrerequisitesInput, DEFAULT_UBUNTU14_KERNEL, prerequisitePackages } from './prereqs';
import type { NodeFacts } from './probe-parse';
import { REXRAY_SCINI_DROPIN, rexrayConfigWithoutPassword, type RexrayInput } from './rexray';
import { sandboxFileName } from './validate';

/** `undefined` when the probe does not prove the step done; otherwise what it found, for the progress detail. */
export type Found = string | undefined;

export function foundPackage(role: PackageRole, version: string, facts: NodeFacts): Found {
  return facts.scaleio[role] === version ? `${role} ${version} already installed (probe)` : undefined;
}

export function foundPrerequisites(input: PrerequisitesInput, facts: NodeFacts): Found {
  const missing = prerequisitePackages(input).filter((p) => facts.packages[p] === undefined);
  if (missing.length > 0) return undefined;
  if (osFamily(input.os) === 'ubuntu14' && facts.kernel !== (input.ubuntu14Kernel ?? DEFAULT_UBUNTU14_KERNEL))
    return undefined;
  return 'prerequisites already installed (probe)';
}

export function foundRexray(input: RexrayInput, facts: NodeFacts): Found {
  const cfg = facts.rexrayConfig;
  if (!facts.rexray || !cfg?.sha256) return undefined;
  // Vendor packages carry a packaging revision (0.8.2-1); the step compares upstream versions too.
  if (facts.rexray.replace(/-\d+$/, '') !== input.version) return undefined;
  const planned = createHash('sha256').update(rexrayConfigWithoutPassword(input)).digest('hex');
  if (cfg.sha256 !== planned) return undefined;
  const ordered = osFamily(input.os) === 'ubuntu14' ? cfg.initdReady : cfg.dropin === REXRAY_SCINI_DROPIN;
  return ordered ? `rexray ${input.version} with the planned config (probe)` : undefined;
}

export function foundIsolator(input: IsolatorInput, facts: NodeFacts): Found {
  const iso = facts.isolator;
  if (!iso) return undefined;
  const so = `/usr/lib/${sandboxFileName(input.url)}`;
  const listed = iso.isolation.split(',').map((x) => x.trim());
  if (iso.so !== so || iso.modules !== `file://${DVDI_MOD_JSON}` || !listed.includes(DVDI_MODULE)) return undefined;
  return `isolator ${so} configured (probe)`;
}
