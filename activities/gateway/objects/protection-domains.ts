// Protection domains: names are unique system-wide, so queryIdByKey finds one by name.
import { type Caller } from '../caller';
import { ObjectType } from './object-type';
import { ensureObject, orUndefined } from '../ensure';
import {
  getList,
  actionPath,
  bareId,
  checkId,
  checkText,
  childrenPath,
  createdId,
  queryIdPath,
  typePath,
} from '../paths';
import { type EnsureResult, type ProtectionDomain } from '../types';

const TYPE = 'ProtectionDomain';

export class ProtectionDomains extends ObjectType<ProtectionDomain> {
  constructor(c: Caller) {
    super(c, TYPE, 'protectionDomainId');
  }

  /** The id for a name, or undefined when no protection domain has it. */
  async idByName(name: string): Promise<string | undefined> {
    const path = queryIdPath(TYPE);
    const body = { name: checkText('name', name) };
    return orUndefined(this.c.post(path, body).then((r) => bareId(r, { method: 'POST', path })));
  }

  async findByName(name: string): Promise<ProtectionDomain | undefined> {
    const id = await this.idByName(name);
    return id === undefined ? undefined : orUndefined(this.get(id));
  }

  async create(name: string): Promise<string> {
    const path = typePath(TYPE);
    return createdId(await this.c.post(path, { name: checkText('name', name) }), { method: 'POST', path });
  }

  /** Fails (Refused) while the domain still has SDSs or storage pools. */
  async remove(id: string): Promise<void> {
    await this.c.post(actionPath(TYPE, checkId('protectionDomainId', id), 'removeProtectionDomain'), {});
  }

  /** Children of a domain, by relationship name (e.g. 'StoragePool', 'Sds'). */
  async children<T>(id: string, child: 'StoragePool' | 'Sds'): Promise<T[]> {
    const path = childrenPath(TYPE, checkId('protectionDomainId', id), child);
    return getList<T>(this.c, path);
  }

  /** A protection domain with this name exists afterwards; a name is all there is to match. */
  ensure(name: string): Promise<EnsureResult> {
    return ensureObject<ProtectionDomain>({
      what: `protection domain "${name}"`,
      call: { method: 'POST', path: typePath(TYPE) },
      find: () => this.findByName(name),
      create: () => this.create(name),
      differences: () => [],
    });
  }
}
