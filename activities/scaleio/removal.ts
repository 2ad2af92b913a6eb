// What a node is to the cluster (MDM role, SDS and its devices, SDC and its mappings), whether its pools can hold
// their data without it, and the asynchronous removals (device, SDS) that wait, heartbeating, until the data has
// moved out and the object is gone. Every call is safe to repeat: a removal already under way is waited for, one
// already finished is reported as such.
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../../common/errors';
import { DATA_MOTION_STATISTICS, type GatewayClient, type MdmCluster, type Sds } from '../gateway';
import { actionPath } from '../gateway/paths';
import { heartbeat, notFound, pause, withGateway, type ScaleioDeps } from './gateway-call';

export type MdmMemberRole = 'primary' | 'secondary' | 'tiebreaker' | 'standby';

export interface NodeDevice {
  id: string;
  path: string;
  storagePoolId: string;
  state: string;
}

export interface NodeInCluster {
  ip: string;
  mdm: { role: MdmMemberRole; name: string } | null;
  sds: { id: string; name: string; state: string; protectionDomainId: string; devices: NodeDevice[] } | null;
  sdc: { id: string; connected: boolean; mappedVolumes: string[] } | null;
  /** The storage pool asked for (NotFound when it does not exist). */
  pool?: { id: string; name: string; mediaType: string | null };
}

/** One pool the node's SDS has devices in, before and after taking those devices away (KB). */
export interface PoolAfterRemoval {
  storagePoolId: string;
  storagePool: string;
  sparePercentage: number;
  maxKb: number;
  inUseKb: number;
  /** Raw capacity of the node's devices in this pool. */
  nodeKb: number;
  /** What the other devices offer once the spare share is set aside. */
  usableAfterKb: number;
  /** How much does not fit (0 when it fits). */
  shortKb: number;
}

