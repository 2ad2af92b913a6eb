// Whether one node's SDS may enter maintenance now, judged from a health reading before anything changes. In
// maintenance the node's data has a single copy elsewhere, so the rest must be whole: no other SDS of its
// protection domain in maintenance or disconnected, no degraded, failed or rebuilding capacity, at least two
// other healthy SDSs (ScaleIO's own rule), and, when the node is also an MDM, an MDM cluster that can lose it.
// Pure: unit-tested without Temporal.
import { ErrorType } from '../../common/errors';
import type { HealthReading, MdmMemberHealth, SdsHealth } from '../../common/health';

/** Failure type of a maintenance that would leave some data without a second copy. */
export const REDUNDANCY_WOULD_BREAK = 'RedundancyWouldBreak';

export interface MaintenanceVerdict {
  sds: SdsHealth;
  /** It is in maintenance already (a procedure before this one put it there): this one takes it over. */
  adopted: boolean;
  /** The node's MDM role, when it has one. */
  mdm?: MdmMemberHealth;
  detail: string;
}

export interface MaintenanceRefusal {
  type: string;
  message: string;
}

const gb = (kb: number) => `${(kb / 1048576).toFixed(1)} GB`;
const healthy = (s: SdsHealth) =>
  (s.connection ?? 'Connected') === 'Connected' &&
  (s.maintenance ?? 'NoMaintenance') === 'NoMaintenance' &&
  (s.state ?? 'Normal') === 'Normal' &&
  (s.membership ?? 'Joined') === 'Joined';

export function judgeMaintenance(
  hostname: string,
  ip: string,
  r: HealthReading
): { ok: MaintenanceVerdict } | { refused: MaintenanceRefusal } {
  const sds = r.sds.find((s) => s.ips.includes(ip));
  if (!sds)
    return refuse(
      ErrorType.NodeNotFound,
      `${hostname} (${ip}) has no SDS in the cluster: nothing to put in maintenance`
    );
  if (sds.state === 'RemovePending')
    return refuse(ErrorType.NodeNotFound, `the SDS of ${hostname} (${sds.name}) is being removed`);
  const mdm = r.mdm?.members.find((m) => m.ips.includes(ip));
  const inMaintenance = sds.maintenance === 'InMaintenance' || sds.maintenance === 'SetMaintenanceInProgress';
  if (inMaintenance)
    return { ok: { sds, adopted: true, ...(mdm ? { mdm } : {}), detail: `SDS ${sds.name} is in maintenance already` } };

  const reasons: string[] = [];
  if ((sds.connection ?? 'Connected') !== 'Connected')
    reasons.push(`its SDS ${sds.name} is ${sds.connection}: its data is being rebuilt, not kept for a maintenance`);
  const peers = r.sds.filter((s) => s.id !== sds.id && s.protectionDomainId === sds.protectionDomainId);
  for (const p of peers) {
    if ((p.maintenance ?? 'NoMaintenance') !== 'NoMaintenance')
      reasons.push(`SDS ${p.name} is in maintenance (${p.maintenance})`);
    else if ((p.connection ?? 'Connected') !== 'Connected') reasons.push(`SDS ${p.name} is ${p.connection}`);
  }
  for (const p of r.pools) {
    if (p.failedKb > 0) reasons.push(`storage pool ${p.name} has ${gb(p.failedKb)} with no copy left`);
    if (p.degradedKb > 0) reasons.push(`storage pool ${p.name} has ${gb(p.degradedKb)} with a single copy`);
    else if (p.rebuildKb > 0) reasons.push(`storage pool ${p.name} is rebuilding ${gb(p.rebuildKb)}`);
  }
  const others = peers.filter(healthy).length;
  if (others < 2)
    reasons.push(
      `at least 2 other healthy SDSs are needed in its protection domain, there ${others === 1 ? 'is' : 'are'} ${others}`
    );
  if (reasons.length > 0)
    return refuse(
      REDUNDANCY_WOULD_BREAK,
      `maintenance of ${hostname} would leave data without a second copy: ${reasons.join('; ')}. ` +
        'Wait until the cluster is healthy (the healthMonitor alerts say what is wrong), then start it again'
    );
  if (mdm && r.mdm && r.mdm.clusterState !== 'ClusteredNormal')
    return refuse(
      ErrorType.QuorumWouldBreak,
      `${hostname} is also MDM ${mdm.name} (${mdm.role}) and the MDM cluster is ${r.mdm.clusterState}: ` +
        'taking the node down for hardware work could lose the MDM quorum'
    );
  const also = mdm ? `; the node is also MDM ${mdm.name} (${mdm.role}), the MDM cluster can lose it` : '';
  return {
    ok: {
      sds,
      adopted: false,
      ...(mdm ? { mdm } : {}),
      detail: `SDS ${sds.name}: ${others} other healthy SDSs, no degraded or rebuilding capacity${also}`,
    },
  };
}

function refuse(type: string, message: string): { refused: MaintenanceRefusal } {
  return { refused: { type, message } };
}
