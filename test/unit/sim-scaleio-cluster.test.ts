import { ScaleioCluster, ScaleioError } from '../../sim/scaleio';

const GB = 1024 * 1024;

function expectMdmError(fn: () => unknown, code: string): ScaleioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScaleioError);
    expect((e as ScaleioError).code).toBe(code);
    return e as ScaleioError;
  }
  throw new Error(`expected ${code}`);
}

/** 3-node MDM cluster, one PD/SP, n SDSs with one 100 GB disk each. */
function build(n = 3, seed = 7) {
  const c = new ScaleioCluster({
    seed,
    rebuildKbPerSec: 1 * GB,
    rebalanceKbPerSec: 1 * GB,
    maintenanceTransitionMs: 500,
  });
  c.createMdmCluster('10.0.0.1', 'mdm1');
  c.addStandbyMdm('10.0.0.2', 'Manager', 'mdm2');
  c.addStandbyMdm('10.0.0.3', 'TieBreaker', 'tb');
  c.switchClusterMode('ThreeNodes', ['mdm2'], ['tb']);
  c.renameSystem('scaleio');
  const pd = c.createProtectionDomain('pd1');
  const sp = c.createStoragePool(pd, 'sp1');
  const sds: string[] = [];
  for (let i = 1; i <= n; i++) {
    const ip = `10.0.1.${i}`;
    sds.push(
      c.createSds({
        protectionDomainId: pd,
        name: `sds_${ip}`,
        ipList: [{ ip, role: 'all' }],
        devices: [{ path: '/dev/sdb', storagePoolId: sp }],
      })
    );
  }
  return { c, pd, sp, sds };
}

