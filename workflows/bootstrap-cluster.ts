// bootstrapCluster: builds a ScaleIO cluster on the agents of a Mesos cluster, from a cluster spec.
// validate → wait for enough eligible agents → pick MDM roles (spread across racks) → probe them → install MDM
// packages (in parallel) → create the MDM cluster on the primary → LIA + gateway on the MDM nodes → PD/SP →
// on-board every eligible agent as a data node (onboardAgent children: SDS + devices, SDC, REX-Ray, DVDI, test
// volume) → hand the cluster to its supervisor. With preconfiguredMdms it adopts an existing MDM cluster and
// only on-boards data nodes. Workflow id: scaleio/<cluster>/bootstrap.
import { ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { ClusterContext, MdmNode } from '../common/cluster';
import { describeProblems, ErrorType } from '../common/errors';
import { ScaleioCluster, ScaleioProcedure } from '../common/search-attributes';
import { dataNodeRefusal, pickMdmNodes } from '../common/selection';
import type { ClusterSpec } from '../common/spec/types';
import { onboardDataNodes, type DataNodeResult } from './lib/bootstrap-data-nodes';
import { handOverToSupervisor } from './lib/bootstrap-handover';
import { surfaceNonRetryable } from './lib/failures';
import { createMdmCluster, installGateway, installMdmPackages, type MdmHost } from './lib/mdm-install';
import { Plan } from './lib/plan';
import { probeFacts } from './lib/probe';
import { RebootTurns } from './lib/reboot-turns';
import { gateway, planner } from './lib/scaleio';
import { waitForAgents } from './lib/wait-agents';
import { requireInstallable } from './onboard-agent';

/** The cluster spec (see validateClusterSpec), plus how long to wait for agents. */
export type BootstrapInput = Record<string, unknown> & { waitForAgentsMinutes?: number };

export interface BootstrapReport {
  cluster: string;
  mode: 'created' | 'adopted';
  mdms: MdmNode[];
  gatewayEndpoint: string;
  protectionDomain: { id: string; created: boolean };
  storagePool: { id: string; created: boolean };
  dataNodes: DataNodeResult[];
}

const PHASES = [
  { name: 'validate', steps: ['validate-spec'] },
  { name: 'agents', steps: ['eligible-agents'] },
  { name: 'mdm-nodes', steps: [] },
  { name: 'mdm-cluster', steps: [] },
  { name: 'gateway', steps: [] },
  { name: 'storage', steps: ['protection-domain', 'storage-pool'] },
  { name: 'data-nodes', steps: [] },
  { name: 'handover', steps: ['supervisor'] },
];

function splitInput(raw: BootstrapInput): { spec: unknown; waitMs: number } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw ApplicationFailure.nonRetryable(
      describeProblems('bootstrapCluster input', [
        { field: 'spec', problem: 'must be a JSON object (a cluster spec)' },
      ]),
      ErrorType.InvalidSpec
    );
  const { waitForAgentsMinutes, ...spec } = raw;
  const minutes = waitForAgentsMinutes ?? 30;
  if (typeof minutes !== 'number' || !(minutes > 0 && minutes <= 1440))
    throw ApplicationFailure.nonRetryable(
      describeProblems('bootstrapCluster input', [
        {
          field: 'waitForAgentsMinutes',
          problem: `must be a number of minutes from 1 to 1440, got ${JSON.stringify(minutes)}`,
        },
      ]),
      ErrorType.InvalidInput
    );
  return { spec, waitMs: minutes * 60_000 };
}

export async function bootstrapCluster(raw: BootstrapInput): Promise<BootstrapReport> {
  upsertSearchAttributes([{ key: ScaleioProcedure, value: 'bootstrap' }]);
  const plan = new Plan('bootstrap', typeof raw?.name === 'string' ? raw.name : '?', PHASES);
  try {
    const { spec: rawSpec, waitMs } = splitInput(raw);
    const spec = await plan.run(
      'validate',
      'validate-spec',
      () => planner.validateClusterSpec(rawSpec),
      (s) => `${s.mdmMode}-node MDM, ${s.protectionDomain}/${s.storagePool}`
    );
    upsertSearchAttributes([{ key: ScaleioCluster, value: spec.name }]);
    const report = spec.preconfiguredMdms ? await adopt(plan, spec, waitMs) : await build(plan, spec, waitMs);
    plan.finish('done');
    return report;
  } catch (err) {
    plan.finish('failed');
    return surfaceNonRetryable(err);
  }
}

