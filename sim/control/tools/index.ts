// Every shimmed command, what implements it and on which nodes it exists.
import { type NodeState } from '../../nodes';
import { type ToolDef } from '../types';
import { aptGet } from './apt-get';
import { dpkg } from './dpkg';
import { dpkgQuery } from './dpkg-query';
import { drvCfg } from './drv-cfg';
import { cat, install, simWriteFile } from './files';
import { hostname } from './hostname';
import { lsblk } from './lsblk';
import { lsbRelease } from './lsb-release';
import { reboot, shutdown } from './reboot';
import { dvdcli, rexray } from './rexray';
import { rpm } from './rpm';
import { scli } from './scli';
import { service } from './service';
import { systemctl } from './systemctl';
import { uname } from './uname';
import { yum } from './yum';

const ubuntu = (n: NodeState) => n.os.family === 'ubuntu';
const el = (n: NodeState) => n.os.family === 'rhel' || n.os.family === 'centos';
const hasRole = (role: string) => (n: NodeState) => Object.values(n.packages).some((p) => p.role === role);

export const TOOLS: Record<string, ToolDef> = {
  dpkg: { run: dpkg, available: ubuntu },
  'dpkg-query': { run: dpkgQuery, available: ubuntu },
  'apt-get': { run: aptGet, available: ubuntu },
  rpm: { run: rpm, available: el },
  yum: { run: yum, available: el },
  // Ubuntu 14.04 boots with upstart: no systemctl there.
  systemctl: { run: systemctl, available: (n) => !(ubuntu(n) && n.os.version.startsWith('14.04')) },
  service: { run: service, available: (n) => n.os.family !== 'coreos' },
  scli: { run: scli, available: hasRole('mdm') },
  drv_cfg: { run: drvCfg, available: hasRole('sdc') },
  lsblk: { run: lsblk },
  rexray: { run: rexray, available: hasRole('rexray') },
  dvdcli: { run: dvdcli, available: hasRole('dvdcli') },
  reboot: { run: reboot },
  shutdown: { run: shutdown },
  uname: { run: uname },
  hostname: { run: hostname },
  lsb_release: { run: lsbRelease, available: (n) => ubuntu(n) || (el(n) && !!n.packages['redhat-lsb-core']) },
  'sim-write-file': { run: simWriteFile, readsStdin: true },
  install: { run: install, readsStdin: true },
  cat: { run: cat },
};
