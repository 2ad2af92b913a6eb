// POST /api/instances/<Type>::<id>/action/<action> and the id-less System MDM actions.
import { badRequest, type ClusterMode, type MdmRole, type ScaleioCluster } from '../scaleio';
import { type Body, bool, num, oneOf, optBool, optNum, optStr, str, strList } from './params';

type Handler = (c: ScaleioCluster, id: string, body: Body) => unknown;

const ACTIONS: Record<string, Record<string, Handler>> = {
  ProtectionDomain: {
    removeProtectionDomain: (c, id) => c.removeProtectionDomain(id),
    setProtectionDomainName: (c, id, b) => c.renameProtectionDomain(id, str(b, 'name')),
  },
  StoragePool: {
    removeStoragePool: (c, id) => c.removeStoragePool(id),
    setStoragePoolName: (c, id, b) => c.renameStoragePool(id, str(b, 'name')),
    setSparePercentage: (c, id, b) => c.setSparePercentage(id, num(b, 'sparePercentage')),
    setRebuildEnabled: (c, id, b) => c.setRebuildEnabled(id, bool(b, 'rebuildEnabled')),
    setRebalanceEnabled: (c, id, b) => c.setRebalanceEnabled(id, bool(b, 'rebalanceEnabled')),
    setCapacityAlertThresholds: (c, id, b) =>
      c.setCapacityAlertThresholds(
        id,
        num(b, 'capacityAlertHighThresholdPercent'),
        num(b, 'capacityAlertCriticalThresholdPercent')
      ),
  },
  Sds: {
    removeSds: (c, id) => c.removeSds(id),
    setSdsName: (c, id, b) => c.renameSds(id, str(b, 'name')),
    enterMaintenanceMode: (c, id) => c.enterMaintenanceMode(id),
    exitMaintenanceMode: (c, id) => c.exitMaintenanceMode(id),
  },
  Device: {
    removeDevice: (c, id) => c.removeDevice(id),
    setDeviceName: (c, id, b) => c.renameDevice(id, str(b, 'newName')),
  },
  Volume: {
    addMappedSdc: (c, id, b) => c.mapVolume(id, str(b, 'sdcId'), optBool(b, 'allowMultipleMappings') ?? false),
    removeMappedSdc: (c, id, b) => c.unmapVolume(id, str(b, 'sdcId')),
    removeVolume: (c, id) => c.removeVolume(id),
    setVolumeName: (c, id, b) => c.renameVolume(id, str(b, 'newName')),
    setVolumeSize: (c, id, b) => c.resizeVolume(id, num(b, 'sizeInGB')),
  },
  Sdc: {
    setSdcName: (c, id, b) => c.setSdcName(id, str(b, 'sdcName')),
    removeSdc: (c, id) => c.removeSdc(id),
  },
  System: {
    setCapacityAlertThresholds: (c, _id, b) =>
      c.setSystemCapacityThresholds(
        num(b, 'capacityAlertHighThresholdPercent'),
        num(b, 'capacityAlertCriticalThresholdPercent')
      ),
    setSystemName: (c, _id, b) => c.renameSystem(str(b, 'newName')),
    addStandbyMdm: (c, _id, b) => {
      const ips = strList(b, 'ips');
      if (ips.length === 0) throw badRequest('ips', 'required, a non-empty array of IPs');
      const role = oneOf<MdmRole>(b, 'role', ['Manager', 'TieBreaker']);
      const port = optNum(b, 'port');
      const mgmt = strList(b, 'managementIps');
      const id = c.addStandbyMdm(ips, role, optStr(b, 'name'), mgmt.length ? mgmt : undefined);
      if (port !== undefined) c.ctx.state.mdm!.nodes[id]!.port = port;
      return { id };
    },
    removeStandbyMdm: (c, _id, b) => c.removeStandbyMdm(str(b, 'id')),
    switchClusterMode: (c, _id, b) =>
      c.switchClusterMode(
        oneOf<ClusterMode>(b, 'mode', ['OneNode', 'ThreeNodes', 'FiveNodes']),
        strList(b, 'addSlaveMdmIdList'),
        strList(b, 'addTBIdList'),
        strList(b, 'removeSlaveMdmIdList'),
        strList(b, 'removeTBIdList')
      ),
    changeMdmOwnership: (c, _id, b) => c.changeOwnership(str(b, 'id')),
    renameMdm: (c, _id, b) => c.renameMdm(str(b, 'id'), str(b, 'newName')),
  },
};

/** Runs an action; returns the JSON to send (an object, `{}` when the action has no result). */
export function runAction(c: ScaleioCluster, type: string, id: string, action: string, body: Body): unknown {
  const handler = ACTIONS[type]?.[action];
  if (!handler) throw badRequest('action', `unknown action ${action} for type ${type}`);
  return handler(c, id, body) ?? {};
}