async function build(plan: Plan, spec: ClusterSpec, waitMs: number): Promise<BootstrapReport> {
  const { value: picks } = await waitForAgents(plan, 'agents', 'eligible-agents', waitMs, (agents) => {
    const r = pickMdmNodes(spec, agents);
    return r.ok ? { ok: true, value: r.nodes } : r;
  });
  plan.addSteps(
    'mdm-nodes',
    picks.map((p) => `${p.hostname}/probe (${p.role})`)
  );
  const mdms: MdmHost[] = await Promise.all(
    picks.map(async (p) => {
      const facts = await plan.run('mdm-nodes', `${p.hostname}/probe (${p.role})`, () => probeFacts(p.hostname));
      return { ...p, ...requireInstallable(p.hostname, facts) };
    })
  );
  const ips = new Set(mdms.map((m) => m.ip));
  if (ips.size !== mdms.length)
    throw ApplicationFailure.nonRetryable(
      `MDM nodes must have distinct IPs: ${mdms.map((m) => `${m.hostname}=${m.ip}`).join(', ')}`,
      ErrorType.InvalidInput
    );
  // In parallel where safe: a node that must reboot waits for the cluster's turn (one reboot at a time).
  const turns = new RebootTurns(spec.name);
  await Promise.all(mdms.map((m) => installMdmPackages(plan, 'mdm-nodes', spec, m, turns)));
  await createMdmCluster(plan, 'mdm-cluster', spec, mdms);
  const ctx = context(spec, mdms);
  await Promise.all(mdms.map((m) => installGateway(plan, 'gateway', ctx, m)));
  return finish(plan, ctx, 'created');
}

/** The old framework's pre-configured mode: the MDM cluster exists; only data nodes are on-boarded. */
async function adopt(plan: Plan, spec: ClusterSpec, waitMs: number): Promise<BootstrapReport> {
  const pre = spec.preconfiguredMdms!;
  const { agents } = await waitForAgents(plan, 'agents', 'eligible-agents', waitMs, (list) =>
    list.some((a) => !dataNodeRefusal(spec.nodeSelection, a))
      ? { ok: true, value: true }
      : { ok: false, reason: 'no eligible agent to on-board as a data node' }
  );
  const roles: [keyof typeof pre, MdmNode['role']][] = [
    ['primary', 'primary'],
    ['secondary', 'secondary'],
    ['tiebreaker', 'tiebreaker'],
  ];
  const mdms: MdmHost[] = await Promise.all(
    roles.map(async ([key, role]) => {
      const address = pre[key];
      // An agent's hostname is probed for its address; anything else must already be an address.
      if (!agents.some((a) => a.hostname === address))
        return { hostname: address, ip: address, role, os: 'rhel7' as const };
      const facts = await plan.run('mdm-nodes', `${address}/probe (${role})`, () => probeFacts(address));
      return { hostname: address, role, ...requireInstallable(address, facts) };
    })
  );
  // Probe, do not trust: each address must hold that role in the MDM cluster the gateway manages.
  await Promise.all(
    mdms.map((m, i) =>
      plan.run(
        'mdm-nodes',
        `${m.hostname}/verify (${m.role})`,
        async () => {
          const found = (await gateway.queryNodeInCluster({ ip: m.ip })).mdm;
          if (found?.role !== m.role)
            throw ApplicationFailure.nonRetryable(
              `preconfiguredMdms.${roles[i]![0]}: ${m.hostname} (${m.ip}) is ${found ? `the ${found.role} MDM ${found.name}` : 'not an MDM'} of the cluster the gateway manages, not its ${m.role}`,
              ErrorType.InvalidSpec
            );
          return found;
        },
        (r) => `${r.name} is the ${r.role}`
      )
    )
  );
  return finish(plan, context(spec, mdms, pre.gateway), 'adopted');
}

function context(spec: ClusterSpec, mdms: MdmHost[], gatewayHost?: string): ClusterContext {
  const primary = mdms.find((m) => m.role === 'primary')!;
  const host = gatewayHost ?? primary.ip;
  return {
    spec,
    mdms: mdms.map(({ hostname, ip, role }) => ({ hostname, ip, role })),
    gatewayEndpoint: spec.volumeDriver.gatewayEndpoint ?? `https://${host}/api`,
  };
}

async function finish(plan: Plan, ctx: ClusterContext, mode: BootstrapReport['mode']): Promise<BootstrapReport> {
  const { spec } = ctx;
  const pd = await plan.run(
    'storage',
    'protection-domain',
    () => gateway.ensureProtectionDomain({ name: spec.protectionDomain }),
    (r) => `${r.created ? 'created' : 'exists'}: ${r.id}`
  );
  const sp = await plan.run(
    'storage',
    'storage-pool',
    () => gateway.ensureStoragePool({ protectionDomain: spec.protectionDomain, name: spec.storagePool }),
    (r) => `${r.created ? 'created' : 'exists'}: ${r.id}`
  );
  const dataNodes = await onboardDataNodes(plan, 'data-nodes', ctx);
  await plan.run('handover', 'supervisor', () =>
    handOverToSupervisor(spec.name, {
      context: ctx,
      onboarded: dataNodes.filter((d) => d.onboarded).map((d) => d.hostname),
    })
  );
  return {
    cluster: spec.name,
    mode,
    mdms: ctx.mdms,
    gatewayEndpoint: ctx.gatewayEndpoint,
    protectionDomain: pd,
    storagePool: sp,
    dataNodes,
  };
}
