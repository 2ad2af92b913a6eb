// SDCs register themselves when their driver connects to the MDM; the gateway can only read them.
import { type Caller } from '../caller';
import { ObjectType } from './object-type';
import { checkText } from '../paths';
import { type Sdc } from '../types';

const TYPE = 'Sdc';

export class Sdcs extends ObjectType<Sdc> {
  constructor(c: Caller) {
    super(c, TYPE, 'sdcId');
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
