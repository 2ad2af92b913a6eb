// Bootstrap's last big phase: every eligible agent (the MDM nodes included) becomes a data node through its own
// onboardAgent child, a few at a time. A data node that fails is reported (the supervisor tries it again after
// the handover); an MDM node that fails fails the bootstrap, since the cluster is not usable without it.
import { ApplicationFailure, startChild } from '@temporalio/workflow';
import type { ClusterContext } from '../../common/cluster';
import { ErrorType } from '../../common/errors';
import { workflowIds } from '../../common/names';
import { dataNodeRefusal } from '../../common/selection';
import { onboardAgent } from '../onboard-agent';
import { mesos } from './mesos';
import { messageOf, type Plan } from './plan';

export interface DataNodeResult {
  hostname: string;
  onboarded: boolean;
  devices?: string[];
  /** Steps that found their work already done (e.g. a node the old framework built), and those that changed it. */
  found?: string[];
  changed?: string[];
  error?: string;
}

const PARALLEL = 8;

export async function onboardDataNodes(plan: Plan, phase: string, ctx: ClusterContext): Promise<DataNodeResult[]> {
  plan.enter(phase);
  const cluster = ctx.spec.name;
  const eligible = (await mesos.listAgents()).filter((a) => dataNodeRefusal(ctx.spec.nodeSelection, a) === undefined);
  const agents = eligible.map((a) => a.hostname);
  const attributesOf = (h: string) => eligible.find((a) => a.hostname === h)?.attributes ?? {};
  const hosts = [...new Set([...ctx.mdms.map((m) => m.hostname), ...agents])].filter((h) => agents.includes(h)).sort();
  plan.addSteps(phase, hosts);
  const results: DataNodeResult[] = [];
  const queue = [...hosts];
  const worker = async () => {
    for (let host = queue.shift(); host !== undefined; host = queue.shift()) {
      const hostname = host;
      try {
        const report = await plan.run(
          phase,
          hostname,
          async () => {
            const child = await startChild(onboardAgent, {
              workflowId: workflowIds.onboard(cluster, hostname),
              args: [{ cluster, hostname, context: ctx, attributes: attributesOf(hostname) }],
            });
            return child.result();
          },
          (r) =>
            `${r.sds ? `SDS ${r.sds.id} with ${r.devices.length} device(s)` : 'client only'}; SDC, REX-Ray, DVDI; volume access ${r.verified ? 'verified' : 'not checked'}`
        );
        results.push({
          hostname,
          onboarded: true,
          devices: report.devices,
          found: report.steps.filter((x) => !x.changed).map((x) => x.step),
          changed: report.steps.filter((x) => x.changed).map((x) => x.step),
        });
      } catch (err) {
        results.push({ hostname, onboarded: false, error: messageOf(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, hosts.length) }, worker));
  const failedMdm = results.find((r) => !r.onboarded && ctx.mdms.some((m) => m.hostname === r.hostname));
  if (failedMdm)
    throw ApplicationFailure.nonRetryable(
      `MDM node ${failedMdm.hostname} could not be on-boarded: ${failedMdm.error ?? 'unknown'}`,
      ErrorType.StepFailed
    );
  return results.sort((a, b) => a.hostname.localeCompare(b.hostname));
}
