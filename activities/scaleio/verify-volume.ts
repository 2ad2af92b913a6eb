// The end-to-end check of a node's volume access: create a small test volume in the pool, map it to the node's
// SDC, unmap and remove it. Every step is idempotent, so a retry after a crash finishes the cycle.
import { ApplicationFailure } from '@temporalio/common';
import { withGateway, notFound, heartbeat, type ScaleioDeps } from './gateway-call';

export const MIN_SDS_PER_POOL = 3;

export interface VerifyVolumeInput {
  protectionDomain: string;
  storagePool: string;
  /** The node's SDC, by its IP. */
  sdcIp: string;
  /** Deterministic per node and procedure, e.g. verify-node-4. */
  volumeName: string;
}

export function createVerifyActivities(deps: ScaleioDeps) {
  return {
    async verifyVolumeAccess(
      input: VerifyVolumeInput
    ): Promise<{ volumeId: string; sdcId: string; mapped: boolean; removed: boolean }> {
      return withGateway(deps, async (gw) => {
        const sdc = await gw.sdcs.findByIp(input.sdcIp);
        if (!sdc)
          throw notFound(`no SDC has registered from ${input.sdcIp} (is the SDC installed with the MDM addresses?)`);
        const pd = await gw.protectionDomains.findByName(input.protectionDomain);
        const sp = pd && (await gw.storagePools.findByName(pd.id, input.storagePool));
        if (!sp) throw notFound(`storage pool ${input.protectionDomain}/${input.storagePool} does not exist`);
        // ScaleIO creates volumes only in a pool with devices on at least three SDSs. While nodes are still being
        // on-boarded in parallel that is a matter of time: a retryable failure the retry policy waits out.
        const sdsCount = new Set((await gw.devices.listByStoragePool(sp.id)).map((d) => d.sdsId)).size;
        if (sdsCount < MIN_SDS_PER_POOL)
          throw ApplicationFailure.create({
            message: `storage pool ${input.protectionDomain}/${input.storagePool} has devices on ${sdsCount} SDS(s); ScaleIO needs ${MIN_SDS_PER_POOL} before a volume can be created`,
            type: 'PoolTooSmall',
            details: [{ sdsCount }],
          });
        const { id: volumeId } = await gw.volumes.ensure({
          name: input.volumeName,
          storagePoolId: sp.id,
          sizeInKb: 8 * 1024 * 1024,
        });
        heartbeat({ step: 'map', volumeId });
        await gw.volumes.ensureMapped(volumeId, sdc.id);
        heartbeat({ step: 'unmap', volumeId });
        await gw.volumes.unmapFromSdc(volumeId, sdc.id);
        await gw.volumes.remove(volumeId);
        return { volumeId, sdcId: sdc.id, mapped: true, removed: true };
      });
    },
  };
}
