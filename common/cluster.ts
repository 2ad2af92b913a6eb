// What every node procedure needs to know about its cluster, decided once by bootstrapCluster (or adoption) and
// kept by the cluster's supervisor, which hands it to the procedures it starts.
import type { ClusterSpec } from './spec/types';

export interface MdmNode {
  hostname: string;
  ip: string;
  role: 'primary' | 'secondary' | 'tiebreaker';
}

export interface ClusterContext {
  spec: ClusterSpec;
  /** The MDM cluster's members; SDCs connect to the managers (primary first). */
  mdms: MdmNode[];
  /** The gateway REX-Ray and the worker talk to: https://<host>/api */
  gatewayEndpoint: string;
}

/** The addresses an SDC is configured with: the managers, primary first (MDM_IP=<pri>,<sec>). */
export function managerIps(ctx: Pick<ClusterContext, 'mdms'>): string[] {
  const order = { primary: 0, secondary: 1, tiebreaker: 2 } as const;
  return ctx.mdms
    .filter((m) => m.role !== 'tiebreaker')
    .sort((a, b) => order[a.role] - order[b.role])
    .map((m) => m.ip);
}

/** A deterministic ScaleIO object name (at most 31 characters) for a node's test volume. */
export function verifyVolumeName(hostname: string): string {
  const clean = hostname.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `verify_${clean}`.slice(0, 31);
}