describe('simulated ScaleIO cluster model', () => {
  test('ids are 16 hex digits and repeat for the same seed', () => {
    const a = build(3, 42).c.snapshot();
    const b = build(3, 42).c.snapshot();
    expect(a.system?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(a.mdmCluster?.id).toMatch(/^[0-9]{19}$/);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(build(3, 43).c.snapshot().system?.id).not.toBe(a.system?.id);
  });

  test('MDM cluster: three-node mode, ownership switch and failover', () => {
    const { c } = build();
    const view = c.queryMdmCluster();
    expect(view.clusterMode).toBe('ThreeNodes');
    expect(view.clusterState).toBe('ClusteredNormal');
    expect(view.goodNodesNum).toBe(3);
    expect(view.goodReplicasNum).toBe(2);
    expect(view.master?.name).toBe('mdm1');
    expect(view.master?.status).toBeUndefined();
    expect(view.standbyMDMs).toBeUndefined();
    c.changeOwnership('mdm2');
    expect(c.queryMdmCluster().master?.name).toBe('mdm2');
    c.setMdmStatus('10.0.0.2', 'Disconnected'); // master dies: mdm1 takes over, majority kept
    const after = c.queryMdmCluster();
    expect(after.master?.name).toBe('mdm1');
    expect(after.clusterState).toBe('ClusteredDegraded');
    expect(after.goodNodesNum).toBe(2);
    expectMdmError(() => c.switchClusterMode('FiveNodes', [], []), 'WRONG_NUMBER_OF_MDMS');
    expectMdmError(() => c.addStandbyMdm('10.0.0.3', 'Manager', 'x'), 'MDM_IP_ALREADY_EXISTS');
  });

  test('refuses objects before the MDM cluster exists and duplicates after', () => {
    const c = new ScaleioCluster();
    const e = expectMdmError(() => c.createProtectionDomain('pd1'), 'VOTER_NOT_CONFIG');
    expect(e.httpStatus).toBe(500);
    c.createMdmCluster('10.0.0.1', 'mdm1');
    expectMdmError(() => c.createMdmCluster('10.0.0.1', 'mdm1'), 'PRIMARY_MDM_ALREADY_CONFIG');
    const pd = c.createProtectionDomain('pd1');
    expectMdmError(() => c.createProtectionDomain('pd1'), 'FD_NAME_IN_USE');
    const sp = c.createStoragePool(pd, 'sp1');
    expectMdmError(() => c.createStoragePool(pd, 'sp1'), 'STORAGE_POOL_NAME_ALREADY_EXISTS');
    const sds = c.createSds({ protectionDomainId: pd, ipList: [{ ip: '10.0.1.1', role: 'all' }] });
    expect(c.snapshot().sds[0]).toMatchObject({ name: 'SDS_[10.0.1.1]', port: 7072, sdsState: 'Normal' });
    expectMdmError(
      () => c.createSds({ protectionDomainId: pd, ipList: [{ ip: '10.0.1.1', role: 'all' }] }),
      'TGT_IP_ALREADY_EXISTS'
    );
    c.addDevice({ sdsId: sds, path: '/dev/sdb', storagePoolId: sp });
    expectMdmError(() => c.addDevice({ sdsId: sds, path: '/dev/sdb', storagePoolId: sp }), 'DEV_PATH_ALREADY_EXISTS');
    expectMdmError(() => c.removeProtectionDomain(pd), 'FD_HAS_TGTS');
  });

  test('maintenance mode needs two other healthy SDSs and rebuild enabled', () => {
    const small = build(2);
    expectMdmError(() => small.c.enterMaintenanceMode(small.sds[0]!), 'NOT_ENOUGH_HEALTHY_TGTS_FOR_MM');
    const { c, sp, sds } = build(3);
    c.setRebuildEnabled(sp, false);
    expectMdmError(() => c.enterMaintenanceMode(sds[0]!), 'MM_FAILED_REBUILD_DISABLED_ON_SP');
    c.setRebuildEnabled(sp, true);
    c.enterMaintenanceMode(sds[0]!);
    expect(c.snapshot().sds[0]).toMatchObject({ maintenanceState: 'SetMaintenanceInProgress' });
    expectMdmError(() => c.enterMaintenanceMode(sds[0]!), 'TGT_ALREADY_IN_MM');
    expectMdmError(() => c.enterMaintenanceMode(sds[1]!), 'TGT_MM_CONFILICT');
    c.tick(500);
    expect(c.snapshot().sds[0]).toMatchObject({ maintenanceState: 'InMaintenance' });
    c.exitMaintenanceMode(sds[0]!);
    c.tick(500);
    expect(c.snapshot().sds[0]).toMatchObject({ maintenanceState: 'NoMaintenance' });
    expectMdmError(() => c.exitMaintenanceMode(sds[0]!), 'TGT_NOT_IN_MM');
  });

  test('a failed disk degrades capacity until the rebuild, driven by tick(), completes', () => {
    const { c, sp } = build(4);
    c.fillCapacity(40, sp);
    const before = c.statistics('StoragePool', sp);
    expect(before.capacityInUseInKb).toBe(4 * 40 * GB);
    c.failDevice('10.0.1.1', '/dev/sdb');
    const hit = c.statistics('StoragePool', sp);
    expect(hit.degradedHealthyCapacityInKb).toBe(40 * GB);
    expect(hit.activeFwdRebuildCapacityInKb).toBe(1 * GB);
    expect(hit.pendingFwdRebuildCapacityInKb).toBe(39 * GB);
    expect(hit.maxCapacityInKb).toBe(3 * 100 * GB);
    c.tick(10_000);
    const mid = c.statistics('StoragePool', sp);
    expect(mid.degradedHealthyCapacityInKb).toBe(30 * GB);
    expect((mid.fwdRebuildWriteBwc as { totalWeightInKb: number }).totalWeightInKb).toBe(1 * GB);
    c.tick(30_000);
    const done = c.statistics('System');
    expect(done.degradedHealthyCapacityInKb).toBe(0);
    expect(done.pendingFwdRebuildCapacityInKb).toBe(0);
    expect(done.capacityInUseInKb).toBe(4 * 40 * GB);
    expect(c.snapshot().devices.filter((d) => d.deviceState === 'Error')).toHaveLength(1);
  });

  test('SDS removal drains data asynchronously, then the SDS disappears', () => {
    const { c, pd, sp, sds } = build(4);
    c.fillCapacity(10, sp);
    c.removeSds(sds[3]!);
    expect(c.snapshot().sds.find((s) => s.id === sds[3])).toMatchObject({ sdsState: 'RemovePending' });
    expectMdmError(
      () => c.createSds({ protectionDomainId: pd, ipList: [{ ip: '10.0.1.4', role: 'all' }] }),
      'TGT_ALREADY_EXISTS_AND_BEING_REMOVED'
    );
    expect(c.statistics('StoragePool', sp).movingCapacityInKb).toBe(10 * GB);
    c.tick(5_000);
    expect(c.statistics('StoragePool', sp).movingCapacityInKb).toBe(5 * GB);
    c.tick(5_000);
    expect(c.snapshot().sds.map((s) => s.id)).not.toContain(sds[3]);
    expect(c.statistics('StoragePool', sp).capacityInUseInKb).toBe(40 * GB);
  });

  test('volumes round to 8 GB and map/unmap with errors 81 and 84', () => {
    const { c, sp } = build(3);
    const sdc = c.registerSdc('GUID-1', '10.0.2.1', ['10.0.0.1', '10.0.0.2']);
    expectMdmError(() => c.registerSdc('GUID-2', '10.0.2.2', ['10.9.9.9']), 'COMMUNICATION_ERROR');
    const vol = c.createVolume({ name: 'v1', sizeInKb: 1, storagePoolId: sp, volumeType: 'ThickProvisioned' });
    expect(c.snapshot().volumes[0]).toMatchObject({ sizeInKb: 8 * GB });
    expect(c.statistics('StoragePool', sp).thickCapacityInUseInKb).toBe(16 * GB);
    c.mapVolume(vol, sdc);
    expect(expectMdmError(() => c.mapVolume(vol, sdc), 'VOL_ALREADY_MAPPED_TO_THIS_INI').errorCode).toBe(81);
    expectMdmError(() => c.removeVolume(vol), 'VOL_MAPPED');
    c.unmapVolume(vol, sdc);
    expect(expectMdmError(() => c.unmapVolume(vol, sdc), 'VOL_NOT_MAPPED_TO_INI').errorCode).toBe(84);
    c.removeVolume(vol);
    expect(c.statistics('StoragePool', sp).capacityInUseInKb).toBe(0);
  });

  test('I/O load shows up as bandwidth counters; a dead SDS leaves degraded-failed data', () => {
    const { c, sp } = build(3);
    c.setIoLoad({ iops: 1000, bwKbPerSec: 64000, readFraction: 0.75, latencyUs: 800 });
    const sys = c.statistics('System');
    expect(sys.primaryReadBwc).toEqual({ numOccured: 750, numSeconds: 1, totalWeightInKb: 48000 });
    expect(sys.primaryWriteBwc).toEqual({ numOccured: 250, numSeconds: 1, totalWeightInKb: 16000 });
    c.fillCapacity(20, sp);
    expect(c.setSdsConnected('10.0.1.2', false)).toBe(true);
    const s = c.statistics('StoragePool', sp);
    expect(s.degradedFailedCapacityInKb).toBe(20 * GB);
    expect(s.unreachableUnusedCapacityInKb).toBe(80 * GB);
    c.setSdsConnected('10.0.1.2', true); // back before the rebuild finished: nothing left to do
    expect(c.statistics('StoragePool', sp).degradedFailedCapacityInKb).toBe(0);
  });
});
