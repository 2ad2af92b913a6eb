// ScaleioCluster: the simulated MDM cluster behind the gateway and the scli/drv_cfg shims.
// One method per scli verb / REST action; the logic lives in the small modules it delegates to.
// Time is simulated: nothing moves unless tick(ms) is called.
import { advanceJobs } from './datamotion';
import * as dev from './devices';
import * as faults from './faults';
import { IdGenerator } from './ids';
import { getDevice, getSds, resolveSds } from './lookup';
import * as mdm from './mdm';
import { type MdmClusterView, mdmClusterView } from './mdm-view';
import { type ClusterOptions, type Ctx, emptyState, resolveOptions } from './options';
import * as sds from './sds';
import { type ClusterSnapshot, snapshot, systemVersionName } from './snapshot';
import { statisticsOf } from './stats';
import * as topo from './topology';
import { type ClusterMode, type MdmRole, type MdmStatus } from './types';
import * as vol from './volumes';

export class ScaleioCluster {
  /** Internal state and helpers; read-only use outside sim/scaleio (the gateway renders from it). */
  readonly ctx: Ctx;

  constructor(options: ClusterOptions = {}) {
    const opts = resolveOptions(options);
    this.ctx = { state: emptyState(opts), ids: new IdGenerator(opts.seed), opts };
  }

  get nowMs(): number {
    return this.ctx.state.nowMs;
  }

