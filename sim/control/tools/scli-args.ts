// scli command line: one command flag (--create_mdm_cluster, --login, ...) plus --key value options;
// the MDM it talks to (local, or --mdm_ip); the login session kept on the node.
import { createHash } from 'node:crypto';
import { type NodeState } from '../../nodes';
import { type ScaleioCluster } from '../../scaleio';
import { type ToolContext } from '../types';

export const COMMANDS = [
  'create_mdm_cluster',
  'login',
  'logout',
  'set_password',
  'add_standby_mdm',
  'remove_standby_mdm',
  'switch_cluster_mode',
  'rename_system',
  'query_cluster',
  'query_all',
  'add_protection_domain',
  'add_storage_pool',
  'add_sds',
  'version',
] as const;
export type ScliCommand = (typeof COMMANDS)[number];

const FLAGS = new Set(['accept_license', 'approve_certificate', 'i_am_sure', 'force_clean']);

export interface ScliArgs {
  command: ScliCommand;
  opts: Record<string, string>;
  flags: Set<string>;
}

/** Parsed arguments, or the error line scli prints. */
export function parseScliArgs(argv: string[]): ScliArgs | string {
  let command: ScliCommand | undefined;
  const opts: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) return `Error: unexpected argument '${a}'`;
    const key = a.slice(2);
    if ((COMMANDS as readonly string[]).includes(key)) {
      if (command) return `Error: more than one command given (--${command} and --${key})`;
      command = key as ScliCommand;
    } else if (FLAGS.has(key)) flags.add(key);
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return `Error: option --${key} requires a value`;
      opts[key] = v;
      i++;
    }
  }
  if (!command) return 'Error: no command given. Run scli --help for the list of commands';
  return { command, opts, flags };
}

/** Options a command needs; the error names the first missing one. */
export function requireOpts(args: ScliArgs, ...names: string[]): string | undefined {
  const missing = names.find((n) => args.opts[n] === undefined || args.opts[n] === '');
  return missing ? `Error: missing required parameter --${missing}` : undefined;
}

/** The node whose MDM answers this scli, or the connection error. */
export function connectMdm(ctx: ToolContext, args: ScliArgs): NodeState | string {
  const ips = args.opts.mdm_ip ? args.opts.mdm_ip.split(',') : [ctx.node.ip];
  for (const ip of ips) {
    const target = ip === ctx.node.ip ? ctx.node : ctx.deps.registry.findByIp(ip);
    if (target && !target.rebooting && target.mdmRole === 'manager' && target.services.mdm?.active) return target;
  }
  const shown = args.opts.mdm_ip ? ips[0] : '127.0.0.1';
  return `Error: Failed to connect to MDM ${shown}:6611`;
}

export function fingerprint(cluster: ScaleioCluster): string {
  const s = cluster.ctx.state;
  return createHash('sha256').update(`${s.user}\0${s.password}`).digest('hex');
}

export function loggedIn(ctx: ToolContext): boolean {
  return ctx.node.scliSession?.credentialFingerprint === fingerprint(ctx.deps.cluster);
}

/** The MDM ships with admin/admin and refuses configuration until that password is changed. */
export function mustChangePassword(cluster: ScaleioCluster): boolean {
  return cluster.ctx.state.password === 'admin';
}
