// What the supervisor accepts: its input (refused with InvalidInput before anything happens), and the signals and
// update operators and procedures send it (a signal cannot be refused, so a bad one is logged and ignored).
import type { FieldProblem } from '../../common/errors';
import { PROCEDURES, type ProcedureClaim } from '../../common/procedures';
import { ATTRIBUTE_NAME, CLUSTER_NAME, HOSTNAME } from '../../common/spec/patterns';
import type { SupervisorPolicy } from '../../common/supervisor';
import { Checker } from '../../common/validate';

const POLICY_KEYS: (keyof SupervisorPolicy)[] = ['autoOnboard', 'requireAttributes', 'maxParallelOnboardings'];
const INPUT_KEYS = [
  'cluster',
  'policy',
  'members',
  'context',
  'onboarded',
  'procedures',
  'healthMonitor',
  'monitorStarted',
  'continueAsNewAfterEvents',
];

function checkPolicy(p: Checker): void {
  p.noUnknownKeys(POLICY_KEYS);
  p.boolean('autoOnboard');
  p.number('maxParallelOnboardings', { min: 1, max: 64, integer: true });
  const attrs = p.object('requireAttributes');
  for (const key of attrs?.keys() ?? []) {
    if (!ATTRIBUTE_NAME.pattern.test(key)) attrs?.fail(key, `is not an attribute name (${ATTRIBUTE_NAME.patternText})`);
    else attrs?.string(key, { required: true, ...ATTRIBUTE_NAME });
  }
}

export function supervisorInputProblems(raw: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = Checker.of(raw, 'input', problems);
  if (!c) return problems;
  c.noUnknownKeys(INPUT_KEYS);
  c.string('cluster', { required: true, ...CLUSTER_NAME });
  const policy = c.object('policy');
  if (policy) checkPolicy(policy);
  c.number('continueAsNewAfterEvents', { min: 10, max: 1_000_000, integer: true });
  return problems;
}

/** Problems of a setPolicy signal's change, named as `setPolicy.<field>`. */
export function policyChangeProblems(change: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = Checker.of(change, 'setPolicy', problems);
  if (c) checkPolicy(c);
  return problems.map((p) => (p.field === 'setPolicy' ? p : { ...p, field: `setPolicy.${p.field}` }));
}

/** The hostname of an onboardNode signal, or a reason it has none. */
export function onboardNodeTarget(raw: unknown): { hostname: string } | { problem: string } {
  const problems: FieldProblem[] = [];
  const c = Checker.of(raw, 'onboardNode', problems);
  const hostname = c?.string('hostname', { required: true, ...HOSTNAME });
  c?.noUnknownKeys(['hostname']);
  return hostname && problems.length === 0
    ? { hostname }
    : { problem: problems.map((p) => `${p.field}: ${p.problem}`).join('; ') };
}

/** What is wrong with a claim sent to beginProcedure, or undefined. */
export function claimProblem(claim: unknown): string | undefined {
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) return 'the claim must be an object';
  const c = claim as Partial<ProcedureClaim>;
  if (!(PROCEDURES as readonly string[]).includes(c.procedure as string))
    return `procedure: must be one of ${PROCEDURES.join(', ')}, got ${JSON.stringify(c.procedure)?.slice(0, 60)}`;
  if (typeof c.workflowId !== 'string' || c.workflowId === '' || c.workflowId.length > 1000)
    return 'workflowId: must be a workflow id (1 to 1000 characters)';
  if (c.hostname !== undefined && !(typeof c.hostname === 'string' && HOSTNAME.pattern.test(c.hostname)))
    return `hostname: must be ${HOSTNAME.patternText}`;
  return undefined;
}
