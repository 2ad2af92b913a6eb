import { type ShimWorld, startShimWorld } from '../../sim/control/testing/shim-world';

const V = '2.0-10000.2072';
const IPS = { mdm1: '10.0.1.1', mdm2: '10.0.1.2', tb: '10.0.1.3', data: '10.0.1.4' };

describe('scli and drv_cfg shims build a 3-node MDM cluster in the model', () => {
  let w: ShimWorld;
  beforeAll(async () => {
    w = await startShimWorld(
      Object.entries(IPS).map(([hostname, ip]) => ({ hostname, ip, os: { family: 'rhel' as const, version: '7.3' } }))
    );
    for (const h of Object.keys(IPS)) {
      await w.fetchInto(h, `EMC-ScaleIO-mdm-${V}.el7.x86_64.rpm`);
      await w.fetchInto(h, `EMC-ScaleIO-sdc-${V}.el7.x86_64.rpm`);
      expect((await w.run(h, 'yum -y install libaio')).code).toBe(0);
    }
  });
  afterAll(() => w.close());

  const scli = (args: string) => w.run('mdm1', `scli ${args}`);

  it('a data node SDC installed before the cluster exists stays unregistered, then connects', async () => {
    const r = await w.run('data', `rpm -ivh EMC-ScaleIO-sdc-${V}.el7.x86_64.rpm`, {
      MDM_IP: `${IPS.mdm1},${IPS.mdm2}`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Starting scini');
    const node = w.registry.get('data');
    expect(node.kernelModules).toContain('scini');
    expect(node.sdc.sdcId).toBeNull();
    const guid = await w.run('data', 'drv_cfg --query_guid');
    expect(guid).toEqual({ code: 0, stdout: `${node.sdc.guid}\n`, stderr: '' });
  });

  it('refuses scli where no MDM runs and before the cluster exists', async () => {
    expect((await w.run('mdm1', 'scli --query_cluster')).code).toBe(127); // scli ships with the MDM package
    for (const [h, role] of [
      ['mdm1', '1'],
      ['mdm2', '1'],
      ['tb', '0'],
    ] as const) {
      const r = await w.run(h, `rpm -ivh EMC-ScaleIO-mdm-${V}.el7.x86_64.rpm`, { MDM_ROLE_IS_MANAGER: role });
      expect(r.code).toBe(0);
    }
    expect(w.registry.get('tb').mdmRole).toBe('tb');
    expect((await w.run('tb', 'scli --query_cluster')).stderr).toContain('Failed to connect to MDM 127.0.0.1:6611');
    expect((await scli('--query_cluster')).stderr).toContain('MDM is not configured');
    expect((await scli('--bogus')).code).toBe(1);
    const noLicense = await scli(`--create_mdm_cluster --master_mdm_ip ${IPS.mdm1}`);
    expect(noLicense.stderr).toContain('--accept_license');
  });

  it('runs the old framework sequence and ends in ThreeNodes named scaleio', async () => {
    const create = await scli(
      `--create_mdm_cluster --master_mdm_ip ${IPS.mdm1} --master_mdm_management_ip ${IPS.mdm1} --master_mdm_name mdm1 --accept_license --approve_certificate`
    );
    expect(create.stdout).toContain('Successfully created the MDM Cluster');
    const addBeforeLogin = await scli(
      `--add_standby_mdm --new_mdm_ip ${IPS.mdm2} --mdm_role manager --new_mdm_name mdm2`
    );
    expect(addBeforeLogin.stderr).toContain('Please login first');
    expect((await scli('--login --username admin --password wrong')).stderr).toContain('Invalid username or password');
    expect((await scli('--login --username admin --password admin')).stdout).toContain('Logged in');
    expect((await scli('--rename_system --new_name x')).stderr).toContain('default password must be changed');
    expect((await scli('--set_password --old_password admin --new_password Scaleio123')).stdout).toContain(
      'Password changed successfully'
    );
    expect((await scli('--login --username admin --password Scaleio123')).code).toBe(0);
    const wrongRole = await scli(`--add_standby_mdm --new_mdm_ip ${IPS.tb} --mdm_role manager --new_mdm_name tb`);
    expect(wrongRole.stderr).toContain('Wrong MDM role');
    expect(
      (
        await scli(
          `--add_standby_mdm --new_mdm_ip ${IPS.mdm2} --mdm_role manager --new_mdm_management_ip ${IPS.mdm2} --new_mdm_name mdm2`
        )
      ).stdout
    ).toContain('Successfully added a standby MDM');
    expect((await scli(`--add_standby_mdm --new_mdm_ip ${IPS.tb} --mdm_role tb --new_mdm_name tb`)).stdout).toContain(
      'Successfully added a standby MDM'
    );
    const sw = await scli('--switch_cluster_mode --cluster_mode 3_node --add_slave_mdm_name mdm2 --add_tb_name tb');
    expect(sw.stdout).toContain('Successfully switched the cluster mode');
    expect((await scli(`--mdm_ip ${IPS.mdm1} --rename_system --new_name scaleio`)).stdout).toContain(
      'Successfully renamed system to scaleio'
    );
    const snap = w.cluster.snapshot();
    expect(snap.mdmCluster).toMatchObject({ clusterMode: 'ThreeNodes', clusterState: 'ClusteredNormal' });
    expect(snap.mdmCluster?.slaves.map((s) => s.name)).toEqual(['mdm2']);
    expect(snap.mdmCluster?.tieBreakers.map((s) => s.name)).toEqual(['tb']);
    expect(snap.system?.name).toBe('scaleio');
    const q = await scli('--query_cluster');
    expect(q.stdout).toContain('Mode: 3_node, State: Normal');
    expect((await scli('--query_all')).stdout).toMatch(/Installation ID: [0-9a-f]{16}/);
  });

  it('the waiting SDC connects once the MDMs exist; an SDC installed now registers at once', async () => {
    const data = w.registry.get('data');
    expect(data.sdc.sdcId).not.toBeNull();
    const r = await w.run('mdm2', `rpm -ivh EMC-ScaleIO-sdc-${V}.el7.x86_64.rpm`, {
      MDM_IP: `${IPS.mdm1},${IPS.mdm2}`,
    });
    expect(r.code).toBe(0);
    const sdcs = w.cluster.snapshot().sdcs;
    expect(sdcs.map((s) => s.sdcIp).sort()).toEqual([IPS.mdm2, IPS.data]);
    expect((await w.run('data', 'drv_cfg --query_mdms')).stdout).toContain(`IPs [0]-${IPS.mdm1} [1]-${IPS.mdm2}`);
    expect((await w.run('data', 'drv_cfg --add_mdm')).code).toBe(1);
    expect((await w.run('data', 'drv_cfg --add_mdm --ip 300.1.1.1')).stderr).toContain(
      "invalid IP address '300.1.1.1'"
    );
  });

  it('adds a protection domain, pool and SDS with a device through scli', async () => {
    await w.fetchInto('data', `EMC-ScaleIO-sds-${V}.el7.x86_64.rpm`);
    expect((await w.run('data', `rpm -ivh EMC-ScaleIO-sds-${V}.el7.x86_64.rpm`)).code).toBe(0);
    expect((await scli('--add_protection_domain --protection_domain_name pd1')).stdout).toContain(
      'Successfully created protection domain pd1'
    );
    expect((await scli('--add_storage_pool --protection_domain_name pd1 --storage_pool_name sp1')).stdout).toContain(
      'Successfully created a storage pool'
    );
    const sds = await scli(
      `--add_sds --sds_ip ${IPS.data} --protection_domain_name pd1 --storage_pool_name sp1 --device_path /dev/sdb --sds_name sds_${IPS.data}`
    );
    expect(sds.stdout).toContain(`Successfully created SDS sds_${IPS.data}`);
    expect(w.cluster.snapshot().devices.map((d) => d.deviceCurrentPathName)).toEqual(['/dev/sdb']);
    expect(w.registry.get('data').blockDevices.find((d) => d.path === '/dev/sdb')?.inUseByScaleio).toBe(true);
    // The system disk was never declared to the MDM: the SDS cannot open it.
    const sys = await scli(`--add_sds --sds_ip 10.0.1.9 --protection_domain_name pd1`);
    expect(sys.code).toBe(1);
  });
});
