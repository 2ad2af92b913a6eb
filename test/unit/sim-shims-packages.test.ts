import { type ShimWorld, startShimWorld } from '../../sim/control/testing/shim-world';

const V1 = '2.0-10000.2072';
const V2 = '2.0-12000.122';

describe('package shims (dpkg, apt-get, rpm, yum) against the control API', () => {
  let w: ShimWorld;
  beforeAll(async () => {
    w = await startShimWorld([
      { hostname: 'ub14', ip: '10.0.0.21', os: { family: 'ubuntu', version: '14.04' } },
      { hostname: 'el7a', ip: '10.0.0.31', os: { family: 'centos', version: '7.3' } },
    ]);
  });
  afterAll(() => w.close());

  it('installs a deb fetched from the repository once; a repeat is visible as a reinstall, not a new install', async () => {
    const sds = await w.fetchInto('ub14', `EMC-ScaleIO-sds-${V1}.Ubuntu.14.04.x86_64.deb`);
    const noDeps = await w.run('ub14', `dpkg -i ${sds}`);
    expect(noDeps.code).toBe(1);
    expect(noDeps.stderr).toContain('emc-scaleio-sds depends on libaio1');

    expect((await w.run('ub14', 'apt-get install -y libaio1 zip')).code).toBe(0);
    const first = await w.run('ub14', `dpkg -i ${sds}`);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`Setting up emc-scaleio-sds (${V1}) ...`);
    expect(first.stdout).toContain('sds start/running'); // upstart on 14.04
    expect(w.cluster.snapshot().nodeDaemons['10.0.0.21']).toEqual([{ kind: 'sds', version: 'R2_0.10000.2072' }]);

    const q = await w.run('ub14', "dpkg-query -W -f='${Version}' emc-scaleio-sds");
    expect(q).toEqual({ code: 0, stdout: V1, stderr: '' });
    const again = await w.run('ub14', `dpkg -i ${sds}`);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Unpacking emc-scaleio-sds (${V1}) over (${V1})`);
    expect(w.registry.installLog.list({ hostname: 'ub14', package: 'emc-scaleio-sds' }).map((e) => e.action)).toEqual([
      'install',
      'reinstall',
    ]);
    // apt-get on a package already at its version changes nothing.
    const apt = await w.run('ub14', 'apt-get install -y libaio1');
    expect(apt.stdout).toContain('libaio1 is already the newest version');
    expect(w.registry.installLog.list({ hostname: 'ub14', package: 'libaio1' })).toHaveLength(1);
  });

  it('rejects a corrupt deb and a package that is absent, with dpkg exit codes and messages', async () => {
    const name = `EMC-ScaleIO-lia-${V1}.Ubuntu.14.04.x86_64.deb`;
    w.repo.faults.corrupt(name, 'checksum');
    await w.fetchInto('ub14', name);
    w.repo.faults.clear();
    const r = await w.run('ub14', `dpkg -i ${name}`, { TOKEN: 'Secret123' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('compressed data is corrupt');
    expect(w.registry.get('ub14').packages['emc-scaleio-lia']).toBeUndefined();
    const s = await w.run('ub14', 'dpkg -s emc-scaleio-lia');
    expect(s.code).toBe(1);
    expect(s.stderr).toContain("package 'emc-scaleio-lia' is not installed");
    expect((await w.run('ub14', 'dpkg -i nothing-here.deb')).stderr).toContain('cannot access archive');
    expect((await w.run('ub14', 'dpkg')).code).toBe(2);
    expect((await w.run('ub14', 'rpm -q foo')).code).toBe(127); // no rpm on Ubuntu
  });

  it('runs the gateway pre-install check without ever printing the password', async () => {
    const gw = await w.fetchInto('ub14', `emc-scaleio-gateway_${V1}_amd64.deb`);
    const refused = await w.run('ub14', `dpkg -i ${gw}`);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('GATEWAY_ADMIN_PASSWORD must be set');
    const done = await w.run('ub14', `dpkg -i ${gw}`, { GATEWAY_ADMIN_PASSWORD: 'Sup3rSecret!' });
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('The EMC ScaleIO Gateway is running');
    expect(`${done.stdout}${done.stderr}`).not.toContain('Sup3rSecret!');
    expect(JSON.stringify(w.registry.snapshot())).not.toContain('Sup3rSecret!');
    expect(w.hooks).toContain('gatewayRestarted:ub14'); // the integrator's gateway learns it is (re)started
  });

  it('rpm: -Uvh installs and upgrades, a same version is refused as rpm does, yum makes it a no-op', async () => {
    const v1 = await w.fetchInto('el7a', `EMC-ScaleIO-sds-${V1}.el7.x86_64.rpm`);
    const v2 = await w.fetchInto('el7a', `EMC-ScaleIO-sds-${V2}.el7.x86_64.rpm`);
    expect((await w.run('el7a', 'yum install -y libaio')).stdout).toContain('Complete!');
    const i = await w.run('el7a', `rpm -Uvh ${v1}`);
    expect(i.code).toBe(0);
    expect(i.stdout).toContain('Created symlink from /etc/systemd/system/multi-user.target.wants/sds.service');
    const same = await w.run('el7a', `rpm -Uvh ${v1}`);
    expect(same).toMatchObject({ code: 1 });
    expect(same.stderr).toContain(`package EMC-ScaleIO-sds-${V1}.el7.x86_64 is already installed`);
    expect((await w.run('el7a', `yum install -y ./${v1}`)).stdout).toContain('Nothing to do');
    expect((await w.run('el7a', `rpm -Uvh ${v2}`)).code).toBe(0);
    expect((await w.run('el7a', 'rpm -q EMC-ScaleIO-sds')).stdout).toBe(`EMC-ScaleIO-sds-${V2}.el7.x86_64\n`);
    expect((await w.run('el7a', "rpm -q --qf '%{VERSION}-%{RELEASE}' EMC-ScaleIO-sds")).stdout).toBe(
      '2.0-12000.122.el7'
    );
    const down = await w.run('el7a', `rpm -Uvh ${v1}`);
    expect(down.stderr).toContain('(which is newer than');
    expect(w.cluster.snapshot().nodeDaemons['10.0.0.31']).toEqual([{ kind: 'sds', version: 'R2_0.12000.122' }]);
    expect(w.registry.installLog.list({ hostname: 'el7a', package: 'EMC-ScaleIO-sds' }).map((e) => e.action)).toEqual([
      'install',
      'upgrade',
    ]);
    const absent = await w.run('el7a', 'rpm -q EMC-ScaleIO-mdm');
    expect(absent).toEqual({ code: 1, stdout: 'package EMC-ScaleIO-mdm is not installed\n', stderr: '' });
  });

  it('rpm refuses a bad-magic file and an MDM install without MDM_ROLE_IS_MANAGER', async () => {
    const name = `EMC-ScaleIO-mdm-${V1}.el7.x86_64.rpm`;
    w.repo.faults.corrupt(name, 'bad-magic');
    await w.fetchInto('el7a', name);
    w.repo.faults.clear();
    const bad = await w.run('el7a', `rpm -ivh ${name}`, { MDM_ROLE_IS_MANAGER: '1' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not an rpm package');
    await w.fetchInto('el7a', name);
    const noRole = await w.run('el7a', `rpm -ivh ${name}`);
    expect(noRole.code).toBe(1);
    expect(noRole.stderr).toContain('%pre(EMC-ScaleIO-mdm');
    expect((await w.run('el7a', 'rpm -ivh --bogus x.rpm')).code).toBe(1);
    expect((await w.run('el7a', 'yum install -y no-such-package')).stdout).toContain(
      'No package no-such-package available.'
    );
  });
});
