// SDS: names and IPs are unique system-wide. The create body wraps each IP as {"SdsIp":{ip,role}}.
import { type Caller } from '../caller';
import { ObjectType } from './object-type';
import { diff, ensureObject } from '../ensure';
import { Conflict, type GatewayCall, Refused } from '../errors';
import { ErrorType, InputError } from '../../../common/errors';
import { actionPath, checkId, checkText, createdId, typePath } from '../paths';
import { type EnsureResult, type Sds, type SdsIp, type SdsIpRole } from '../types';
import { type Devices } from './devices';

const TYPE = 'Sds';

export interface SdsDeviceSpec {
  path: string;
  storagePoolId: string;
  name?: string;
}

export interface SdsSpec {
  name: string;
  protectionDomainId: string;
  /** Plain IPs get role 'all'. */
  ips: (string | SdsIp)[];
  port?: number;
  faultSetId?: string;
  devices?: SdsDeviceSpec[];
  forceClean?: boolean;
}

function ipsOf(spec: SdsSpec): SdsIp[] {
  if (!Array.isArray(spec.ips) || spec.ips.length === 0) {
    throw new InputError(ErrorType.InvalidInput, 'SDS spec', [{ field: 'ips', problem: 'required, at least one IP' }]);
  }
  return spec.ips.map((x, i) => (typeof x === 'string' ? { ip: checkText(`ips[${i}]`, x), role: 'all' } : x));
}

export class SdsApi extends ObjectType<Sds> {
  constructor(
    c: Caller,
    private readonly devices: Devices
  ) {
    super(c, TYPE, 'sdsId');
  }

  async listByProtectionDomain(protectionDomainId: string): Promise<Sds[]> {
    return this.childrenOf('ProtectionDomain', 'protectionDomainId', protectionDomainId);
  }

  async findByName(name: string): Promise<Sds | undefined> {
    checkText('name', name);
    return (await this.list()).find((s) => s.name === name);
  }

  async findByIp(ip: string): Promise<Sds | undefined> {
    checkText('ip', ip);
    return (await this.list()).find((s) => s.ipList.some((x) => x.ip === ip));
  }

  async create(spec: SdsSpec): Promise<string> {
    const path = typePath(TYPE);
    const body: Record<string, unknown> = {
      name: checkText('name', spec.name),
      protectionDomainId: checkId('protectionDomainId', spec.protectionDomainId),
      sdsIpList: ipsOf(spec).map((x) => ({ SdsIp: { ip: x.ip, role: x.role as SdsIpRole } })),
      forceClean: spec.forceClean ?? false,
    };
    if (spec.port !== undefined) body.sdsPort = String(spec.port);
    if (spec.faultSetId !== undefined) body.faultSetId = checkId('faultSetId', spec.faultSetId);
    if (spec.devices?.length) {
      body.deviceInfoList = spec.devices.map((d, i) => ({
        devicePath: checkText(`devices[${i}].path`, d.path),
        storagePoolId: checkId(`devices[${i}].storagePoolId`, d.storagePoolId),
        ...(d.name !== undefined ? { deviceName: d.name } : {}),
      }));
    }
    return createdId(await this.c.post(path, body), { method: 'POST', path });
  }

  /** Asynchronous: the SDS stays (sdsState RemovePending) while its data is rebuilt elsewhere. */
  async remove(id: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('sdsId', id), 'removeSds'), {});
  }

  /** Poll get(id).maintenanceState until 'InMaintenance' afterwards. */
  async enterMaintenanceMode(id: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('sdsId', id), 'enterMaintenanceMode'), {});
  }

  async exitMaintenanceMode(id: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('sdsId', id), 'exitMaintenanceMode'), {});
  }

  /**
   * The SDS exists afterwards in this domain with these IPs (and port), and each listed device is on
   * it. An SDS of another name holding one of the IPs, or one being removed, is not a match.
   */
  async ensure(spec: SdsSpec): Promise<EnsureResult> {
    const ips = ipsOf(spec);
    const call: GatewayCall = { method: 'POST', path: typePath(TYPE) };
    const result = await ensureObject<Sds>({
      what: `SDS "${spec.name}"`,
      call,
      find: async () => {
        const all = await this.list();
        const mine = all.find((s) => s.name === spec.name);
        if (mine) return mine;
        const holder = all.find((s) => s.ipList.some((x) => ips.some((w) => w.ip === x.ip)));
        if (holder) throw ipConflict(spec.name, holder, ips, call);
        return undefined;
      },
      create: () => this.create(spec),
      differences: (s) => {
        if (s.sdsState === 'RemovePending') {
          throw new Refused(
            `SDS "${spec.name}" is being removed; wait until it is gone`,
            { call, code: 'TGT_BEING_REMOVED' },
            true
          );
        }
        return diff([
          ['protectionDomainId', s.protectionDomainId, spec.protectionDomainId],
          ['ips', s.ipList.map((x) => x.ip), ips.map((x) => x.ip)],
          ['port', s.port, spec.port],
        ]);
      },
    });
    if (!result.created) {
      for (const d of spec.devices ?? []) {
        await this.devices.ensure({ path: d.path, storagePoolId: d.storagePoolId, name: d.name, sdsId: result.id });
      }
    }
    return result;
  }
}

function ipConflict(name: string, holder: Sds, wanted: SdsIp[], call: GatewayCall): Conflict {
  const taken = holder.ipList.filter((x) => wanted.some((w) => w.ip === x.ip)).map((x) => x.ip);
  const other = holder.name ?? holder.id;
  return new Conflict(
    `SDS "${name}"`,
    [{ field: 'ips', existing: taken, wanted: `not held by SDS "${other}"` }],
    call,
    `SDS "${name}" cannot be created: IP ${taken.join(', ')} already belongs to SDS "${other}" (${holder.id})`
  );
}
