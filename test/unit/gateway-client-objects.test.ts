import {
  AlreadyExists,
  Conflict,
  type GatewayClient,
  NotFound,
  Refused,
  VOLUME_GRANULARITY_KB,
} from '../../activities/gateway';
import { ensureObject } from '../../activities/gateway/ensure';
import { Mdm } from '../../activities/gateway/objects/mdm';
import { InputError } from '../../common/errors';
import { type Gateway } from '../../sim/gateway';
import { clientFor, type SimClock, startSim, thrown } from './gateway-client-support';

describe('gateway client typed objects against the simulated cluster', () => {
  const clock: SimClock = { now: 0 };
  let gw: Gateway;
  let gc: GatewayClient;
  let pd: string;
  let sp: string;
  const sdsIds: string[] = [];

  beforeAll(async () => {
    gw = await startSim(clock);
    gw.cluster.createMdmCluster('10.0.0.1', 'mdm1');
    gc = clientFor(gw);
  });
  afterAll(async () => {
    await gc.close();
    await gw.close();
  });

  test('system and MDM cluster (embedded in System on 2.x)', async () => {
    const system = await gc.system();
    const cluster = await gc.mdmCluster();
    expect(cluster).toEqual(system.mdmCluster);
    expect(cluster.master?.ips).toEqual(['10.0.0.1']);
  });

  test('protection domain: ensure creates once, then is a no-op returning the same id', async () => {
    const first = await gc.protectionDomains.ensure('pd1');
    const second = await gc.protectionDomains.ensure('pd1');
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    pd = first.id;
    expect((await gc.protectionDomains.findByName('pd1'))?.protectionDomainState).toBe('Active');
    expect(await gc.protectionDomains.findByName('nope')).toBeUndefined();
    expect(await thrown(gc.protectionDomains.create('pd1'))).toBeInstanceOf(AlreadyExists);
  });

  test('storage pool: ensure with thresholds; idempotent; conflicting media type is named', async () => {
    const spec = {
      name: 'sp1',
      protectionDomainId: pd,
      mediaType: 'HDD' as const,
      capacityAlertThresholds: { highPercent: 70, criticalPercent: 85 },
    };
    const first = await gc.storagePools.ensure(spec);
    expect(first.created).toBe(true);
    sp = first.id;
    expect(await gc.storagePools.get(sp)).toMatchObject({
      capacityAlertHighThreshold: 70,
      capacityAlertCriticalThreshold: 85,
    });
    expect(await gc.storagePools.ensure(spec)).toEqual({ id: sp, created: false });

    // thresholds converge (a crash between create and set must be finishable), they do not conflict
    await gc.storagePools.ensure({ ...spec, capacityAlertThresholds: { highPercent: 75, criticalPercent: 90 } });
    expect(await gc.storagePools.get(sp)).toMatchObject({ capacityAlertHighThreshold: 75 });

    const e = await thrown(gc.storagePools.ensure({ ...spec, mediaType: 'SSD' }));
    expect(e).toBeInstanceOf(Conflict);
    expect(e).toMatchObject({
      retryable: false,
      differences: [{ field: 'mediaType', existing: 'HDD', wanted: 'SSD' }],
    });
    expect(e.message).toContain('storage pool "sp1" exists but differs: mediaType is "HDD", wanted "SSD"');
    await expect(
      gc.storagePools.setCapacityAlertThresholds(sp, { highPercent: 90, criticalPercent: 80 })
    ).rejects.toThrow('highPercent: must be below criticalPercent');
  });

  test('SDS: created with the SdsIp wrapper and devices; idempotent; IP and name conflicts', async () => {
    for (const n of [1, 2, 3]) {
      const spec = {
        name: `sds${n}`,
        protectionDomainId: pd,
        ips: [`10.0.1.${n}`],
        devices: [{ path: '/dev/sdb', storagePoolId: sp }],
      };
      const r = await gc.sds.ensure(spec);
      expect(r.created).toBe(true);
      expect(await gc.sds.ensure(spec)).toEqual({ id: r.id, created: false });
      sdsIds.push(r.id);
    }
    const [sds1] = sdsIds as [string];
    expect((await gc.sds.findByIp('10.0.1.1'))?.id).toBe(sds1);
    expect((await gc.sds.findByName('sds1'))?.ipList).toEqual([{ ip: '10.0.1.1', role: 'all' }]);
    expect((await gc.devices.listBySds(sds1)).map((d) => d.deviceCurrentPathName)).toEqual(['/dev/sdb']);

    const moved = await thrown(gc.sds.ensure({ name: 'sds1', protectionDomainId: pd, ips: ['10.0.1.9'] }));
    expect(moved).toMatchObject({ name: 'Conflict', differences: [{ field: 'ips', existing: ['10.0.1.1'] }] });
    const stolen = await thrown(gc.sds.ensure({ name: 'sds9', protectionDomainId: pd, ips: ['10.0.1.2'] }));
    expect(stolen).toBeInstanceOf(Conflict);
    expect(stolen.message).toContain('IP 10.0.1.2 already belongs to SDS "sds2"');
    // the raw create is refused by the gateway itself
    expect(await thrown(gc.sds.create({ name: 'sds9', protectionDomainId: pd, ips: ['10.0.1.2'] }))).toBeInstanceOf(
      AlreadyExists
    );
  });

  test('device: ensure on an existing path is a no-op; another pool is a conflict', async () => {
    const sds1 = sdsIds[0]!;
    const added = await gc.devices.ensure({ path: '/dev/sdc', sdsId: sds1, storagePoolId: sp });
    expect(added.created).toBe(true);
    expect(await gc.devices.ensure({ path: '/dev/sdc', sdsId: sds1, storagePoolId: sp })).toEqual({
      id: added.id,
      created: false,
    });
    const sp2 = await gc.storagePools.create({ name: 'sp2', protectionDomainId: pd });
    const e = await thrown(gc.devices.ensure({ path: '/dev/sdc', sdsId: sds1, storagePoolId: sp2 }));
    expect(e).toMatchObject({ name: 'Conflict', differences: [{ field: 'storagePoolId', existing: sp, wanted: sp2 }] });
    expect((await gc.devices.listByStoragePool(sp)).length).toBe(4);
    await gc.storagePools.remove(sp2);
  });

  test('volume: create rounded to 8 GiB, idempotent, size conflict; map to an SDC and unmap', async () => {
    const spec = { name: 'vol1', storagePoolId: sp, sizeInKb: 1024 * 1024 };
    const v = await gc.volumes.ensure(spec);
    expect(v.created).toBe(true);
    expect((await gc.volumes.get(v.id)).sizeInKb).toBe(VOLUME_GRANULARITY_KB);
    expect(await gc.volumes.ensure(spec)).toEqual({ id: v.id, created: false });
    const big = await thrown(gc.volumes.ensure({ ...spec, sizeInKb: 2 * VOLUME_GRANULARITY_KB }));
    expect(big).toMatchObject({
      name: 'Conflict',
      differences: [{ field: 'sizeInKb', existing: VOLUME_GRANULARITY_KB }],
    });

    gw.cluster.registerSdc('aaaa-bbbb-guid', '10.0.2.1', ['10.0.0.1']);
    const sdc = await gc.sdcs.findByGuid('aaaa-bbbb-guid');
    expect(sdc?.sdcIp).toBe('10.0.2.1');
    expect((await gc.sdcs.findByIp('10.0.2.1'))?.id).toBe(sdc!.id);
    expect(await gc.sdcs.findByIp('10.9.9.9')).toBeUndefined();

    expect(await gc.volumes.ensureMapped(v.id, sdc!.id)).toEqual({ id: v.id, created: true });
    expect(await gc.volumes.ensureMapped(v.id, sdc!.id)).toEqual({ id: v.id, created: false });
    expect((await gc.volumes.get(v.id)).mappedSdcInfo?.map((m) => m.sdcId)).toEqual([sdc!.id]);
    await gc.volumes.unmapFromSdc(v.id, sdc!.id);
    expect(await thrown(gc.volumes.unmapFromSdc(v.id, sdc!.id))).toMatchObject({ name: 'Refused', retryable: false });
    await gc.volumes.remove(v.id);
    expect(await gc.volumes.findByName('vol1')).toBeUndefined();
    expect(await thrown(gc.volumes.get(v.id))).toBeInstanceOf(NotFound);
  });

  test('statistics: system, pools and SDSs in one call, with the health fields', async () => {
    const h = await gc.statistics.health();
    expect(h.system.maxCapacityInKb).toBeGreaterThan(0);
    expect(h.system.failedCapacityInKb).toBe(0);
    expect(Object.keys(h.storagePools)).toEqual([sp]);
    expect(Object.keys(h.sds).sort()).toEqual([...sdsIds].sort());
    expect(h.sds[sdsIds[0]!]).toHaveProperty('inMaintenanceCapacityInKb', 0);
    const one = await gc.statistics.storagePools([sp], ['capacityInUseInKb']);
    expect(Object.keys(one[sp]!)).toEqual(['capacityInUseInKb']);
    expect(await gc.statistics.sds([])).toEqual({});
  });

  test('SDS maintenance mode: enter, refused twice, exit', async () => {
    const id = sdsIds[2]!;
    await gc.sds.enterMaintenanceMode(id);
    gw.cluster.tick(1);
    expect((await gc.sds.get(id)).maintenanceState).toBe('InMaintenance');
    const again = await thrown(gc.sds.enterMaintenanceMode(id));
    expect(again).toBeInstanceOf(Refused);
    expect(again).toMatchObject({ code: 'TGT_ALREADY_IN_MM', retryable: false });
    await gc.sds.exitMaintenanceMode(id);
    gw.cluster.tick(1);
    expect((await gc.sds.get(id)).maintenanceState).toBe('NoMaintenance');
  });

  test('an SDS being removed is not a match for ensure: retryable refusal until it is gone', async () => {
    const id = sdsIds[2]!;
    const spec = { name: 'sds3', protectionDomainId: pd, ips: ['10.0.1.3'] };
    gw.cluster.fillCapacity(20, sp); // data to drain, so removal takes (simulated) time
    await gc.sds.remove(id);
    expect((await gc.sds.get(id)).sdsState).toBe('RemovePending');
    expect(await thrown(gc.sds.ensure(spec))).toMatchObject({
      name: 'Refused',
      retryable: true,
      code: 'TGT_BEING_REMOVED',
    });
  });

  test('bad ids are input errors naming the field, before any request', async () => {
    const e = await thrown(gc.sds.get('../../login'));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).problems[0]?.field).toBe('sdsId');
  });
});

