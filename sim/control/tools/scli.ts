// scli: the ScaleIO CLI on an MDM node. Connects to the local MDM (or --mdm_ip), needs a login for
// changes once the cluster exists, and refuses changes until the factory password is replaced.
import { createHash } from 'node:crypto';
import { isScaleioError } from '../../scaleio';
import { connectPendingSdcs } from '../engine/sdc';
import { fail, ok } from '../result';
import { type ShimResult, type ToolContext } from '../types';
import {
  type ScliArgs,
  type ScliCommand,
  connectMdm,
  fingerprint,
  loggedIn,
  mustChangePassword,
  parseScliArgs,
  requireOpts,
} from './scli-args';
import * as cmd from './scli-commands';
import { queryAll, queryCluster } from './scli-query';

const MUTATIONS: Partial<Record<ScliCommand, (ctx: ToolContext, a: ScliArgs) => cmd.Outcome>> = {
  add_standby_mdm: cmd.addStandbyMdm,
  remove_standby_mdm: cmd.removeStandbyMdm,
  switch_cluster_mode: cmd.switchClusterMode,
  rename_system: cmd.renameSystem,
  add_protection_domain: cmd.addProtectionDomain,
  add_storage_pool: cmd.addStoragePool,
  add_sds: cmd.addSds,
};

function mdmFailure(e: unknown): ShimResult {
  if (!isScaleioError(e)) throw e;
  const status = e.code === 'UNAUTHORIZED' ? 'Invalid username or password' : e.message;
  return fail(1, `Error: MDM failed command.  Status: ${status}\n`);
}

function login(ctx: ToolContext, a: ScliArgs): ShimResult {
  const missing = requireOpts(a, 'username', 'password');
  if (missing) return fail(1, `${missing}\n`);
  const cluster = ctx.deps.cluster;
  cluster.queryMdmCluster(); // VOTER_NOT_CONFIG before the cluster exists
  cluster.login(a.opts.username!, a.opts.password!);
  ctx.node.scliSession = { user: a.opts.username!, credentialFingerprint: fingerprint(cluster) };
  return ok(`Logged in. User role is SuperUser. System ID is ${cluster.snapshot().system?.id}\n`);
}

function setPassword(ctx: ToolContext, a: ScliArgs): ShimResult {
  const missing = requireOpts(a, 'old_password', 'new_password');
  if (missing) return fail(1, `${missing}\n`);
  if (!loggedIn(ctx)) return fail(1, 'Error: MDM failed command.  Status: Please login first\n');
  ctx.deps.cluster.setPassword(a.opts.old_password!, a.opts.new_password!);
  // The session survives on the node that changed it, as with scli; others must log in again.
  ctx.node.scliSession = { user: ctx.node.scliSession!.user, credentialFingerprint: fingerprint(ctx.deps.cluster) };
  return ok('Password changed successfully\n');
}

function run(ctx: ToolContext, a: ScliArgs): ShimResult {
  switch (a.command) {
    case 'create_mdm_cluster': {
      const r = cmd.createMdmCluster(ctx, a);
      return 'ok' in r ? ok(`${r.ok}\n`) : fail(1, `${r.error}\n`);
    }
    case 'login':
      return login(ctx, a);
    case 'logout':
      ctx.node.scliSession = null;
      return ok('Logged out.\n');
    case 'set_password':
      return setPassword(ctx, a);
    case 'query_cluster':
      return ok(queryCluster(ctx.deps.cluster));
    case 'query_all':
      ctx.deps.cluster.queryMdmCluster();
      return ok(queryAll(ctx.deps.cluster));
    default: {
      const mutate = MUTATIONS[a.command]!;
      if (!loggedIn(ctx)) return fail(1, 'Error: MDM failed command.  Status: Please login first\n');
      if (mustChangePassword(ctx.deps.cluster)) {
        return fail(
          1,
          'Error: MDM failed command.  Status: The default password must be changed (--set_password) first\n'
        );
      }
      const r = mutate(ctx, a);
      return 'ok' in r ? ok(`${r.ok}\n`) : fail(1, `${r.error}\n`);
    }
  }
}

export function scli(ctx: ToolContext): ShimResult {
  const a = parseScliArgs(ctx.args);
  if (typeof a === 'string') return fail(1, `${a}\n`);
  if (a.command === 'version') {
    const v = Object.values(ctx.node.packages).find((p) => p.role === 'mdm')?.version ?? 'unknown';
    return ok(`DellEMC ScaleIO scli Version ${v} (${createHash('sha1').update(v).digest('hex').slice(0, 8)})\n`);
  }
  const target = connectMdm(ctx, a);
  if (typeof target === 'string') return fail(1, `${target}\n`);
  try {
    return run(ctx, a);
  } catch (e) {
    return mdmFailure(e);
  } finally {
    // SDC drivers waiting for these MDMs connect as soon as they are reachable.
    connectPendingSdcs(ctx.deps);
  }
}
