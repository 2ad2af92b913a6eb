// Protection domains, storage pools, SDSs and devices: each ensure* looks first and creates only what is missing,
// so a repeat is a no-op that says so; an existing object that differs is a non-retryable Conflict.
import type { CapacityAlertThresholds, GatewayClient } from '../gateway';
import { notFound, withGateway, type ScaleioDeps } from './gateway-call';

export interface EnsureOutcome {
  id: string;
  created: boolean;
}

async function pdId(gw: GatewayClient, name: string): Promise<string> {
  const pd = await gw.protectionDomains.findByName(name);
  if (!pd) throw notFound(`protection domain ${JSON.stringify(name)} does not exist`);
  return pd.id;
}

async function spId(gw: GatewayClient, protectionDomainId: string, name: string): Promise<string> {
  const sp = await gw.storagePools.findByName(protectionDomainId, name);
  if (!sp) throw notFound(`storage pool ${JSON.stringify(name)} does not exist in that protection domain`);
  return sp.id;
}

export function createStorageActivities(deps: ScaleioDeps) {
  return {
    async ensureProtectionDomain(input: { name: string }): Promise<EnsureOutcome> {
      return withGateway(deps, (gw) => gw.protectionDomains.ensure(input.name));
    },

    async ensureStoragePool(input: {
      protectionDomain: string;
      name: string;
      capacityAlertThresholds?: CapacityAlertThresholds;
    }): Promise<EnsureOutcome> {
      return withGateway(deps, async (gw) =>
        gw.storagePools.ensure({
          name: input.name,
          protectionDomainId: await pdId(gw, input.protectionDomain),
          ...(input.capacityAlertThresholds ? { capacityAlertThresholds: input.capacityAlertThresholds } : {}),
        })
      );
    },

    /**
     * Adds a node's SDS (named sds_<ip>, as the old framework named them) with its devices: `devices` into
     * `storagePool`, and each of `pools` (a node's declared layout) into its own pool.
     */
    async addSds(input: {
      protectionDomain: string;
      storagePool: string;
      ip: string;
      name?: string;
      devices: string[];
      pools?: { storagePool: string; devices: string[] }[];
    }): Promise<EnsureOutcome & { devices: number }> {
      return withGateway(deps, async (gw) => {
        const protectionDomainId = await pdId(gw, input.protectionDomain);
        const groups = [{ storagePool: input.storagePool, devices: input.devices }, ...(input.pools ?? [])];
        const devices: { path: string; storagePoolId: string }[] = [];
        for (const g of groups.filter((x) => x.devices.length > 0)) {
          const storagePoolId = await spId(gw, protectionDomainId, g.storagePool);
          devices.push(...g.devices.map((path) => ({ path, storagePoolId })));
        }
        const r = await gw.sds.ensure({
          name: input.name ?? `sds_${input.ip}`,
          protectionDomainId,
          ips: [input.ip],
          devices,
        });
        return { ...r, devices: devices.length };
      });
    },

    async addDevice(input: {
      sdsIp: string;
      protectionDomain: string;
      storagePool: string;
      path: string;
      mediaType?: 'HDD' | 'SSD';
    }): Promise<EnsureOutcome> {
      return withGateway(deps, async (gw) => {
        const sds = await gw.sds.findByIp(input.sdsIp);
        if (!sds) throw notFound(`no SDS has IP ${input.sdsIp}`);
        const storagePoolId = await spId(gw, await pdId(gw, input.protectionDomain), input.storagePool);
        return gw.devices.ensure({
          path: input.path,
          sdsId: sds.id,
          storagePoolId,
          ...(input.mediaType ? { mediaType: input.mediaType } : {}),
        });
      });
    },
  };
}
