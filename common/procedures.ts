// Procedures that change a cluster register with its supervisor before they act, so those that must not overlap
// never do: no decommission during an upgrade, one decommission at a time, nothing else on a node being removed,
// one node in maintenance at a time and none during an upgrade or a decommission.
export const PROCEDURES = ['onboard', 'add-device', 'decommission', 'upgrade', 'maintenance'] as const;
export type ProcedureName = (typeof PROCEDURES)[number];

export interface ProcedureClaim {
  procedure: ProcedureName;
  /** The node it works on; absent for cluster-wide procedures (upgrade). */
  hostname?: string;
  workflowId: string;
}

/** Why `claim` may not start while `running` runs, or undefined when both may run together. */
export function conflictOf(claim: ProcedureClaim, running: ProcedureClaim): string | undefined {
  if (claim.workflowId === running.workflowId) return undefined;
  const what = (c: ProcedureClaim) => `${c.procedure}${c.hostname ? ` of ${c.hostname}` : ''} (${c.workflowId})`;
  const clash = `${what(running)} is running`;
  const kinds = new Set([claim.procedure, running.procedure]);
  if (claim.procedure === 'upgrade' && running.procedure === 'upgrade') return clash;
  if (kinds.has('upgrade') && kinds.has('decommission')) return `${clash}: no decommission during an upgrade`;
  if (claim.procedure === 'decommission' && running.procedure === 'decommission')
    return `${clash}: one decommission at a time (capacity and quorum checks assume it)`;
  // While a node is in maintenance its data has a single copy: nothing else may take redundancy away meanwhile.
  if (kinds.has('maintenance') && (kinds.has('upgrade') || kinds.has('decommission')))
    return `${clash}: no maintenance during an upgrade or a decommission`;
  if (claim.procedure === 'maintenance' && running.procedure === 'maintenance')
    return `${clash}: one node in maintenance at a time`;
  if (claim.hostname && claim.hostname === running.hostname && kinds.has('decommission'))
    return `${clash}: ${claim.hostname} is being decommissioned or changed`;
  return undefined;
}