export interface RemovalOutcome {
  /** The object's id, or null when there was nothing to remove. */
  id: string | null;
  /** This call asked the gateway to remove it (false: already under way or gone). */
  started: boolean;
  /** Data it held when the wait began, moved to other devices since. */
  movedKb: number;
  polls: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function mdmRoleOf(cluster: MdmCluster, ip: string): NodeInCluster['mdm'] {
  const holds = (n: { ips: string[]; managementIPs?: string[] } | null | undefined) =>
    !!n && (n.ips.includes(ip) || (n.managementIPs ?? []).includes(ip));
  const groups: [MdmMemberRole, { ips: string[]; name?: string | null; id: string }[]][] = [
    ['primary', cluster.master ? [cluster.master] : []],
    ['secondary', cluster.slaves ?? []],
    ['tiebreaker', cluster.tieBreakers ?? []],
    ['standby', cluster.standbyMDMs ?? []],
  ];
  for (const [role, nodes] of groups) {
    const n = nodes.find(holds);
    if (n) return { role, name: n.name ?? n.id };
  }
  return null;
}

async function poolOf(gw: GatewayClient, protectionDomain: string, storagePool: string) {
  const pd = await gw.protectionDomains.findByName(protectionDomain);
  if (!pd) throw notFound(`protection domain ${JSON.stringify(protectionDomain)} does not exist`);
  const sp = await gw.storagePools.findByName(pd.id, storagePool);
  if (!sp)
    throw notFound(
      `storage pool ${JSON.stringify(storagePool)} does not exist in protection domain ${protectionDomain}`
    );
  return { id: sp.id, name: sp.name ?? sp.id, mediaType: sp.mediaType ?? null };
}

/** Heartbeats `what` until `gone()` holds; returns the number of polls. */
async function waitUntilGone(
  what: Record<string, unknown>,
  gone: () => Promise<boolean>,
  pollMs: number,
  progress: () => Promise<Record<string, unknown>>
): Promise<number> {
  for (let polls = 1; ; polls++) {
    if (await gone()) return polls;
    heartbeat({ ...what, ...(await progress()), polls });
    await pause(pollMs);
  }
}

export function createRemovalActivities(deps: ScaleioDeps) {
  const movingKb = (gw: GatewayClient) =>
    gw.statistics
      .system(DATA_MOTION_STATISTICS)
      .then((s) => DATA_MOTION_STATISTICS.reduce((sum, k) => sum + num(s[k]), 0));

  return {
    /** The node (by its ScaleIO IP) as the cluster sees it; with pool names, that pool is resolved too. */
    async queryNodeInCluster(input: {
      ip: string;
      protectionDomain?: string;
      storagePool?: string;
    }): Promise<NodeInCluster> {
      return withGateway(deps, async (gw) => {
        const pool =
          input.protectionDomain && input.storagePool
            ? await poolOf(gw, input.protectionDomain, input.storagePool)
            : undefined;
        const sds = await gw.sds.findByIp(input.ip);
        const sdc = await gw.sdcs.findByIp(input.ip);
        const mapped = sdc
          ? (await gw.volumes.list()).filter((v) => (v.mappedSdcInfo ?? []).some((m) => m.sdcId === sdc.id))
          : [];
        return {
          ip: input.ip,
          mdm: mdmRoleOf(await gw.mdmCluster(), input.ip),
          sds: sds ? await describeSds(gw, sds) : null,
          sdc: sdc
            ? {
                id: sdc.id,
                connected: sdc.mdmConnectionState === 'Connected',
                mappedVolumes: mapped.map((v) => v.name ?? v.id),
              }
            : null,
          ...(pool ? { pool } : {}),
        };
      });
    },

    /** Per pool of the SDS: capacity in use against what the other devices keep once the spare share is set aside. */
    async queryRemovalCapacity(input: { sdsId: string }): Promise<{ pools: PoolAfterRemoval[] }> {
      return withGateway(deps, async (gw) => {
        const devices = await gw.devices.listBySds(input.sdsId);
        const nodeKb = new Map<string, number>();
        for (const d of devices) {
          const stats = await gw.statistics.of('Device', d.id);
          nodeKb.set(d.storagePoolId, (nodeKb.get(d.storagePoolId) ?? 0) + num(stats.maxCapacityInKb));
        }
        const ids = [...nodeKb.keys()];
        const stats = await gw.statistics.storagePools(ids, ['maxCapacityInKb', 'capacityInUseInKb']);
        const pools: PoolAfterRemoval[] = [];
        for (const id of ids) {
          const sp = await gw.storagePools.get(id);
          const spare = sp.sparePercentage ?? 0;
          const maxKb = num(stats[id]?.maxCapacityInKb);
          const inUseKb = num(stats[id]?.capacityInUseInKb);
          const node = nodeKb.get(id) ?? 0;
          const usableAfterKb = Math.floor((Math.max(0, maxKb - node) * (100 - spare)) / 100);
          pools.push({
            storagePoolId: id,
            storagePool: sp.name ?? id,
            sparePercentage: spare,
            maxKb,
            inUseKb,
            nodeKb: node,
            usableAfterKb,
            shortKb: Math.max(0, inUseKb - usableAfterKb),
          });
        }
        return { pools };
      });
    },

    /** Capacity statistics of one pool (KB), for reports before and after a change. */
    async queryPoolCapacity(input: {
      protectionDomain: string;
      storagePool: string;
    }): Promise<{ storagePoolId: string; maxKb: number; inUseKb: number; numOfDevices: number }> {
      return withGateway(deps, async (gw) => {
        const { id } = await poolOf(gw, input.protectionDomain, input.storagePool);
        const s = (await gw.statistics.storagePools([id], ['maxCapacityInKb', 'capacityInUseInKb', 'numOfDevices']))[
          id
        ];
        return {
          storagePoolId: id,
          maxKb: num(s?.maxCapacityInKb),
          inUseKb: num(s?.capacityInUseInKb),
          numOfDevices: num(s?.numOfDevices),
        };
      });
    },

    /** Removes the SDS at this IP with all its devices and waits until its data has moved out and it is gone. */
    async removeSdsAndWait(input: { ip: string; pollMs?: number }): Promise<RemovalOutcome> {
      return withGateway(deps, async (gw) => {
        const sds = await gw.sds.findByIp(input.ip);
        if (!sds) return { id: null, started: false, movedKb: 0, polls: 0 };
        const used = num((await gw.statistics.sds([sds.id], ['capacityInUseInKb']))[sds.id]?.capacityInUseInKb);
        const started = sds.sdsState !== 'RemovePending';
        if (started) await gw.sds.remove(sds.id);
        const polls = await waitUntilGone(
          { sdsId: sds.id, ip: input.ip },
          async () => !(await gw.sds.list()).some((s) => s.id === sds.id),
          input.pollMs ?? 5000,
          async () => ({ devicesLeft: (await gw.devices.listBySds(sds.id)).length, movingKb: await movingKb(gw) })
        );
        return { id: sds.id, started, movedKb: used, polls };
      });
    },

    /** Removes one device of the SDS at this IP and waits until its data has moved out and it is gone. */
    async removeDeviceAndWait(input: { sdsIp: string; path: string; pollMs?: number }): Promise<RemovalOutcome> {
      return withGateway(deps, async (gw) => {
        const sds = await gw.sds.findByIp(input.sdsIp);
        if (!sds) throw notFound(`no SDS has IP ${input.sdsIp}`);
        const device = await gw.devices.findByPath(sds.id, input.path);
        if (!device) return { id: null, started: false, movedKb: 0, polls: 0 };
        const used = num((await gw.statistics.of('Device', device.id)).capacityInUseInKb);
        const started = device.deviceState !== 'RemovePending';
        if (started) await gw.devices.remove(device.id);
        const polls = await waitUntilGone(
          { deviceId: device.id, path: input.path, sdsIp: input.sdsIp },
          async () => !(await gw.devices.listBySds(sds.id)).some((d) => d.id === device.id),
          input.pollMs ?? 5000,
          async () => ({ movingKb: await movingKb(gw) })
        );
        return { id: device.id, started, movedKb: used, polls };
      });
    },

    /**
     * Forgets the SDC of a node whose driver is gone (after its uninstall). Volumes still mapped to it refuse
     * (DeviceInUse); a driver still connected is retried, since it disconnects as its package is removed.
     */
    async removeSdc(input: { ip: string }): Promise<{ id: string | null; removed: boolean }> {
      return withGateway(deps, async (gw) => {
        const sdc = await gw.sdcs.findByIp(input.ip);
        if (!sdc) return { id: null, removed: false };
        const mapped = (await gw.volumes.list()).filter((v) => (v.mappedSdcInfo ?? []).some((m) => m.sdcId === sdc.id));
        if (mapped.length > 0)
          throw ApplicationFailure.nonRetryable(
            `the SDC at ${input.ip} still has ${mapped.length} volume(s) mapped (${mapped.map((v) => v.name ?? v.id).join(', ')}); unmap them first`,
            ErrorType.DeviceInUse
          );
        if (sdc.mdmConnectionState === 'Connected')
          throw ApplicationFailure.retryable(`the SDC at ${input.ip} is still connected to the MDM`, 'SdcConnected');
        await gw.post(actionPath('Sdc', sdc.id, 'removeSdc'), {});
        return { id: sdc.id, removed: true };
      });
    },
  };
}

async function describeSds(gw: GatewayClient, sds: Sds): Promise<NonNullable<NodeInCluster['sds']>> {
  const devices = await gw.devices.listBySds(sds.id);
  return {
    id: sds.id,
    name: sds.name ?? sds.id,
    state: sds.sdsState ?? 'Normal',
    protectionDomainId: sds.protectionDomainId,
    devices: devices.map((d) => ({
      id: d.id,
      path: d.deviceCurrentPathName,
      storagePoolId: d.storagePoolId,
      state: d.deviceState ?? 'Normal',
    })),
  };
}
