// Storage pools: names are unique per protection domain, so look-ups list the domain's pools.
import { ErrorType, type FieldProblem, InputError } from '../../../common/errors';
import { type Caller } from '../caller';
import { ObjectType } from './object-type';
import { diff, ensureObject, orUndefined } from '../ensure';
import { actionPath, checkId, checkText, createdId, typePath } from '../paths';
import { type EnsureResult, type MediaType, type StoragePool } from '../types';

const TYPE = 'StoragePool';

export interface CapacityAlertThresholds {
  /** Percent used at which the "high" alert fires (default 80 on the gateway). */
  highPercent: number;
  /** Percent used at which the "critical" alert fires (default 90); above highPercent. */
  criticalPercent: number;
}

export interface StoragePoolSpec {
  name: string;
  protectionDomainId: string;
  mediaType?: MediaType;
  sparePercentage?: number;
  zeroPaddingEnabled?: boolean;
  capacityAlertThresholds?: CapacityAlertThresholds;
}

export function checkThresholds(t: CapacityAlertThresholds): void {
  const problems: FieldProblem[] = [];
  for (const [field, v] of [
    ['highPercent', t.highPercent],
    ['criticalPercent', t.criticalPercent],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 100)
      problems.push({ field, problem: `must be an integer 1-100, got ${v}` });
  }
  if (problems.length === 0 && t.highPercent >= t.criticalPercent) {
    problems.push({ field: 'highPercent', problem: 'must be below criticalPercent' });
  }
  if (problems.length) throw new InputError(ErrorType.InvalidInput, 'capacity alert thresholds', problems);
}

export class StoragePools extends ObjectType<StoragePool> {
  constructor(c: Caller) {
    super(c, TYPE, 'storagePoolId');
  }

  async listByProtectionDomain(protectionDomainId: string): Promise<StoragePool[]> {
    return this.childrenOf('ProtectionDomain', 'protectionDomainId', protectionDomainId);
  }

  async findByName(protectionDomainId: string, name: string): Promise<StoragePool | undefined> {
    checkText('name', name);
    return (await this.listByProtectionDomain(protectionDomainId)).find((p) => p.name === name);
  }

  /** Creates the pool, then applies thresholds when given (the create body cannot carry them). */
  async create(spec: StoragePoolSpec): Promise<string> {
    if (spec.capacityAlertThresholds) checkThresholds(spec.capacityAlertThresholds);
    const path = typePath(TYPE);
    const body: Record<string, string> = {
      name: checkText('name', spec.name),
      protectionDomainId: checkId('protectionDomainId', spec.protectionDomainId),
    };
    if (spec.mediaType !== undefined) body.mediaType = spec.mediaType;
    if (spec.sparePercentage !== undefined) body.sparePercentage = String(spec.sparePercentage);
    if (spec.zeroPaddingEnabled !== undefined) body.zeroPaddingEnabled = String(spec.zeroPaddingEnabled);
    const id = createdId(await this.c.post(path, body), { method: 'POST', path });
    if (spec.capacityAlertThresholds) await this.setCapacityAlertThresholds(id, spec.capacityAlertThresholds);
    return id;
  }

  async setCapacityAlertThresholds(id: string, t: CapacityAlertThresholds): Promise<void> {
    checkThresholds(t);
    await this.c.post(actionPath(TYPE, checkId('storagePoolId', id), 'setCapacityAlertThresholds'), {
      capacityAlertHighThresholdPercent: String(t.highPercent),
      capacityAlertCriticalThresholdPercent: String(t.criticalPercent),
    });
  }

  async remove(id: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('storagePoolId', id), 'removeStoragePool'), {});
  }

  /**
   * The pool exists afterwards with this media type, spare percentage and zero padding (else Conflict).
   * Thresholds are applied rather than compared: create and set are two calls, and a retry after a
   * crash between them must finish the job, not report a conflict.
   */
  async ensure(spec: StoragePoolSpec): Promise<EnsureResult> {
    if (spec.capacityAlertThresholds) checkThresholds(spec.capacityAlertThresholds);
    const result = await ensureObject<StoragePool>({
      what: `storage pool "${spec.name}"`,
      call: { method: 'POST', path: typePath(TYPE) },
      find: () => orUndefined(this.findByName(spec.protectionDomainId, spec.name)),
      create: () => this.create(spec),
      differences: (p) =>
        diff([
          ['mediaType', p.mediaType, spec.mediaType],
          ['sparePercentage', p.sparePercentage, spec.sparePercentage],
          ['zeroPaddingEnabled', p.zeroPaddingEnabled, spec.zeroPaddingEnabled],
        ]),
    });
    const t = spec.capacityAlertThresholds;
    if (!result.created && t) {
      const p = await this.get(result.id);
      if (p.capacityAlertHighThreshold !== t.highPercent || p.capacityAlertCriticalThreshold !== t.criticalPercent) {
        await this.setCapacityAlertThresholds(result.id, t);
      }
    }
    return result;
  }
}