describe('ensure and MDM helpers without a gateway', () => {
  test('a create that loses a race ("already exists") re-reads and succeeds when the winner matches', async () => {
    const find = jest.fn().mockResolvedValueOnce(undefined).mockResolvedValueOnce({ id: 'abc', name: 'x' });
    const call = { method: 'POST', path: '/api/types/ProtectionDomain/instances' };
    const r = await ensureObject({
      what: 'pd',
      call,
      find,
      create: () => Promise.reject(new AlreadyExists('Already exists', { call })),
      differences: () => [],
    });
    expect(r).toEqual({ id: 'abc', created: false });
    expect(find).toHaveBeenCalledTimes(2);
  });

  test('mdmCluster falls back to queryMdmCluster when System does not embed it', async () => {
    const cluster = { id: '5302483491453710272', clusterMode: 'OneNode', clusterState: 'NotClustered' };
    const caller = {
      get: jest.fn().mockResolvedValue([{ id: '499634a44778afc0' }]),
      post: jest.fn().mockResolvedValue(cluster),
    };
    expect(await new Mdm(caller).mdmCluster()).toEqual(cluster);
    expect(caller.post).toHaveBeenCalledWith('/api/instances/System/queryMdmCluster', {});
  });

  test('system() before the MDM cluster exists is NotFound', async () => {
    const caller = { get: jest.fn().mockResolvedValue([]), post: jest.fn() };
    expect(await thrown(new Mdm(caller).system())).toMatchObject({ name: 'NotFound', code: 'NO_SYSTEM' });
  });
});
