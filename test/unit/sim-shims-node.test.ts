import { type ShimWorld, startShimWorld } from '../../sim/control/testing/shim-world';

describe('node shims: lsblk, systemctl/service, node files, rexray, reboot, state API', () => {
  let w: ShimWorld;
  beforeAll(async () => {
    w = await startShimWorld([
      { hostname: 'ub16', ip: '10.0.2.1', os: { family: 'ubuntu', version: '16.04' } },
      { hostname: 'ub14', ip: '10.0.2.2', os: { family: 'ubuntu', version: '14.04' } },
      { hostname: 'el7', ip: '10.0.2.3', os: { family: 'rhel', version: '7.3' } },
    ]);
  });
  afterAll(() => w.close());

  it('lsblk -J -b prints real-shaped JSON where util-linux has it, -P everywhere', async () => {
    const r = await w.run('ub16', 'lsblk -J -b -o NAME,SIZE,TYPE,FSTYPE,MOUNTPOINT');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { blockdevices: Record<string, unknown>[] };
    expect(out.blockdevices).toHaveLength(3);
    expect(out.blockdevices[0]).toMatchObject({
      name: 'sda',
      type: 'disk',
      children: [{ name: 'sda1', fstype: 'ext4', mountpoint: '/' }],
    });
    expect(out.blockdevices[1]).toEqual({
      name: 'sdb',
      size: String(100 * 1024 ** 3),
      type: 'disk',
      fstype: null,
      mountpoint: null,
    });
    const old = await w.run('el7', 'lsblk -J -b');
    expect(old).toMatchObject({ code: 1 });
    expect(old.stderr).toContain("invalid option -- 'J'");
    expect((await w.run('el7', 'lsblk -b -P -d -o NAME,SIZE,TYPE')).stdout).toContain(
      `NAME="sdc" SIZE="${100 * 1024 ** 3}" TYPE="disk"`
    );
    expect((await w.run('ub16', 'lsblk -o NAME,BOGUS')).stderr).toContain('unknown column: BOGUS');
  });

  it('systemctl exit codes follow systemd; Ubuntu 14.04 has only service', async () => {
    expect((await w.run('el7', 'systemctl status docker')).code).toBe(0);
    expect((await w.run('el7', 'systemctl status nosuch')).code).toBe(4);
    expect((await w.run('el7', 'systemctl stop docker')).code).toBe(0);
    expect(await w.run('el7', 'systemctl is-active docker')).toEqual({ code: 3, stdout: 'inactive\n', stderr: '' });
    expect((await w.run('el7', 'systemctl start nosuch')).code).toBe(5);
    expect((await w.run('el7', 'systemctl frobnicate docker')).code).toBe(1);
    expect((await w.run('ub14', 'systemctl status docker')).code).toBe(127);
    expect((await w.run('ub14', 'service docker status')).stdout).toMatch(/^docker start\/running, process \d+/);
    expect((await w.run('ub14', 'service nosuch start')).stderr).toContain('nosuch: unrecognized service');
  });

  it('procedures write node files through install/sim-write-file and read them back with cat', async () => {
    const heredoc =
      "install -D -m 0600 /dev/stdin /etc/rexray/config.yml <<'EOF'\nlibstorage:\n  service: scaleio\nscaleio:\n  endpoint: https://10.0.2.9/api\nEOF";
    expect((await w.run('el7', heredoc)).code).toBe(0);
    expect(w.registry.get('el7').files['/etc/rexray/config.yml']?.mode).toBe('0600');
    expect(
      (await w.run('el7', "printf 'file:///usr/lib/dvdi-mod.json' | sim-write-file /etc/mesos-slave/modules 0644")).code
    ).toBe(0);
    expect((await w.run('el7', 'cat /etc/mesos-slave/modules')).stdout).toBe('file:///usr/lib/dvdi-mod.json');
    expect((await w.run('el7', 'cat /etc/nothing')).code).toBe(1);
    expect((await w.run('el7', 'sim-write-file relative/path < /dev/null')).stderr).toContain('path must be absolute');
    // Files in the sandbox are the machine's own: cat passes through to the real command.
    expect((await w.run('el7', 'echo hi > local.txt && cat local.txt')).stdout).toBe('hi\n');
  });

  it('mesos-slave refuses a modules file that names a missing isolator; restarts the agent once fixed', async () => {
    const bad = await w.run('el7', 'systemctl restart mesos-slave');
    expect(bad.code).toBe(1);
    expect(w.hooks.some((h) => h.startsWith('agentDown:el7:Error loading modules: Error reading modules file'))).toBe(
      true
    );
    const so = await w.fetchInto('el7', 'libmesos_dvdi_isolator-1.0.1.so');
    const json = JSON.stringify({
      libraries: [
        {
          file: '/usr/lib/libmesos_dvdi_isolator-1.0.1.so',
          modules: [{ name: 'com_emccode_mesos_DockerVolumeDriverIsolator' }],
        },
      ],
    });
    await w.run(
      'el7',
      `install -m 0755 ${so} /usr/lib/${so} && printf '%s' '${json}' | sim-write-file /usr/lib/dvdi-mod.json`
    );
    await w.run(
      'el7',
      "printf 'com_emccode_mesos_DockerVolumeDriverIsolator,cgroups/cpu,cgroups/mem\\n' | sim-write-file /etc/mesos-slave/isolation"
    );
    expect((await w.run('el7', 'systemctl restart mesos-slave')).code).toBe(0);
    expect(w.hooks).toContain('restartAgent:el7');
  });

  it('rexray needs scini first; reboot calls the hook and the node runs nothing until it is back', async () => {
    await w.fetchInto('el7', 'rexray-0.6.3.x86_64.rpm');
    expect((await w.run('el7', 'rexray version')).code).toBe(127);
    expect((await w.run('el7', 'rpm -ivh rexray-0.6.3.x86_64.rpm')).stdout).toContain('rexray has been installed');
    expect((await w.run('el7', 'rexray version')).stdout).toContain('SemVer: 0.6.3');
    const start = await w.run('el7', 'rexray service start');
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('/dev/scini');
    expect((await w.run('el7', 'reboot --bogus')).code).toBe(1);
    expect((await w.run('el7', 'reboot')).code).toBe(0);
    expect(w.hooks).toContain('reboot:el7');
    expect(w.registry.get('el7').rebooting).toBe(true);
    expect((await w.run('el7', 'uname -r')).code).toBe(127);
  });

  it('GET /sim/state returns nodes, the cluster, the install log and the integrator extras', async () => {
    const r = await fetch(`${w.control.url}/sim/state`);
    const s = (await r.json()) as Record<string, unknown>;
    expect(Object.keys(s).sort()).toEqual(['installLog', 'mesos', 'nodes', 'scaleio']);
    expect(Object.keys(s.nodes as object).sort()).toEqual(['el7', 'ub14', 'ub16']);
    expect((await w.run('ub16', 'uname -r')).stdout).toBe('4.4.0-21-generic\n');
    expect((await w.run('ub14', 'lsb_release -rs')).stdout).toBe('14.04\n');
    const bad = await fetch(`${w.control.url}/sim/shim/uname`, {
      method: 'POST',
      body: JSON.stringify({ hostname: 'ub16', argv: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'argv: must be an array of strings' });
  });
});
