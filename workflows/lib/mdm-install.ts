// The MDM nodes' part of a bootstrap: OS prerequisites (with the gateway's Java), the MDM package as manager or
// tie-breaker, then, once the MDM cluster exists, LIA and the gateway, as the old framework ordered them.
import type { ClusterContext, MdmNode } from '../../common/cluster';
import { managerIps } from '../../common/cluster';
import type { NodeStepRequest } from '../../common/node-steps';
import type { ClusterSpec, OsFamily } from '../../common/spec/types';
import { describeOutcome, runNodeStep, type StepOutcome } from './node-step';
import type { Plan } from './plan';
import { nodeDown } from './reboot-node';
import type { RebootTurns } from './reboot-turns';
import { planner } from './scaleio';

export interface MdmHost extends MdmNode {
  os: OsFamily;
}

function planFor(spec: ClusterSpec, m: MdmHost) {
  return (steps: NodeStepRequest[], suffix?: string) =>
    planner.planNodeSteps({ hostname: m.hostname, os: m.os, spec, steps, ...(suffix ? { suffix } : {}) });
}

async function stepOn(plan: Plan, phase: string, m: MdmHost, run: Parameters<typeof runNodeStep>[0]) {
  return plan.run(phase, `${m.hostname}/${run.taskName}`, () => runNodeStep(run), describeOutcome);
}

/**
 * Prerequisites (rebooting into a new kernel when one is needed, in the cluster's reboot turn) and the MDM
 * package, on one node.
 */
export async function installMdmPackages(
  plan: Plan,
  phase: string,
  spec: ClusterSpec,
  m: MdmHost,
  turns: RebootTurns
): Promise<StepOutcome[]> {
  const planSteps = planFor(spec, m);
  const out: StepOutcome[] = [];
  const [prereqs] = await planSteps([{ kind: 'prereqs', withGateway: true }]);
  const pre = await stepOn(plan, phase, m, prereqs!);
  out.push(pre);
  if (pre.rebootRequired) {
    const target = { plan, phase, prefix: `${m.hostname}/`, hostname: m.hostname, os: m.os, spec, turns };
    const why = 'the prerequisites installed a kernel it does not run yet';
    await nodeDown(target, 'reboot', why, { after: pre, uncoordinated: true });
    const [again] = await planSteps([{ kind: 'prereqs', withGateway: true }], 'after-reboot');
    out.push(await stepOn(plan, phase, m, again!));
  }
  const [mdm] = await planSteps([{ kind: 'package', role: m.role === 'tiebreaker' ? 'tb' : 'mdm' }]);
  out.push(await stepOn(plan, phase, m, mdm!));
  return out;
}

/** The scli sequence on the primary: create, password, standbys, cluster mode, system name. */
export async function createMdmCluster(
  plan: Plan,
  phase: string,
  spec: ClusterSpec,
  mdms: MdmHost[]
): Promise<StepOutcome[]> {
  const primary = mdms.find((m) => m.role === 'primary')!;
  const runs = await planFor(
    spec,
    primary
  )([
    {
      kind: 'mdm-cluster',
      primaryIp: primary.ip,
      managerIps: mdms.filter((m) => m.role === 'secondary').map((m) => m.ip),
      tieBreakerIps: mdms.filter((m) => m.role === 'tiebreaker').map((m) => m.ip),
    },
  ]);
  plan.addSteps(
    phase,
    runs.map((r) => `${primary.hostname}/${r.taskName}`)
  );
  const out: StepOutcome[] = [];
  for (const run of runs) out.push(await stepOn(plan, phase, primary, run));
  return out;
}

/** LIA and the gateway (pointing at the managers) on one MDM node. */
export async function installGateway(
  plan: Plan,
  phase: string,
  ctx: Pick<ClusterContext, 'spec' | 'mdms'>,
  m: MdmHost
): Promise<StepOutcome[]> {
  const runs = await planFor(
    ctx.spec,
    m
  )([
    { kind: 'package', role: 'lia' },
    { kind: 'package', role: 'gw', mdmIps: managerIps(ctx) },
  ]);
  const out: StepOutcome[] = [];
  for (const run of runs) out.push(await stepOn(plan, phase, m, run));
  return out;
}
