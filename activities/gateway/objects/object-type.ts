// What every gateway object type shares: list all, get one by id, list the children of a parent object.
import { type Caller } from '../caller';
import { checkId, childrenPath, getList, getObject, instancePath, typePath } from '../paths';

export abstract class ObjectType<T> {
  protected constructor(
    protected readonly c: Caller,
    /** The type as the REST API spells it, e.g. StoragePool. */
    protected readonly type: string,
    /** How an id of this type is named in error messages, e.g. storagePoolId. */
    private readonly idField: string
  ) {}

  async list(): Promise<T[]> {
    return getList<T>(this.c, typePath(this.type));
  }

  async get(id: string): Promise<T> {
    return getObject<T>(this.c, instancePath(this.type, checkId(this.idField, id)));
  }

  /** Objects of this type under a parent, e.g. the Devices of an Sds. */
  protected async childrenOf(parentType: string, parentField: string, parentId: string): Promise<T[]> {
    return getList<T>(this.c, childrenPath(parentType, checkId(parentField, parentId), this.type));
  }
}
