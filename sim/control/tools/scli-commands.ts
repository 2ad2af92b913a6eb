// The scli commands that change the cluster, each printing scli's success line.
import { type ClusterMode, type MdmRole } from '../../scaleio';
import { type ScliArgs, requireOpts } from './scli-args';
import { type ToolContext } from '../types';

/** A result line, or an Error line scli prints on failure. Model errors propagate as ScaleioError. */
export type Outcome = { ok: string } | { error: string };

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const MODES: Record<string, ClusterMode> = { '1_node': 'OneNode', '3_node': 'ThreeNodes', '5_node': 'FiveNodes' };
const ROLES: Record<string, MdmRole> = { manager: 'Manager', tb: 'TieBreaker' };

/** A new MDM must be installed and running at that IP in the right role, or the master cannot reach it. */
function checkPeer(ctx: ToolContext, ip: string, role: 'manager' | 'tb'): string | undefined {
  const peer = ctx.deps.registry.findByIp(ip);
  if (!peer || peer.rebooting || !peer.services.mdm?.active)
    return 'Error: MDM failed command.  Status: Communication error';
  if (peer.mdmRole !== role) return 'Error: MDM failed command.  Status: Wrong MDM role';
  return undefined;
}

export function createMdmCluster(ctx: ToolContext, a: ScliArgs): Outcome {
  const missing = requireOpts(a, 'master_mdm_ip');
  if (missing) return { error: missing };
  if (!a.flags.has('accept_license')) return { error: 'Error: the license must be accepted (--accept_license)' };
  const ip = a.opts.master_mdm_ip!;
  const peer = checkPeer(ctx, ip, 'manager');
  if (peer) return { error: peer };
  const mgmt = list(a.opts.master_mdm_management_ip);
  const id = ctx.deps.cluster.createMdmCluster(
    ip,
    a.opts.master_mdm_name ?? 'Manager1',
    mgmt.length ? mgmt : undefined
  );
  return { ok: `Successfully created the MDM Cluster. Master MDM ID: 0x${id}` };
}

export function addStandbyMdm(ctx: ToolContext, a: ScliArgs): Outcome {
  const missing = requireOpts(a, 'new_mdm_ip', 'mdm_role');
  if (missing) return { error: missing };
  const roleArg = a.opts.mdm_role!;
  if (!ROLES[roleArg]) return { error: `Error: --mdm_role must be manager or tb, got '${roleArg}'` };
  const ips = list(a.opts.new_mdm_ip);
  const peer = checkPeer(ctx, ips[0] ?? '', roleArg as 'manager' | 'tb');
  if (peer) return { error: peer };
  const mgmt = list(a.opts.new_mdm_management_ip);
  const id = ctx.deps.cluster.addStandbyMdm(ips, ROLES[roleArg]!, a.opts.new_mdm_name, mgmt.length ? mgmt : undefined);
  return { ok: `Successfully added a standby MDM. Object ID 0x${id}` };
}

export function removeStandbyMdm(ctx: ToolContext, a: ScliArgs): Outcome {
  const ref = a.opts.remove_mdm_id ?? a.opts.remove_mdm_name ?? a.opts.remove_mdm_ip;
  if (!ref) return { error: 'Error: missing required parameter --remove_mdm_id' };
  ctx.deps.cluster.removeStandbyMdm(ref.replace(/^0x/, ''));
  return { ok: 'Successfully removed the standby MDM' };
}

export function switchClusterMode(ctx: ToolContext, a: ScliArgs): Outcome {
  const missing = requireOpts(a, 'cluster_mode');
  if (missing) return { error: missing };
  const mode = MODES[a.opts.cluster_mode!];
  if (!mode) return { error: `Error: --cluster_mode must be 1_node, 3_node or 5_node, got '${a.opts.cluster_mode}'` };
  const refs = (kind: string) => [
    ...list(a.opts[`${kind}_name`]),
    ...list(a.opts[`${kind}_ip`]),
    ...list(a.opts[`${kind}_id`]).map((x) => x.replace(/^0x/, '')),
  ];
  ctx.deps.cluster.switchClusterMode(
    mode,
    refs('add_slave_mdm'),
    refs('add_tb'),
    refs('remove_slave_mdm'),
    refs('remove_tb')
  );
  return { ok: 'Successfully switched the cluster mode.' };
}

export function renameSystem(ctx: ToolContext, a: ScliArgs): Outcome {
  const missing = requireOpts(a, 'new_name');
  if (missing) return { error: missing };
  ctx.deps.cluster.renameSystem(a.opts.new_name!);
  return { ok: `Successfully renamed system to ${a.opts.new_name}` };
}

function pdId(ctx: ToolContext, a: ScliArgs): string | Outcome {
  if (a.opts.protection_domain_id) return a.opts.protection_domain_id;
  const name = a.opts.protection_domain_name;
  if (!name) return { error: 'Error: missing required parameter --protection_domain_name' };
  const pd = ctx.deps.cluster.snapshot().protectionDomains.find((p) => p.name === name);
  return pd ? pd.id : { error: 'Error: MDM failed command.  Status: Could not find Protection Domain' };
}

export function addProtectionDomain(ctx: ToolContext, a: ScliArgs): Outcome {
  const missing = requireOpts(a, 'protection_domain_name');
  if (missing) return { error: missing };
  const id = ctx.deps.cluster.createProtectionDomain(a.opts.protection_domain_name!);
  return { ok: `Successfully created protection domain ${a.opts.protection_domain_name}. Object ID ${id}` };
}

export function addStoragePool(ctx: ToolContext, a: ScliArgs): Outcome {
  const missing = requireOpts(a, 'storage_pool_name');
  if (missing) return { error: missing };
  const pd = pdId(ctx, a);
  if (typeof pd !== 'string') return pd;
  const media = a.opts.media_type;
  if (media !== undefined && media !== 'HDD' && media !== 'SSD')
    return { error: `Error: --media_type must be HDD or SSD, got '${media}'` };
  const id = ctx.deps.cluster.createStoragePool(
    pd,
    a.opts.storage_pool_name!,
    media ? { mediaType: media } : undefined
  );
  return { ok: `Successfully created a storage pool. Object ID ${id}` };
}

export function addSds(ctx: ToolContext, a: ScliArgs): Outcome {
  const missing = requireOpts(a, 'sds_ip');
  if (missing) return { error: missing };
  const pd = pdId(ctx, a);
  if (typeof pd !== 'string') return pd;
  const paths = list(a.opts.device_path);
  let poolId: string | undefined;
  if (paths.length) {
    const spName = a.opts.storage_pool_name;
    if (!spName) return { error: 'Error: missing required parameter --storage_pool_name' };
    poolId = ctx.deps.cluster.snapshot().storagePools.find((p) => p.name === spName && p.protectionDomainId === pd)?.id;
    if (!poolId) return { error: 'Error: MDM failed command.  Status: Could not find Storage Pool' };
  }
  const ips = list(a.opts.sds_ip);
  const id = ctx.deps.cluster.createSds({
    protectionDomainId: pd,
    ipList: ips.map((ip) => ({ ip, role: 'all' as const })),
    name: a.opts.sds_name,
    devices: paths.map((p) => ({ path: p, storagePoolId: poolId! })),
  });
  const node = ctx.deps.registry.findByIp(ips[0] ?? '');
  for (const d of node?.blockDevices ?? []) if (paths.includes(d.path)) d.inUseByScaleio = true;
  const name = ctx.deps.cluster.snapshot().sds.find((s) => s.id === id)?.name ?? id;
  return { ok: `Successfully created SDS ${name}. Object ID ${id}` };
}
