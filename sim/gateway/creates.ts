// POST /api/types/<Type>/instances: create bodies exactly as the reference spells them.
import { badRequest, type ScaleioCluster, type SdsIpRole } from '../scaleio';
import { type Body, num, optBool, optNum, optStr, str } from './params';

const IP_ROLES: readonly SdsIpRole[] = ['all', 'sdsOnly', 'sdcOnly'];

/** sdsIpList items must use the {"SdsIp":{ip,role}} wrapper (create body only). */
function sdsIpList(body: Body): { ip: string; role: SdsIpRole }[] {
  const list = body.sdsIpList;
  if (!Array.isArray(list) || list.length === 0) throw badRequest('sdsIpList', 'required, a non-empty array');
  return list.map((item: unknown, i) => {
    const wrapped = (item as Body | null)?.SdsIp as Body | undefined;
    if (!wrapped || typeof wrapped !== 'object')
      throw badRequest(`sdsIpList[${i}]`, 'expected {"SdsIp":{"ip":..,"role":..}}');
    const ip = str(wrapped, 'ip');
    const role = (optStr(wrapped, 'role') ?? 'all') as SdsIpRole;
    if (!IP_ROLES.includes(role))
      throw badRequest(`sdsIpList[${i}].SdsIp.role`, `must be one of ${IP_ROLES.join(', ')}`);
    return { ip, role };
  });
}

function deviceInfoList(body: Body): { path: string; storagePoolId: string; name?: string }[] {
  const list = body.deviceInfoList;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw badRequest('deviceInfoList', 'must be an array');
  return list.map((item: unknown) => {
    const d = (item ?? {}) as Body;
    return { path: str(d, 'devicePath'), storagePoolId: str(d, 'storagePoolId'), name: optStr(d, 'deviceName') };
  });
}

function mediaType(body: Body): 'HDD' | 'SSD' | undefined {
  const m = optStr(body, 'mediaType');
  if (m !== undefined && m !== 'HDD' && m !== 'SSD') throw badRequest('mediaType', 'must be HDD or SSD');
  return m;
}

export function create(c: ScaleioCluster, type: string, body: Body): string {
  switch (type) {
    case 'ProtectionDomain':
      return c.createProtectionDomain(str(body, 'name'));
    case 'StoragePool':
      return c.createStoragePool(str(body, 'protectionDomainId'), str(body, 'name'), {
        sparePercentage: optNum(body, 'sparePercentage'),
        zeroPaddingEnabled: optBool(body, 'zeroPaddingEnabled'),
        mediaType: mediaType(body),
      });
    case 'Sds': {
      const port = optNum(body, 'sdsPort');
      if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        throw badRequest('sdsPort', 'must be a TCP port 1-65535');
      }
      return c.createSds({
        protectionDomainId: str(body, 'protectionDomainId'),
        name: optStr(body, 'name'),
        ipList: sdsIpList(body),
        port,
        devices: deviceInfoList(body),
      });
    }
    case 'Device': {
      if (body.deviceCurrentPathname === undefined && body.deviceCurrentPathName !== undefined) {
        throw badRequest('deviceCurrentPathname', 'required (the create body spells it with a lower-case n)');
      }
      return c.addDevice({
        path: str(body, 'deviceCurrentPathname'),
        sdsId: str(body, 'sdsId'),
        storagePoolId: str(body, 'storagePoolId'),
        name: optStr(body, 'name'),
        capacityLimitInKb: optNum(body, 'capacityLimitInKb'),
        mediaType: mediaType(body),
      });
    }
    case 'Volume': {
      const volumeType = optStr(body, 'volumeType');
      if (volumeType !== undefined && volumeType !== 'ThinProvisioned' && volumeType !== 'ThickProvisioned') {
        throw badRequest('volumeType', 'must be ThinProvisioned or ThickProvisioned');
      }
      return c.createVolume({
        name: str(body, 'name'),
        sizeInKb: num(body, 'volumeSizeInKb'),
        storagePoolId: str(body, 'storagePoolId'),
        volumeType,
      });
    }
    case 'Sdc':
      throw badRequest('type', 'SDCs register themselves when their driver connects; they cannot be created');
    default:
      throw badRequest('type', `cannot create objects of type ${type}`);
  }
}
