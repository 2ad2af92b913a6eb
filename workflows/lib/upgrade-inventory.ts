// What runs where before an upgrade: every node the supervisor knows (and every MDM node) is probed for its OS, IP
// and installed ScaleIO versions. The probe is the truth a re-run resumes from: a role already at the target
// version on a node is not touched again.
import { proxyActivities } from '@temporalio/workflow';
import type { ScaleioActivities } from '../../activities';
import type { ClusterContext } from '../../common/cluster';
import { NON_RETRYABLE_ERROR_TYPES } from '../../common/errors';
import type { OsFamily, PackageRole } from '../../common/spec/types';
import { requireInstallable } from '../onboard-agent';
import { probeFacts } from './probe';

const supervisor = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 10, nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES] },
});

export interface UpgradeNode {
  hostname: string;
  ip: string;
  os: OsFamily;
  /** Installed ScaleIO version per package role (the MDM package serves managers and tie-breakers). */
  versions: Partial<Record<PackageRole, string>>;
}

export interface Inventory {
  nodes: UpgradeNode[];
  /** Reasons the upgrade cannot cover the whole cluster (a node gone, ...). */
  problems: string[];
}

export async function takeInventory(cluster: string, context: ClusterContext): Promise<Inventory> {
  const members = await supervisor.loadMembers({ cluster });
  const problems = members
    .filter(
      (m) => m.status === 'gone' && (m.onboarding === 'done' || context.mdms.some((x) => x.hostname === m.hostname))
    )
    .map((m) => `${m.hostname} is gone${m.lastReason ? ` (${m.lastReason})` : ''}: every node must be reachable`);
  const present = members.filter((m) => m.status === 'present').map((m) => m.hostname);
  const hosts = [...new Set([...present, ...context.mdms.map((m) => m.hostname)])]
    .filter((h) => present.includes(h))
    .sort();
  const nodes = await Promise.all(
    hosts.map(async (hostname): Promise<UpgradeNode | undefined> => {
      const facts = await probeFacts(hostname);
      // A member that holds no ScaleIO component (never on-boarded, unsupported OS) is not part of the upgrade.
      if (Object.keys(facts.scaleio).length === 0) return undefined;
      const { os, ip } = requireInstallable(hostname, facts);
      return { hostname, ip, os, versions: { ...facts.scaleio } };
    })
  );
  return { nodes: nodes.filter((n): n is UpgradeNode => n !== undefined), problems };
}
