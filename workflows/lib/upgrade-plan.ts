// The order of a rolling upgrade, decided once from the inventory and the MDM cluster (pure, so a dry run returns
// exactly what a real run does): LIA on every node → MDM (tie-breakers and standbys, then slaves, then ownership
// to an upgraded slave, then the old master) → SDS one node at a time, nodes without an MDM first and the
// master's node last → SDC in batches. A role already at the target version is kept in the plan as a skip.
import type { MdmMemberRole, MdmMembers } from '../../activities/scaleio/upgrade-mdm';
import type { NodePackageRole } from '../../common/node-steps';
import type { OsFamily, PackageRole } from '../../common/spec/types';
import type { UpgradeNode } from './upgrade-inventory';

export const UPGRADE_PHASES = ['lia', 'mdm', 'sds', 'sdc'] as const;
export type UpgradePhase = (typeof UPGRADE_PHASES)[number];
export const SWITCH_STEP = 'switch-ownership';

export interface UpgradeItem {
  phase: UpgradePhase;
  /** The progress step: the node's hostname, or switch-ownership. */
  step: string;
  action: 'package' | 'switch-ownership';
  hostname: string;
  ip: string;
  os?: OsFamily;
  role?: NodePackageRole;
  /** The version installed before (what a rollback returns to). */
  from?: string;
  /** Already at the target version: skipped (and a re-run resumes after it). */
  atTarget: boolean;
  mdmRole?: MdmMemberRole | 'not-a-member';
  canary?: boolean;
  /** SDC phase: the batch (1-based) it is upgraded in. */
  batch?: number;
}

export interface UpgradePlan {
  items: UpgradeItem[];
  /** Reasons the upgrade must not start. */
  problems: string[];
}

/** Negative when a < b (2.0-10000.2072 < 2.0-12000.122); numeric parts compare as numbers. */
export function compareScaleioVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const byHost = (a: { hostname: string }, b: { hostname: string }) => a.hostname.localeCompare(b.hostname);

function item(
  phase: UpgradePhase,
  n: UpgradeNode,
  pkg: PackageRole,
  role: NodePackageRole,
  target: string
): UpgradeItem {
  const from = n.versions[pkg];
  return {
    phase,
    step: n.hostname,
    action: 'package',
    hostname: n.hostname,
    ip: n.ip,
    os: n.os,
    role,
    from,
    atTarget: from === target,
  };
}

function mdmItems(nodes: UpgradeNode[], mdm: MdmMembers, target: string, problems: string[]): UpgradeItem[] {
  const roleOf = (n: UpgradeNode) => mdm.members.find((m) => m.ips.includes(n.ip));
  for (const m of mdm.members)
    if (!nodes.some((n) => m.ips.includes(n.ip)))
      problems.push(
        `MDM ${m.name ?? m.id} (${m.ips.join(', ')}) runs on no node of this cluster: it cannot be upgraded`
      );
  const withMdm = nodes.filter((n) => n.versions.mdm !== undefined).sort(byHost);
  const rank: Record<string, number> = { tiebreaker: 0, standby: 1, 'not-a-member': 2, slave: 3, master: 5 };
  const items = withMdm.map((n) => {
    const m = roleOf(n);
    const tb = m?.role === 'tiebreaker' || m?.standbyRole === 'TieBreaker';
    return { ...item('mdm', n, 'mdm', tb ? 'tb' : 'mdm', target), mdmRole: m?.role ?? ('not-a-member' as const) };
  });
  const master = items.find((i) => i.mdmRole === 'master');
  const heir = items.find((i) => i.mdmRole === 'slave');
  if (master) {
    if (!master.atTarget && !heir) problems.push(`the MDM master ${master.hostname} has no slave to hand ownership to`);
    else if (heir) {
      const sw: UpgradeItem = {
        phase: 'mdm',
        step: SWITCH_STEP,
        action: 'switch-ownership',
        hostname: heir.hostname,
        ip: heir.ip,
        atTarget: master.atTarget,
      };
      items.push({ ...sw, mdmRole: 'slave' });
    }
  }
  const order = (i: UpgradeItem) => (i.action === 'switch-ownership' ? 4 : (rank[i.mdmRole ?? 'not-a-member'] ?? 2));
  return items.sort((a, b) => order(a) - order(b) || byHost(a, b));
}

function sdsItems(nodes: UpgradeNode[], mdm: MdmMembers, target: string, canaries: number): UpgradeItem[] {
  const rank = (n: UpgradeNode) => {
    const m = mdm.members.find((x) => x.ips.includes(n.ip));
    return !m ? 0 : m.role === 'master' ? 3 : m.role === 'slave' ? 2 : 1;
  };
  const sorted = nodes.filter((n) => n.versions.sds !== undefined).sort((a, b) => rank(a) - rank(b) || byHost(a, b));
  let left = canaries;
  return sorted.map((n) => {
    const i = item('sds', n, 'sds', 'sds', target);
    if (!i.atTarget && left > 0) {
      left -= 1;
      i.canary = true;
    }
    return i;
  });
}

export function planUpgrade(
  nodes: UpgradeNode[],
  mdm: MdmMembers,
  s: { targetVersion: string; canaryCount: number; batchSize: number }
): UpgradePlan {
  const problems: string[] = [];
  const target = s.targetVersion;
  for (const n of nodes)
    for (const [role, v] of Object.entries(n.versions))
      if (v && compareScaleioVersions(v, target) > 0)
        problems.push(`${n.hostname} runs ${role} ${v}, newer than ${target}: a rolling upgrade does not downgrade`);
  const sorted = [...nodes].sort(byHost);
  const lia = sorted.filter((n) => n.versions.lia !== undefined).map((n) => item('lia', n, 'lia', 'lia', target));
  let todo = 0;
  const sdc = sorted
    .filter((n) => n.versions.sdc !== undefined)
    .map((n) => {
      const i = item('sdc', n, 'sdc', 'sdc', target);
      if (!i.atTarget) i.batch = Math.floor(todo++ / s.batchSize) + 1;
      return i;
    });
  const items = [
    ...lia,
    ...mdmItems(sorted, mdm, target, problems),
    ...sdsItems(sorted, mdm, target, s.canaryCount),
    ...sdc,
  ];
  return { items, problems };
}
