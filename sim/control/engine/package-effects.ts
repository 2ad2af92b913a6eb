// What the maintainer scripts of each package do on a node: ScaleIO daemons join the node to the
// simulated cluster model, the SDC loads scini and connects, the gateway starts. Secrets from the
// environment (TOKEN, GATEWAY_ADMIN_PASSWORD) are checked but never stored in clear or printed.
import { randomUUID } from 'node:crypto';
import { type InstalledPackage } from '../../nodes';
import { type PackageHeader } from '../../packages';
import { type ToolContext } from '../types';
import { writeNodeFile } from './node-files';
import { parseIpList, tryConnectSdc } from './sdc';
import { addService, removeService } from './services';
import { scaleioVersionInfo } from './versions';

export const GATEWAY_PROPERTIES = '/opt/emc/scaleio/gateway/webapps/ROOT/WEB-INF/classes/gatewayUser.properties';
const SERVICE: Record<string, string> = {
  mdm: 'mdm',
  sds: 'sds',
  sdc: 'scini',
  lia: 'lia',
  gw: 'scaleio-gateway',
  rexray: 'rexray',
};

/** Pre-install script: an error message when the package refuses to install. */
export function preinstallError(
  ctx: ToolContext,
  h: PackageHeader,
  previous: InstalledPackage | undefined
): string | undefined {
  const env = ctx.env;
  if (previous) return undefined; // upgrades keep the configuration of the installed package
  if (h.role === 'mdm' && env.MDM_ROLE_IS_MANAGER !== '0' && env.MDM_ROLE_IS_MANAGER !== '1') {
    return 'MDM_ROLE_IS_MANAGER must be set to 1 (manager) or 0 (tie-breaker) to install the MDM';
  }
  if (h.role === 'lia' && !env.TOKEN) return 'TOKEN must be set to the LIA password to install the LIA';
  if (h.role === 'gw' && !env.GATEWAY_ADMIN_PASSWORD) {
    return 'GATEWAY_ADMIN_PASSWORD must be set to install the EMC ScaleIO Gateway';
  }
  if (h.role === 'sdc' && env.MDM_IP !== undefined) {
    const ips = parseIpList(env.MDM_IP);
    if (typeof ips === 'string') return `MDM_IP: ${ips}`;
  }
  return undefined;
}

function started(ctx: ToolContext, service: string): string {
  const svc = ctx.node.services[service];
  const upstart = ctx.node.os.family === 'ubuntu' && ctx.node.os.version.startsWith('14.04');
  if (upstart) return `${service} start/running, process ${svc?.pid ?? 0}\n`;
  return `Created symlink from /etc/systemd/system/multi-user.target.wants/${service}.service to /usr/lib/systemd/system/${service}.service.\n`;
}

/** Post-install script; returns what it prints. */
export function applyInstall(ctx: ToolContext, h: PackageHeader, previous: InstalledPackage | undefined): string {
  const { node, deps } = ctx;
  const vinfo = scaleioVersionInfo(h.version);
  switch (h.role) {
    case 'mdm':
      if (!previous) node.mdmRole = ctx.env.MDM_ROLE_IS_MANAGER === '1' ? 'manager' : 'tb';
      deps.cluster.installDaemon(node.ip, 'mdm', vinfo);
      if (previous && vinfo) deps.cluster.setSoftwareVersion(node.ip, node.mdmRole === 'tb' ? 'tb' : 'mdm', vinfo);
      addService(ctx, 'mdm', true);
      return started(ctx, 'mdm');
    case 'sds': {
      deps.cluster.installDaemon(node.ip, 'sds', vinfo);
      const disks: Record<string, number> = {};
      for (const d of node.blockDevices) if (!d.system && !d.mountpoint) disks[d.path] = d.sizeKb;
      deps.cluster.declareNodeDisks(node.ip, disks);
      if (previous && vinfo) deps.cluster.setSoftwareVersion(node.ip, 'sds', vinfo);
      addService(ctx, 'sds', true);
      return started(ctx, 'sds');
    }
    case 'sdc': {
      node.sdc.guid = node.sdc.guid ?? randomUUID().toUpperCase();
      const ips = ctx.env.MDM_IP !== undefined ? parseIpList(ctx.env.MDM_IP) : [];
      if (!previous && Array.isArray(ips) && ips.length > 0) node.sdc.mdmIps = ips;
      writeNodeFile(node, '/etc/emc/scaleio/drv_cfg.txt', node.sdc.mdmIps.map((ip) => `mdm ${ip}\n`).join(''), '0644');
      addService(ctx, 'scini', true);
      tryConnectSdc(node, deps.cluster);
      // The driver registers before the package database holds the new version (it is recorded after this
      // script), so it would report the version it replaces: the SDC shows the version being installed.
      if (vinfo) deps.cluster.setSoftwareVersion(node.ip, 'sdc', vinfo);
      return node.os.family === 'ubuntu' ? 'Success configuring module\n' : 'Starting scini:  [  OK  ]\n';
    }
    case 'lia':
      addService(ctx, 'lia', true);
      return started(ctx, 'lia');
    case 'gw':
      if (!previous) {
        const props = 'mdm.ip.addresses=\nsecurity.bypass_certificate_check=false\ngateway-admin.password=(hashed)\n';
        writeNodeFile(node, GATEWAY_PROPERTIES, props, '0600');
      }
      addService(ctx, 'scaleio-gateway', true);
      if (previous) ctx.later(() => deps.gatewayRestarted?.(node.hostname));
      return 'The EMC ScaleIO Gateway is running\n';
    case 'rexray':
      // Like the vendor package: installed and enabled, started by the service manager or a reboot.
      addService(ctx, 'rexray', false);
      return 'rexray has been installed to /usr/bin/rexray\n';
    case 'dvdcli':
      return 'dvdcli has been installed to /usr/bin/dvdcli\n';
    default:
      return '';
  }
}

export function applyRemove(ctx: ToolContext, pkg: InstalledPackage): void {
  const { node, deps } = ctx;
  const service = SERVICE[pkg.role];
  if (service) removeService(ctx, service);
  if (pkg.role === 'mdm' || pkg.role === 'sds') deps.cluster.uninstallDaemon(node.ip, pkg.role);
  if (pkg.role === 'mdm') node.mdmRole = null;
  if (pkg.role === 'gw') delete node.files[GATEWAY_PROPERTIES];
}
