// Volumes: names unique system-wide (queryIdByKey); sizes round up to 8 GiB; mapping is per SDC.
import { ErrorType, InputError } from '../../../common/errors';
import { type Caller } from '../caller';
import { ObjectType } from './object-type';
import { diff, ensureObject, orUndefined } from '../ensure';
import { AlreadyExists } from '../errors';
import { actionPath, bareId, checkId, checkText, createdId, queryIdPath, typePath } from '../paths';
import { type EnsureResult, type Volume, type VolumeType } from '../types';

const TYPE = 'Volume';
/** The MDM allocates volumes in 8 GiB units. */
export const VOLUME_GRANULARITY_KB = 8 * 1024 * 1024;

export interface VolumeSpec {
  name: string;
  storagePoolId: string;
  /** Requested size; the gateway rounds it up to a multiple of 8 GiB. */
  sizeInKb: number;
  volumeType?: VolumeType;
}

export function roundUpVolumeKb(kb: number): number {
  return Math.ceil(kb / VOLUME_GRANULARITY_KB) * VOLUME_GRANULARITY_KB;
}

function checkSize(kb: number): number {
  if (!Number.isSafeInteger(kb) || kb <= 0) {
    throw new InputError(ErrorType.InvalidInput, 'volume spec', [
      { field: 'sizeInKb', problem: `must be a positive integer, got ${kb}` },
    ]);
  }
  return kb;
}

export class Volumes extends ObjectType<Volume> {
  constructor(c: Caller) {
    super(c, TYPE, 'volumeId');
  }

  async listByStoragePool(storagePoolId: string): Promise<Volume[]> {
    return this.childrenOf('StoragePool', 'storagePoolId', storagePoolId);
  }

  async findByName(name: string): Promise<Volume | undefined> {
    const path = queryIdPath(TYPE);
    const id = await orUndefined(
      this.c.post(path, { name: checkText('name', name) }).then((r) => bareId(r, { method: 'POST', path }))
    );
    return id === undefined ? undefined : orUndefined(this.get(id));
  }

  async create(spec: VolumeSpec): Promise<string> {
    const path = typePath(TYPE);
    const body: Record<string, string> = {
      name: checkText('name', spec.name),
      storagePoolId: checkId('storagePoolId', spec.storagePoolId),
      volumeSizeInKb: String(checkSize(spec.sizeInKb)),
    };
    if (spec.volumeType !== undefined) body.volumeType = spec.volumeType;
    return createdId(await this.c.post(path, body), { method: 'POST', path });
  }

  async mapToSdc(volumeId: string, sdcId: string, opts: { allowMultipleMappings?: boolean } = {}): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('volumeId', volumeId), 'addMappedSdc'), {
      sdcId: checkId('sdcId', sdcId),
      allowMultipleMappings: opts.allowMultipleMappings ? 'TRUE' : 'FALSE',
    });
  }

  async unmapFromSdc(volumeId: string, sdcId: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('volumeId', volumeId), 'removeMappedSdc'), {
      sdcId: checkId('sdcId', sdcId),
    });
  }

  /** Removes this volume only (not its snapshots); it must be unmapped first. */
  async remove(id: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('volumeId', id), 'removeVolume'), { removeMode: 'ONLY_ME' });
  }

  /** The volume exists afterwards in this pool with this (rounded) size and type (else Conflict). */
  ensure(spec: VolumeSpec): Promise<EnsureResult> {
    checkSize(spec.sizeInKb);
    return ensureObject<Volume>({
      what: `volume "${spec.name}"`,
      call: { method: 'POST', path: typePath(TYPE) },
      find: () => this.findByName(spec.name),
      create: () => this.create(spec),
      differences: (v) =>
        diff([
          ['storagePoolId', v.storagePoolId, spec.storagePoolId],
          ['sizeInKb', v.sizeInKb, roundUpVolumeKb(spec.sizeInKb)],
          ['volumeType', v.volumeType, spec.volumeType],
        ]),
    });
  }

  /** The volume is mapped to this SDC afterwards; `created` says whether this call mapped it. */
  async ensureMapped(
    volumeId: string,
    sdcId: string,
    opts: { allowMultipleMappings?: boolean } = {}
  ): Promise<EnsureResult> {
    const isMapped = async () => ((await this.get(volumeId)).mappedSdcInfo ?? []).some((m) => m.sdcId === sdcId);
    if (await isMapped()) return { id: volumeId, created: false };
    try {
      await this.mapToSdc(volumeId, sdcId, opts);
      return { id: volumeId, created: true };
    } catch (e) {
      if (e instanceof AlreadyExists && (await isMapped())) return { id: volumeId, created: false };
      throw e;
    }
  }
}
