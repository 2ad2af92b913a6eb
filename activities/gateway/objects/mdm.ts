// The System object and MDM cluster membership (REST actions of PowerFlex 3.5+; ScaleIO 2.x uses scli).
import { type Caller } from '../caller';
import { NotFound } from '../errors';
import { checkId, createdId, getList, object, typePath } from '../paths';
import { type ClusterMode, type MdmCluster, type System } from '../types';

const SYSTEM_ACTION = (action: string): string => `/api/instances/System/action/${action}`;

export interface StandbyMdmSpec {
  ips: string[];
  role: 'Manager' | 'TieBreaker';
  name?: string;
  managementIps?: string[];
  port?: number;
}

export interface SwitchClusterModeSpec {
  mode: ClusterMode;
  addSlaveMdmIds?: string[];
  addTieBreakerIds?: string[];
  removeSlaveMdmIds?: string[];
  removeTieBreakerIds?: string[];
}

export class Mdm {
  constructor(private readonly c: Caller) {}

  /** The one System; NotFound before the MDM cluster exists. */
  async system(): Promise<System> {
    const path = typePath('System');
    const [system] = await getList<System>(this.c, path);
    if (!system)
      throw new NotFound('no System yet (the MDM cluster is not created)', {
        call: { method: 'GET', path },
        code: 'NO_SYSTEM',
      });
    return system;
  }

  /** System.mdmCluster when the gateway embeds it (2.x/3.x), else POST queryMdmCluster. */
  async mdmCluster(): Promise<MdmCluster> {
    const system = await this.system();
    if (system.mdmCluster) return system.mdmCluster;
    const path = '/api/instances/System/queryMdmCluster';
    return object<MdmCluster>(await this.c.post(path, {}), { method: 'POST', path });
  }

  /** Returns the new MDM's id. */
  async addStandbyMdm(spec: StandbyMdmSpec): Promise<string> {
    const path = SYSTEM_ACTION('addStandbyMdm');
    const body: Record<string, unknown> = { ips: spec.ips, role: spec.role };
    if (spec.name !== undefined) body.name = spec.name;
    if (spec.managementIps !== undefined) body.managementIps = spec.managementIps;
    if (spec.port !== undefined) body.port = String(spec.port);
    return createdId(await this.c.post(path, body), { method: 'POST', path });
  }

  async removeStandbyMdm(id: string): Promise<void> {
    await this.c.post(SYSTEM_ACTION('removeStandbyMdm'), { id: checkId('mdmId', id) });
  }

  async switchClusterMode(spec: SwitchClusterModeSpec): Promise<void> {
    const ids = (field: string, v: string[] | undefined) => (v ?? []).map((id, i) => checkId(`${field}[${i}]`, id));
    await this.c.post(SYSTEM_ACTION('switchClusterMode'), {
      mode: spec.mode,
      addSlaveMdmIdList: ids('addSlaveMdmIds', spec.addSlaveMdmIds),
      addTBIdList: ids('addTieBreakerIds', spec.addTieBreakerIds),
      removeSlaveMdmIdList: ids('removeSlaveMdmIds', spec.removeSlaveMdmIds),
      removeTBIdList: ids('removeTieBreakerIds', spec.removeTieBreakerIds),
    });
  }

  /** Makes the slave MDM with this id the master. */
  async changeOwnership(id: string): Promise<void> {
    await this.c.post(SYSTEM_ACTION('changeMdmOwnership'), { id: checkId('mdmId', id) });
  }
}
