// Input checks shared by the node procedures: cluster and hostname names, and the cluster context the
// supervisor hands over (normalized spec, MDM members, gateway endpoint).
import type { FieldProblem } from '../../common/errors';
import { CLUSTER_NAME, HOSTNAME, HTTP_URL } from '../../common/spec/patterns';
import { Checker } from '../../common/validate';

export const IPV4 = { pattern: /^\d{1,3}(\.\d{1,3}){3}$/, patternText: 'an IPv4 address' };

/** Problems of {cluster, hostname, context, ...extra}; an empty list when all is well. */
export function checkClusterContext(input: unknown, extraKeys: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = Checker.of(input, 'input', problems);
  if (!c) return problems;
  c.noUnknownKeys(['cluster', 'hostname', 'context', ...extraKeys]);
  const cluster = c.string('cluster', { required: true, ...CLUSTER_NAME });
  c.string('hostname', { required: true, ...HOSTNAME });
  // Absent: the procedure reads it from the cluster's supervisor.
  const ctx = c.object('context');
  if (!ctx) return problems;
  ctx.noUnknownKeys(['spec', 'mdms', 'gatewayEndpoint']);
  ctx.string('gatewayEndpoint', { required: true, ...HTTP_URL });
  const spec = ctx.object('spec', true);
  if (spec) {
    // The spec was normalized by validateClusterSpec when the cluster was bootstrapped; check it belongs here.
    const name = spec.string('name', { required: true, ...CLUSTER_NAME });
    if (cluster && name && name !== cluster) spec.fail('name', `is ${name}, not the cluster ${cluster}`);
    for (const k of ['packages', 'nodeSelection', 'volumeDriver']) spec.object(k, true);
  }
  const mdms = ctx.raw('mdms');
  if (!Array.isArray(mdms) || mdms.length === 0) ctx.fail('mdms', 'must list the MDM cluster members');
  else
    mdms.forEach((m: unknown, i) => {
      const one = Checker.of(m, `context.mdms[${i}]`, problems);
      if (!one) return;
      const at = (f: string) => `context.mdms[${i}].${f}`;
      const before = problems.length;
      one.string('hostname', { required: true, ...HOSTNAME });
      one.string('ip', { required: true, ...IPV4 });
      one.oneOf('role', ['primary', 'secondary', 'tiebreaker'] as const, true);
      for (const p of problems.slice(before)) p.field = at(p.field);
    });
  return problems;
}
