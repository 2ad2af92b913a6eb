// drv_cfg --query_guid | --query_mdms | --add_mdm --ip a,b [--file f] | --query_version. Talks to scini.
import { parseIpList, tryConnectSdc } from '../engine/sdc';
import { writeNodeFile } from '../engine/node-files';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';

const USAGE =
  'Usage: drv_cfg --query_guid | --query_mdms | --add_mdm --ip <IP list> [--file <path>] | --query_version\n';

export function drvCfg(ctx: ToolContext): ShimResult {
  const { node, deps } = ctx;
  const [cmd, ...rest] = ctx.args;
  if (!cmd) return fail(1, USAGE);
  const known = ['--query_guid', '--query_mdms', '--add_mdm', '--query_version'];
  if (!known.includes(cmd)) return fail(1, `Unknown option ${cmd}\n${USAGE}`);
  if (!node.kernelModules.includes('scini'))
    return fail(1, 'Failed to open /dev/scini. Error: No such file or directory\n');
  if (cmd === '--query_guid') return ok(`${node.sdc.guid}\n`);
  if (cmd === '--query_version')
    return ok(
      `DrvCfg Version: ${node.packages['emc-scaleio-sdc']?.version ?? node.packages['EMC-ScaleIO-sdc']?.version ?? 'unknown'}\n`
    );
  if (cmd === '--query_mdms') {
    tryConnectSdc(node, deps.cluster);
    const mdm = deps.cluster.snapshot().mdmCluster;
    if (node.sdc.mdmIps.length === 0) return ok('Retrieved 0 mdm(s)\n');
    const ips = node.sdc.mdmIps.map((ip, i) => `[${i}]-${ip}`).join(' ');
    return ok(
      `Retrieved 1 mdm(s)\nMDM-ID ${mdm?.id ?? '0000000000000000'} SDC ID ${node.sdc.sdcId ?? '0000000000000000'} INSTALLATION ID 0000000000000000 IPs ${ips}\n`
    );
  }
  let ipArg: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--ip') ipArg = rest[++i];
    else if (rest[i] === '--file') i++;
    else if (rest[i] !== '--only_cfg') return fail(1, `Unknown option ${rest[i]}\n${USAGE}`);
  }
  if (ipArg === undefined) return fail(1, `Missing --ip for --add_mdm\n${USAGE}`);
  const ips = parseIpList(ipArg);
  if (typeof ips === 'string') return fail(1, `Invalid --ip: ${ips}\n`);
  node.sdc.mdmIps = [...new Set([...node.sdc.mdmIps, ...ips])];
  writeNodeFile(node, '/etc/emc/scaleio/drv_cfg.txt', node.sdc.mdmIps.map((ip) => `mdm ${ip}\n`).join(''), '0644');
  tryConnectSdc(node, deps.cluster);
  return ok(`Calling kernel module to connect to MDM (${ips.join(',')})\n`);
}
