import { Agent } from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { type Gateway, startGateway } from '../../sim/gateway';

const GB = 1024 * 1024;

describe('simulated ScaleIO gateway over HTTPS', () => {
  let gw: Gateway;
  let clock = 1_000_000;
  let agent: Agent;

  beforeAll(async () => {
    gw = await startGateway({
      tickIntervalMs: 0,
      idleTimeoutMs: 60_000,
      now: () => clock,
      clusterOptions: { seed: 3, rebuildKbPerSec: GB, maintenanceTransitionMs: 0 },
    });
    agent = new Agent({ ca: gw.ca, keepAlive: false });
  });
  afterAll(async () => {
    agent.destroy();
    await gw.close();
  });
  afterEach(() => gw.faults.clear());

  function raw(): AxiosInstance {
    return axios.create({ baseURL: gw.url, httpsAgent: agent, validateStatus: () => true, timeout: 10_000 });
  }

  async function login(password = 'Scaleio123'): Promise<AxiosInstance> {
    const r = await raw().get<string>('/api/login', { auth: { username: 'admin', password } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    const token = r.data;
    // goscaleio sends an empty user with the token: the user part must be ignored.
    return axios.create({
      baseURL: gw.url,
      httpsAgent: agent,
      auth: { username: '', password: token },
      validateStatus: () => true,
      timeout: 10_000,
    });
  }

  function ok<T>(r: AxiosResponse<T>): T {
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.data)}`);
    return r.data;
  }

  test('login: bad password gets 401 with the real error body; tokens expire when idle and on revoke', async () => {
    const bad = await raw().get('/api/login', { auth: { username: 'admin', password: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.data).toEqual({ message: 'Unauthorized', httpStatusCode: 401, errorCode: 0 });
    const api = await login();
    expect(ok(await api.get('/api/version'))).toBe('2.5');
    clock += 59_000;
    expect((await api.get('/api/version')).status).toBe(200); // use resets the idle timer
    clock += 61_000;
    const expired = await api.get('/api/version');
    expect(expired.status).toBe(401);
    expect(expired.data.httpStatusCode).toBe(401);
    const again = await login();
    gw.faults.expireTokens();
    expect((await again.get('/api/types/System/instances')).status).toBe(401);
    const third = await login();
    expect((await third.get('/api/logout')).status).toBe(200);
    expect((await third.get('/api/version')).status).toBe(401);
  });

  test('objects before the MDM cluster are refused with a 500 MDM error', async () => {
    const api = await login();
    expect(ok(await api.get('/api/types/System/instances'))).toEqual([]);
    const r = await api.post('/api/types/ProtectionDomain/instances', { name: 'pd1' });
    expect(r.status).toBe(500);
    expect(r.data).toEqual({
      message: 'MDM is not configured. Please configure the MDM',
      httpStatusCode: 500,
      errorCode: expect.any(Number),
    });
  });

  test('build, use and tear down a cluster in a legal order; illegal steps get the real errors', async () => {
    const c = gw.cluster;
    c.createMdmCluster('10.0.0.1', 'mdm1');
    const api = await login();
    const mdm2 = ok(
      await api.post('/api/instances/System/action/addStandbyMdm', { ips: ['10.0.0.2'], role: 'Manager', name: 'mdm2' })
    ).id;
    const tb = ok(
      await api.post('/api/instances/System/action/addStandbyMdm', {
        ips: ['10.0.0.3'],
        role: 'TieBreaker',
        name: 'tb',
      })
    ).id;
    ok(
      await api.post('/api/instances/System/action/switchClusterMode', {
        mode: 'ThreeNodes',
        addSlaveMdmIdList: [mdm2],
        addTBIdList: [tb],
      })
    );
    const cluster = ok(await api.post('/api/instances/System/queryMdmCluster', {}));
    expect(cluster).toMatchObject({ clusterMode: 'ThreeNodes', clusterState: 'ClusteredNormal', goodNodesNum: 3 });
    const [system] = ok(await api.get('/api/types/System/instances'));
    expect(system.links).toContainEqual({
      rel: '/api/System/relationship/ProtectionDomain',
      href: `/api/instances/System::${system.id}/relationships/ProtectionDomain`,
    });

    const pd = ok(await api.post('/api/types/ProtectionDomain/instances', { name: 'pd1' })).id;
    expect(pd).toMatch(/^[0-9a-f]{16}$/);
    const dup = await api.post('/api/types/ProtectionDomain/instances', { name: 'pd1' });
    expect(dup.status).toBe(500);
    expect(dup.data.message).toBe('Protection Domain name already in use. Please try a different name.');
    expect(ok(await api.post('/api/types/ProtectionDomain/instances/action/queryIdByKey', { name: 'pd1' }))).toBe(pd);
    const sp = ok(await api.post('/api/types/StoragePool/instances', { name: 'sp1', protectionDomainId: pd })).id;

    const flat = await api.post('/api/types/Sds/instances', {
      protectionDomainId: pd,
      sdsIpList: [{ ip: '10.0.1.1', role: 'all' }],
    });
    expect(flat.status).toBe(400);
    expect(flat.data.message).toContain('sdsIpList[0]');
    const sdsIds: string[] = [];
    for (const i of [1, 2, 3]) {
      const body = {
        name: `sds_10.0.1.${i}`,
        protectionDomainId: pd,
        sdsIpList: [{ SdsIp: { ip: `10.0.1.${i}`, role: 'all' } }],
        sdsPort: '7072',
        deviceInfoList: [{ devicePath: '/dev/sdb', storagePoolId: sp, deviceName: 'sdb' }],
      };
      sdsIds.push(ok(await api.post('/api/types/Sds/instances', body)).id);
    }
    const dupIp = await api.post('/api/types/Sds/instances', {
      protectionDomainId: pd,
      sdsIpList: [{ SdsIp: { ip: '10.0.1.1', role: 'all' } }],
    });
    expect(dupIp.data).toMatchObject({ message: 'The SDS IP already exists.', httpStatusCode: 500 });
    const wrongCase = await api.post('/api/types/Device/instances', {
      deviceCurrentPathName: '/dev/sdc',
      sdsId: sdsIds[0],
      storagePoolId: sp,
    });
    expect(wrongCase.status).toBe(400);
    expect(wrongCase.data.message).toContain('deviceCurrentPathname');
    expect(ok(await api.post(`/api/instances/Sds::${sdsIds[0]}/action/setSdsName`, { name: 'first' }))).toEqual({});
    const devices = ok(await api.get(`/api/instances/Sds::${sdsIds[0]}/relationships/Device`));
    expect(devices[0]).toMatchObject({
      deviceCurrentPathName: '/dev/sdb',
      deviceState: 'Normal',
      errorState: 'None',
      sdsId: sdsIds[0],
    });
    const added = await api.post('/api/types/Device/instances', {
      deviceCurrentPathname: '/dev/sdb',
      sdsId: sdsIds[0],
      storagePoolId: sp,
    });
    expect(added.data.message).toBe('A device with the given path already exists in the SDS');

    const sdcId = c.registerSdc('3C1F0E6A-0001', '10.0.2.1', ['10.0.0.1']);
    expect(ok(await api.post('/api/types/Sdc/instances/action/queryIdByKey', { ip: '10.0.2.1' }))).toBe(sdcId);
    const vol = ok(
      await api.post('/api/types/Volume/instances', {
        name: 'v1',
        volumeSizeInKb: '1048576',
        storagePoolId: sp,
        volumeType: 'ThinProvisioned',
      })
    ).id;
    expect(ok(await api.get(`/api/instances/Volume::${vol}`)).sizeInKb).toBe(8 * GB);
    ok(await api.post(`/api/instances/Volume::${vol}/action/addMappedSdc`, { sdcId, allowMultipleMappings: 'TRUE' }));
    const twice = await api.post(`/api/instances/Volume::${vol}/action/addMappedSdc`, { sdcId });
    expect(twice.data).toEqual({
      message: 'The volume is already mapped to this SDC',
      httpStatusCode: 500,
      errorCode: 81,
    });
    expect(ok(await api.get(`/api/instances/Sdc::${sdcId}/relationships/Volume`))).toHaveLength(1);
    ok(await api.post(`/api/instances/Volume::${vol}/action/removeMappedSdc`, { sdcId }));
    expect((await api.post(`/api/instances/Volume::${vol}/action/removeMappedSdc`, { sdcId })).data.errorCode).toBe(84);
    ok(await api.post(`/api/instances/Volume::${vol}/action/removeVolume`, { removeMode: 'ONLY_ME' }));
    expect((await api.get(`/api/instances/Volume::${vol}`)).data.errorCode).toBe(3);

    expect(
      (await api.post(`/api/instances/ProtectionDomain::${pd}/action/removeProtectionDomain`, {})).data.message
    ).toBe('Protection Domain has SDSs');
    for (const id of sdsIds) ok(await api.post(`/api/instances/Sds::${id}/action/removeSds`, {}));
    ok(await api.post(`/api/instances/StoragePool::${sp}/action/removeStoragePool`, {}));
    ok(await api.post(`/api/instances/ProtectionDomain::${pd}/action/removeProtectionDomain`, {}));
    const all = ok(await api.get('/api/instances'));
    expect(all).toMatchObject({ protectionDomainList: [], storagePoolList: [], sdsList: [], deviceList: [] });
    expect(all.sdcList).toHaveLength(1);
  });

  test('maintenance mode, a failed disk and a full pool seen through statistics', async () => {
    const c = gw.cluster;
    const api = await login();
    const pd = c.createProtectionDomain('pd2');
    const sp = c.createStoragePool(pd, 'sp2');
    const sds = [1, 2, 3].map((i) =>
      c.createSds({
        protectionDomainId: pd,
        ipList: [{ ip: `10.0.3.${i}`, role: 'all' }],
        devices: [{ path: '/dev/sdb', storagePoolId: sp }],
      })
    );
    ok(await api.post(`/api/instances/StoragePool::${sp}/action/setRebuildEnabled`, { rebuildEnabled: 'false' }));
    const refused = await api.post(`/api/instances/Sds::${sds[0]}/action/enterMaintenanceMode`, {});
    expect(refused.data.message).toMatch(/^Cannot enter Maintenance Mode - rebuild is disabled/);
    ok(await api.post(`/api/instances/StoragePool::${sp}/action/setRebuildEnabled`, { rebuildEnabled: 'true' }));
    ok(await api.post(`/api/instances/Sds::${sds[0]}/action/enterMaintenanceMode`, {}));
    expect(ok(await api.get(`/api/instances/Sds::${sds[0]}`)).maintenanceState).toBe('InMaintenance');
    ok(await api.post(`/api/instances/Sds::${sds[0]}/action/exitMaintenanceMode`, {}));

    c.fillCapacity(85, sp);
    const q = {
      selectedStatisticsList: [
        {
          type: 'StoragePool',
          ids: [sp],
          properties: ['capacityInUseInKb', 'maxCapacityInKb', 'degradedHealthyCapacityInKb'],
        },
      ],
    };
    const full = ok(await api.post('/api/instances/querySelectedStatistics', q)).StoragePool[sp];
    expect(full.capacityInUseInKb / full.maxCapacityInKb).toBeCloseTo(0.85, 5);
    c.fillCapacity(30, sp);
    c.failDevice('10.0.3.2', '/dev/sdb');
    const degraded = ok(await api.post('/api/instances/querySelectedStatistics', q)).StoragePool[sp];
    expect(degraded.degradedHealthyCapacityInKb).toBe(30 * GB);
    c.tick(20_000);
    const healed = ok(await api.get(`/api/instances/StoragePool::${sp}/relationships/Statistics`));
    expect(healed.degradedHealthyCapacityInKb).toBe(10 * GB);
    c.tick(10_000);
    const sysStats = ok(
      await api.post('/api/instances/querySelectedStatistics', {
        selectedStatisticsList: [{ type: 'System', properties: ['degradedHealthyCapacityInKb'] }],
      })
    );
    expect(sysStats).toEqual({ System: { degradedHealthyCapacityInKb: 0 } });
  });

  test('fault injection: 5xx for the next calls, and hanging calls that time out', async () => {
    const api = await login();
    gw.faults.failNext(2, 503);
    const first = await api.get('/api/version');
    expect(first.status).toBe(503);
    expect(first.data).toMatchObject({ httpStatusCode: 503 });
    expect((await api.get('/api/version')).status).toBe(503);
    expect((await api.get('/api/version')).status).toBe(200);
    gw.faults.failFor(1000, 500);
    expect((await api.get('/api/version')).status).toBe(500);
    clock += 1001;
    expect((await api.get('/api/version')).status).toBe(200);
    gw.faults.delayFor(1000, 60_000);
    await expect(api.get('/api/version', { timeout: 300 })).rejects.toMatchObject({ code: 'ECONNABORTED' });
    clock += 1001;
    expect((await api.get('/api/version')).status).toBe(200);
  });
});

describe('simulated gateway over plain HTTP', () => {
  test('serves the same API, rejects malformed JSON and unknown paths', async () => {
    const gw = await startGateway({ protocol: 'http', tickIntervalMs: 0, apiVersion: '2.0' });
    try {
      expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(gw.ca).toBeUndefined();
      const token = (
        await axios.get<string>(`${gw.url}/api/login`, { auth: { username: 'admin', password: 'Scaleio123' } })
      ).data;
      const api = axios.create({
        baseURL: gw.url,
        auth: { username: 'admin', password: token },
        validateStatus: () => true,
      });
      expect((await api.get('/api/version')).data).toBe('2.0');
      const bad = await api.post('/api/types/ProtectionDomain/instances', '{nope', {
        headers: { 'Content-Type': 'application/json' },
        transformRequest: (d: string) => d,
      });
      expect(bad.status).toBe(400);
      expect(bad.data).toEqual({ message: 'body: must be a JSON object', httpStatusCode: 400, errorCode: 0 });
      expect((await api.get('/api/types/Nonsense/instances')).status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});