  /** Advances simulated time: maintenance transitions, rebuild, moving and rebalance progress. */
  tick(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`tick(ms): ms must be >= 0, got ${ms}`);
    this.ctx.state.nowMs += ms;
    sds.advanceMaintenance(this.ctx, ms);
    advanceJobs(this.ctx, ms);
  }

  // --- authentication (scli --login / --set_password; gateway /api/login) ---
  login(user: string, password: string): void {
    topo.login(this.ctx, user, password);
  }
  setPassword(oldPassword: string, newPassword: string): void {
    topo.setPassword(this.ctx, oldPassword, newPassword);
  }

  // --- MDM cluster ---
  createMdmCluster(masterIp: string, name: string, managementIps?: string[]): string {
    return mdm.createMdmCluster(this.ctx, masterIp, name, managementIps);
  }
  addStandbyMdm(ip: string | string[], role: MdmRole, name?: string, managementIps?: string[]): string {
    return mdm.addStandbyMdm(this.ctx, { ips: Array.isArray(ip) ? ip : [ip], role, name, managementIps });
  }
  removeStandbyMdm(ref: string): void {
    mdm.removeStandbyMdm(this.ctx, ref);
  }
  /** Slaves and tie-breakers are named by id, name or IP. */
  switchClusterMode(
    mode: ClusterMode,
    addSlaves: string[] = [],
    addTieBreakers: string[] = [],
    removeSlaves: string[] = [],
    removeTieBreakers: string[] = []
  ): void {
    mdm.switchClusterMode(this.ctx, mode, { addSlaves, addTieBreakers, removeSlaves, removeTieBreakers });
  }
  changeOwnership(ref: string): void {
    mdm.changeOwnership(this.ctx, ref);
  }
  renameMdm(ref: string, newName: string): void {
    mdm.renameMdm(this.ctx, ref, newName);
  }
  setMdmStatus(ip: string, status: MdmStatus): void {
    mdm.setMdmStatus(this.ctx, ip, status);
  }
  queryMdmCluster(): MdmClusterView {
    return mdmClusterView(mdm.requireMdm(this.ctx));
  }

  // --- system, protection domains, storage pools ---
  renameSystem(name: string): void {
    topo.renameSystem(this.ctx, name);
  }
  setSystemCapacityThresholds(high: number, critical: number): void {
    topo.setSystemCapacityThresholds(this.ctx, high, critical);
  }
  systemVersionName(): string {
    return systemVersionName(this.ctx);
  }
  createProtectionDomain(name: string): string {
    return topo.createProtectionDomain(this.ctx, name);
  }
  renameProtectionDomain(id: string, name: string): void {
    topo.renameProtectionDomain(this.ctx, id, name);
  }
  removeProtectionDomain(id: string): void {
    topo.removeProtectionDomain(this.ctx, id);
  }
  createStoragePool(protectionDomainId: string, name: string, spec?: topo.PoolSpec): string {
    return topo.createStoragePool(this.ctx, protectionDomainId, name, spec);
  }
  renameStoragePool(id: string, name: string): void {
    topo.renameStoragePool(this.ctx, id, name);
  }
  removeStoragePool(id: string): void {
    topo.removeStoragePool(this.ctx, id);
  }
  setSparePercentage(id: string, pct: number): void {
    topo.setSparePercentage(this.ctx, id, pct);
  }
  setRebuildEnabled(id: string, enabled: boolean): void {
    topo.setRebuildEnabled(this.ctx, id, enabled);
  }
  setRebalanceEnabled(id: string, enabled: boolean): void {
    topo.setRebalanceEnabled(this.ctx, id, enabled);
  }
  setCapacityAlertThresholds(poolId: string, high: number, critical: number): void {
    topo.setPoolCapacityThresholds(this.ctx, poolId, high, critical);
  }

  // --- SDS and devices ---
  createSds(spec: sds.SdsSpec): string {
    return sds.createSds(this.ctx, spec);
  }
  renameSds(id: string, name: string): void {
    sds.renameSds(this.ctx, id, name);
  }
  removeSds(id: string): void {
    sds.removeSds(this.ctx, id);
  }
  enterMaintenanceMode(sdsId: string): void {
    sds.enterMaintenanceMode(this.ctx, sdsId);
  }
  exitMaintenanceMode(sdsId: string): void {
    sds.exitMaintenanceMode(this.ctx, sdsId);
  }
  /** The SDS at ip is killed (false) or back (true); returns false when no SDS has that IP. */
  setSdsConnected(ip: string, connected: boolean): boolean {
    return sds.setSdsConnected(this.ctx, ip, connected);
  }
  findSds(ref: string): string {
    return resolveSds(this.ctx, ref).id;
  }
  addDevice(spec: dev.DeviceSpec): string {
    return dev.addDevice(this.ctx, spec);
  }
  renameDevice(id: string, name: string): void {
    dev.renameDevice(this.ctx, id, name);
  }
  removeDevice(id: string): void {
    dev.removeDevice(this.ctx, id);
  }

  // --- SDC and volumes ---
  registerSdc(guid: string, ip: string, mdmIps: string[], version?: string): string {
    return vol.registerSdc(this.ctx, guid, ip, mdmIps, version);
  }
  setSdcConnected(ref: string, connected: boolean): void {
    vol.setSdcConnected(this.ctx, ref, connected);
  }
  setSdcName(id: string, name: string): void {
    vol.setSdcName(this.ctx, id, name);
  }
  removeSdc(id: string): void {
    vol.removeSdc(this.ctx, id);
  }
  createVolume(spec: vol.VolumeSpec): string {
    return vol.createVolume(this.ctx, spec);
  }
  renameVolume(id: string, name: string): void {
    vol.renameVolume(this.ctx, id, name);
  }
  resizeVolume(id: string, sizeInGb: number): void {
    vol.resizeVolume(this.ctx, id, sizeInGb);
  }
  removeVolume(id: string): void {
    vol.removeVolume(this.ctx, id);
  }
  mapVolume(volumeId: string, sdcId: string, allowMultipleMappings = false): void {
    vol.mapVolume(this.ctx, volumeId, sdcId, allowMultipleMappings);
  }
  unmapVolume(volumeId: string, sdcId: string): void {
    vol.unmapVolume(this.ctx, volumeId, sdcId);
  }

  // --- nodes, versions and faults ---
  installDaemon(ip: string, kind: 'mdm' | 'sds', version?: string): void {
    faults.installDaemon(this.ctx, ip, kind, version);
  }
  uninstallDaemon(ip: string, kind: 'mdm' | 'sds'): void {
    faults.uninstallDaemon(this.ctx, ip, kind);
  }
  declareNodeDisks(ip: string, disks: Record<string, number>): void {
    faults.declareNodeDisks(this.ctx, ip, disks);
  }
  setSoftwareVersion(ip: string, role: 'mdm' | 'tb' | 'sds' | 'sdc', version: string): boolean {
    return faults.setSoftwareVersion(this.ctx, ip, role, version);
  }
  /** The disk at path on the SDS named by id, name or IP fails; returns the device id. */
  failDevice(sdsRef: string, path: string): string {
    return dev.failDevice(this.ctx, sdsRef, path);
  }
  recoverDevice(sdsRef: string, path: string): string {
    return dev.recoverDevice(this.ctx, sdsRef, path);
  }
  fillCapacity(percent: number, poolId?: string): void {
    faults.fillCapacity(this.ctx, percent, poolId);
  }
  setIoLoad(spec: faults.IoLoadSpec, poolId?: string): void {
    faults.setIoLoad(this.ctx, spec, poolId);
  }
  clearFailedCapacity(poolId?: string): void {
    faults.clearFailedCapacity(this.ctx, poolId);
  }

  // --- reading ---
  statistics(type: string, id?: string): Record<string, unknown> {
    return statisticsOf(this.ctx, type, id);
  }
  snapshot(): ClusterSnapshot {
    return snapshot(this.ctx);
  }
  /** Throws the MDM's not-found error for a missing SDS/device (used by the gateway). */
  requireSds(id: string): void {
    getSds(this.ctx, id);
  }
  requireDevice(id: string): void {
    getDevice(this.ctx, id);
  }
}
