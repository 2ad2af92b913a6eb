// The MDM cluster as a rolling upgrade needs it: every member with its role, status and version, and the switch
// of ownership (the primary role) to a named, already upgraded manager before the old primary is upgraded.
import { ApplicationFailure } from '@temporalio/common';
import type { MdmCluster, MdmNode } from '../gateway';
import { heartbeat, notFound, pause, withGateway, type ScaleioDeps } from './gateway-call';

export type MdmMemberRole = 'master' | 'slave' | 'tiebreaker' | 'standby';

export interface MdmMember {
  id: string;
  name: string | null;
  ips: string[];
  role: MdmMemberRole;
  /** 'Normal' when healthy (the master carries none in 2.x output: taken as Normal). */
  status: string;
  /** e.g. R2_0.12000.122 */
  versionInfo: string | null;
  /** Standbys only: whether it would join as a manager or a tie-breaker. */
  standbyRole?: 'Manager' | 'TieBreaker';
}

export interface MdmMembers {
  clusterMode: string;
  clusterState: string;
  members: MdmMember[];
}

function member(n: MdmNode, role: MdmMemberRole): MdmMember {
  return {
    id: n.id,
    name: n.name ?? null,
    ips: [...n.ips],
    role,
    status: n.status ?? 'Normal',
    versionInfo: n.versionInfo ?? null,
    ...(role === 'standby' ? { standbyRole: n.role === 'TieBreaker' ? 'TieBreaker' : 'Manager' } : {}),
  };
}

/** The members of an MDM cluster object, master first. */
export function mdmMembersOf(c: MdmCluster): MdmMembers {
  return {
    clusterMode: c.clusterMode,
    clusterState: c.clusterState,
    members: [
      ...(c.master ? [member(c.master, 'master')] : []),
      ...(c.slaves ?? []).map((n) => member(n, 'slave')),
      ...(c.tieBreakers ?? []).map((n) => member(n, 'tiebreaker')),
      ...(c.standbyMDMs ?? []).map((n) => member(n, 'standby')),
    ],
  };
}

export function createUpgradeMdmActivities(deps: ScaleioDeps) {
  return {
    async readMdmMembers(): Promise<MdmMembers> {
      return withGateway(deps, async (gw) => mdmMembersOf(await gw.mdmCluster()));
    },

    /**
     * Makes the manager at `toIp` the master. Idempotent: when it already is (an earlier attempt switched), nothing
     * changes. Waits until the cluster reports the new master.
     */
    async switchMdmOwnership(input: {
      toIp: string;
      pollMs?: number;
    }): Promise<{ changed: boolean; masterId: string; previousMasterIp: string | null }> {
      return withGateway(deps, async (gw) => {
        const before = mdmMembersOf(await gw.mdmCluster());
        const target = before.members.find((m) => m.ips.includes(input.toIp));
        if (!target) throw notFound(`no MDM has IP ${input.toIp}`);
        const previousMasterIp = before.members.find((m) => m.role === 'master')?.ips[0] ?? null;
        if (target.role === 'master') return { changed: false, masterId: target.id, previousMasterIp };
        if (target.role !== 'slave')
          throw ApplicationFailure.nonRetryable(
            `MDM ${target.name ?? target.id} (${input.toIp}) is a ${target.role}: only a manager in the cluster (a slave) can take ownership`,
            'Conflict'
          );
        await gw.mdm.changeOwnership(target.id);
        for (;;) {
          const now = mdmMembersOf(await gw.mdmCluster());
          const master = now.members.find((m) => m.role === 'master');
          heartbeat({ waitingFor: target.id, master: master?.id ?? null, clusterState: now.clusterState });
          if (master?.id === target.id) return { changed: true, masterId: target.id, previousMasterIp };
          await pause(input.pollMs ?? 500);
        }
      });
    },
  };
}
