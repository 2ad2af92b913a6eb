// Which SDSs hold devices of a storage pool, at which IPs, and every device path each SDS has (in any pool): the
// growth probes those nodes for free disks and leaves out what ScaleIO uses already.
import type { GatewayClient } from '../gateway';
import { notFound } from '../scaleio/gateway-call';

export interface PoolSds {
  sdsId: string;
  name: string;
  ips: string[];
  /** Devices of this SDS in the pool. */
  poolDevices: number;
  /** Every device path of this SDS, in any pool. */
  devicePaths: string[];
  /** 'Normal' when in service; an SDS being removed is not grown onto. */
  state: string;
}

export async function readPoolSds(gw: GatewayClient, poolId: string): Promise<PoolSds[]> {
  const [pools, sdss, devices] = await Promise.all([gw.storagePools.list(), gw.sds.list(), gw.devices.list()]);
  if (!pools.some((p) => p.id === poolId)) throw notFound(`storage pool ${poolId} does not exist`);
  const inPool = new Set(devices.filter((d) => d.storagePoolId === poolId).map((d) => d.sdsId));
  return sdss
    .filter((s) => inPool.has(s.id))
    .map((s) => {
      const own = devices.filter((d) => d.sdsId === s.id);
      return {
        sdsId: s.id,
        name: s.name ?? s.id,
        ips: s.ipList.map((x) => x.ip),
        poolDevices: own.filter((d) => d.storagePoolId === poolId).length,
        devicePaths: own.map((d) => d.deviceCurrentPathName).sort(),
        state: s.sdsState ?? 'Normal',
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
