// Input checks shared by the node procedures: cluster and hostname names, and the cluster context the
// supervisor hands over (normalized spec, MDM members, gateway endpoint).
import type { FieldProblem } from '../../common/errors';
import {
  ATTRIBUTE_NAME,
  CLUSTER_NAME,
  HOSTNAME,
  HTTP_URL,
  PASSWORD_REF,
  SCALEIO_OBJECT_NAME,
  SYSTEM_ID,
  TOOL_VERSION,
  VERSION,
} from '../../common/spec/patterns';
import { OS_FAMILIES, PACKAGE_ROLES } from '../../common/spec/types';
import { Checker } from '../../common/validate';

export const IPV4 = { pattern: /^\d{1,3}(\.\d{1,3}){3}$/, patternText: 'an IPv4 address' };

const URL_RULE = { required: true, ...HTTP_URL, maxLength: 1024 };

function checkNormalizedSpec(spec: Checker): void {
  spec.string('protectionDomain', { required: true, ...SCALEIO_OBJECT_NAME });
  spec.string('storagePool', { required: true, ...SCALEIO_OBJECT_NAME });
  spec.string('passwordRef', { required: true, ...PASSWORD_REF });
  spec.object('nodeSelection', true);
  spec.boolean('noReboot');
  spec.string('systemId', SYSTEM_ID);
  const packages = spec.object('packages', true);
  packages?.string('version', { required: true, ...VERSION });
  packages?.string('repository', URL_RULE);
  const urls = packages?.object('urls', true);
  for (const os of OS_FAMILIES) {
    const roles = urls?.object(os, true);
    for (const role of PACKAGE_ROLES) roles?.string(role, URL_RULE);
  }
  const driver = spec.object('volumeDriver', true);
  driver?.string('isolatorUrl', URL_RULE);
  driver?.string('gatewayEndpoint', { ...HTTP_URL, maxLength: 1024 });
  const rexray = driver?.object('rexray', true);
  rexray?.string('version', { required: true, ...TOOL_VERSION });
  const rexrayUrls = rexray?.object('urls', true);
  rexrayUrls?.string('deb', URL_RULE);
  rexrayUrls?.string('rpm', URL_RULE);
}

/** Agent attributes as a procedure may be given them: names and values a Mesos agent could carry. */
export function checkAttributes(c: Checker, field: string): void {
  const attrs = c.object(field);
  for (const key of attrs?.keys() ?? []) {
    if (!ATTRIBUTE_NAME.pattern.test(key)) attrs?.fail(key, `is not an attribute name (${ATTRIBUTE_NAME.patternText})`);
    else attrs?.string(key, { required: true, maxLength: 1024 });
  }
}

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
    // The spec was normalized by validateClusterSpec when the cluster was bootstrapped; every value that reaches
    // a command or a gateway call is checked again, and it must belong to this cluster.
    const name = spec.string('name', { required: true, ...CLUSTER_NAME });
    if (cluster && name && name !== cluster) spec.fail('name', `is ${name}, not the cluster ${cluster}`);
    checkNormalizedSpec(spec);
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
