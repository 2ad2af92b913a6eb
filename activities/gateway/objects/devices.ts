// Devices: identified by path on their SDS (output spells deviceCurrentPathName, the create body
// deviceCurrentPathname).
import { type Caller } from '../caller';
import { ObjectType } from './object-type';
import { diff, ensureObject } from '../ensure';
import { actionPath, checkId, checkText, createdId, typePath } from '../paths';
import { type Device, type EnsureResult, type MediaType } from '../types';

const TYPE = 'Device';

export interface DeviceSpec {
  /** Block device path on the SDS node, e.g. /dev/sdb. */
  path: string;
  sdsId: string;
  storagePoolId: string;
  name?: string;
  mediaType?: MediaType;
  capacityLimitInKb?: number;
  testMode?: 'testOnly' | 'noTest' | 'testAndActivate';
}

export class Devices extends ObjectType<Device> {
  constructor(c: Caller) {
    super(c, TYPE, 'deviceId');
  }

  async listBySds(sdsId: string): Promise<Device[]> {
    return this.childrenOf('Sds', 'sdsId', sdsId);
  }

  async listByStoragePool(storagePoolId: string): Promise<Device[]> {
    return this.childrenOf('StoragePool', 'storagePoolId', storagePoolId);
  }

  async findByPath(sdsId: string, devicePath: string): Promise<Device | undefined> {
    checkText('path', devicePath);
    return (await this.listBySds(sdsId)).find((d) => d.deviceCurrentPathName === devicePath);
  }

  async add(spec: DeviceSpec): Promise<string> {
    const path = typePath(TYPE);
    const body: Record<string, unknown> = {
      deviceCurrentPathname: checkText('path', spec.path),
      sdsId: checkId('sdsId', spec.sdsId),
      storagePoolId: checkId('storagePoolId', spec.storagePoolId),
    };
    if (spec.name !== undefined) body.name = checkText('name', spec.name);
    if (spec.mediaType !== undefined) body.mediaType = spec.mediaType;
    if (spec.capacityLimitInKb !== undefined) body.capacityLimitInKb = spec.capacityLimitInKb;
    if (spec.testMode !== undefined) body.testMode = spec.testMode;
    return createdId(await this.c.post(path, body), { method: 'POST', path });
  }

  /** Asynchronous on the gateway: the device lingers (RemovePending) while its data moves out. */
  async remove(id: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('deviceId', id), 'removeDevice'), {});
  }

  /** The device at this path on this SDS is in this pool afterwards (else Conflict). */
  ensure(spec: DeviceSpec): Promise<EnsureResult> {
    return ensureObject<Device>({
      what: `device ${spec.path} on SDS ${spec.sdsId}`,
      call: { method: 'POST', path: typePath(TYPE) },
      find: () => this.findByPath(spec.sdsId, spec.path),
      create: () => this.add(spec),
      differences: (d) =>
        diff([
          ['storagePoolId', d.storagePoolId, spec.storagePoolId],
          ['name', d.name, spec.name],
          ['mediaType', d.mediaType, spec.mediaType],
        ]),
    });
  }
}
