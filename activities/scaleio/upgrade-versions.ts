// The software version each component reports to the MDM, by IP: how a rolling upgrade confirms that a node runs
// the new version after its package was replaced (a package can install and the daemon still run the old binary).
import { withGateway, type ScaleioDeps } from './gateway-call';
import { mdmMembersOf } from './upgrade-mdm';

export interface ComponentVersions {
  /** IP -> versionInfo (e.g. R2_0.12000.122), for every MDM member including tie-breakers and standbys. */
  mdm: Record<string, string>;
  /** IP -> softwareVersionInfo of the SDS holding that IP. */
  sds: Record<string, string>;
  /** IP -> softwareVersionInfo of the SDC. */
  sdc: Record<string, string>;
}

export function createUpgradeVersionActivities(deps: ScaleioDeps) {
  return {
    async readComponentVersions(): Promise<ComponentVersions> {
      return withGateway(deps, async (gw) => {
        const out: ComponentVersions = { mdm: {}, sds: {}, sdc: {} };
        for (const m of mdmMembersOf(await gw.mdmCluster()).members)
          for (const ip of m.ips) if (m.versionInfo) out.mdm[ip] = m.versionInfo;
        for (const s of await gw.sds.list())
          for (const { ip } of s.ipList) if (s.softwareVersionInfo) out.sds[ip] = s.softwareVersionInfo;
        for (const c of await gw.sdcs.list()) if (c.softwareVersionInfo) out.sdc[c.sdcIp] = c.softwareVersionInfo;
        return out;
      });
    },
  };
}
