// SDCs register themselves when their driver connects to the MDM; the gateway can only read them.
import { type Caller } from '../caller';
import { checkId, checkText, getList, getObject, instancePath, typePath } from '../paths';
import { type Sdc } from '../types';

const TYPE = 'Sdc';

export class Sdcs {
  constructor(private readonly c: Caller) {}

  async list(): Promise<Sdc[]> {
    const path = typePath(TYPE);
    return getList<Sdc>(this.c, path);
  }

  async get(id: string): Promise<Sdc> {
    const path = instancePath(TYPE, checkId('sdcId', id));
    return getObject<Sdc>(this.c, path);
  }

  async findByGuid(guid: string): Promise<Sdc | undefined> {
    checkText('guid', guid);
    return (await this.list()).find((s) => s.sdcGuid === guid);
  }

  /** Matches sdcIp and, on newer gateways, any of sdcIps. */
  async findByIp(ip: string): Promise<Sdc | undefined> {
    checkText('ip', ip);
    return (await this.list()).find((s) => s.sdcIp === ip || (s.sdcIps ?? []).includes(ip));
  }
}
