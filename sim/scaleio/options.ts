import { type IdGenerator } from './ids';
import { type ClusterState } from './types';

export interface ClusterOptions {
  /** Seed for deterministic ids (default 1). */
  seed?: number | string;
  /** MDM admin user and its password (defaults admin / Scaleio123). */
  user?: string;
  password?: string;
  /** Software version of new components, ScaleIO style (default R2_5.0.254). */
  softwareVersion?: string;
  /** Prefix of System.systemVersionName (default "DellEMC ScaleIO Version: "). */
  versionNamePrefix?: string;
  /** Data motion rates in KB per simulated second. */
  rebuildKbPerSec?: number;
  rebalanceKbPerSec?: number;
  /** Simulated ms an SDS needs to enter or leave maintenance mode. */
  maintenanceTransitionMs?: number;
  /** Size of a device whose node declared no disks (KB; default 100 GiB). */
  defaultDeviceSizeKb?: number;
  /**
   * When true, an MDM/SDS can only join if its daemon was installed at that IP (installDaemon),
   * and a device only if the node declared that disk (declareNodeDisks). Off by default so that
   * the gateway can be exercised alone.
   */
  strictNodes?: boolean;
}

export type ResolvedOptions = Required<ClusterOptions>;

export function resolveOptions(o: ClusterOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = {
    seed: o.seed ?? 1,
    user: o.user ?? 'admin',
    password: o.password ?? 'Scaleio123',
    softwareVersion: o.softwareVersion ?? 'R2_5.0.254',
    versionNamePrefix: o.versionNamePrefix ?? 'DellEMC ScaleIO Version: ',
    rebuildKbPerSec: o.rebuildKbPerSec ?? 100 * 1024,
    rebalanceKbPerSec: o.rebalanceKbPerSec ?? 50 * 1024,
    maintenanceTransitionMs: o.maintenanceTransitionMs ?? 1000,
    defaultDeviceSizeKb: o.defaultDeviceSizeKb ?? 100 * 1024 * 1024,
    strictNodes: o.strictNodes ?? false,
  };
  for (const k of ['rebuildKbPerSec', 'rebalanceKbPerSec', 'maintenanceTransitionMs', 'defaultDeviceSizeKb'] as const) {
    if (!Number.isFinite(r[k]) || r[k] < 0) throw new TypeError(`ClusterOptions.${k}: must be a number >= 0`);
  }
  if (!/^R\d+_\d+\.\d+\.\d+$/.test(r.softwareVersion)) {
    throw new TypeError(`ClusterOptions.softwareVersion: expected a form like R2_5.0.254, got ${r.softwareVersion}`);
  }
  return r;
}

/** What every operation module works on. */
export interface Ctx {
  state: ClusterState;
  ids: IdGenerator;
  opts: ResolvedOptions;
}

export function emptyState(opts: ResolvedOptions): ClusterState {
  return {
    mdm: null,
    system: null,
    user: opts.user,
    password: opts.password,
    protectionDomains: {},
    storagePools: {},
    sds: {},
    devices: {},
    sdcs: {},
    volumes: {},
    jobs: [],
    failedKb: {},
    nextJobId: 1,
    ioLoad: {},
    lastMovedKbPerSec: {},
    nodeDaemons: {},
    nodeDisks: {},
    nowMs: 0,
  };
}
