// The `hostname` shim and the probe's `addresses` section: `hostname -I` prints the node's address the way
// net-tools does, and the parser turns the section into NodeFacts.ips (IPv4 only, loopback 127.0.0.1 left out).
import { buildProbeStep, parseNodeFacts } from '../../activities/install';
import { type ShimWorld, startShimWorld } from '../../sim/control/testing/shim-world';

describe('hostname shim', () => {
  let w: ShimWorld;
  beforeAll(async () => {
    w = await startShimWorld([
      { hostname: 'el7.dc1.example.com', ip: '10.0.3.2', os: { family: 'rhel', version: '7.3' } },
      { hostname: 'ub16', ip: '10.0.3.1', os: { family: 'ubuntu', version: '16.04' } },
      { hostname: 'ub14', ip: '10.0.3.3', os: { family: 'ubuntu', version: '14.04' } },
    ]);
  });
  afterAll(() => w.close());

  it('prints the node name, long or short', async () => {
    expect(await w.run('ub16', 'hostname')).toEqual({ code: 0, stdout: 'ub16\n', stderr: '' });
    expect((await w.run('el7.dc1.example.com', 'hostname')).stdout).toBe('el7.dc1.example.com\n');
    expect((await w.run('el7.dc1.example.com', 'hostname -f')).stdout).toBe('el7.dc1.example.com\n');
    expect((await w.run('el7.dc1.example.com', 'hostname -s')).stdout).toBe('el7\n');
    expect((await w.run('el7.dc1.example.com', 'hostname --short')).stdout).toBe('el7\n');
  });

  it('-I prints the node address as net-tools does (space-separated, trailing space), on every OS', async () => {
    expect(await w.run('ub16', 'hostname -I')).toEqual({ code: 0, stdout: '10.0.3.1 \n', stderr: '' });
    expect((await w.run('el7.dc1.example.com', 'hostname -I')).stdout).toBe('10.0.3.2 \n');
    expect((await w.run('ub14', 'hostname --all-ip-addresses')).stdout).toBe('10.0.3.3 \n');
  });

  it('refuses to set the hostname and names a bad option', async () => {
    const set = await w.run('ub16', 'hostname other');
    expect(set.code).toBe(1);
    expect(set.stderr).toContain('you must be root to change the host name');
    expect((await w.run('ub16', 'hostname -I extra')).code).toBe(1);
    const bad = await w.run('ub16', 'hostname -x');
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toContain("invalid option -- 'x'");
    // Nothing changed.
    expect(w.registry.get('ub16').hostname).toBe('ub16');
  });

  it('the probe, run through the shims, reports the node address in NodeFacts.ips', async () => {
    const probe = buildProbeStep();
    for (const [host, ip] of [
      ['ub16', '10.0.3.1'],
      ['el7.dc1.example.com', '10.0.3.2'],
      ['ub14', '10.0.3.3'],
    ] as const) {
      const r = await w.run(host, probe.command);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`=== addresses\n${ip} \n`);
      expect(parseNodeFacts(r.stdout).ips).toEqual([ip]);
    }
  });
});

describe('parseNodeFacts: the addresses section', () => {
  const output = (addresses: string | undefined) =>
    [
      '=== uname',
      '4.4.0-21-generic x86_64',
      '=== lsblk',
      'NAME="sda" SIZE="1000" TYPE="disk" FSTYPE="ext4" MOUNTPOINT="/"',
      ...(addresses === undefined ? [] : ['=== addresses', addresses]),
      '=== packages',
      '=== end',
      'STEP-RESULT {"changed":false,"status":"probed"}',
      '',
    ].join('\n');

  it('keeps IPv4 addresses in the order printed, the first being the one ScaleIO uses', () => {
    expect(parseNodeFacts(output('10.0.0.5 192.168.7.1 ')).ips).toEqual(['10.0.0.5', '192.168.7.1']);
  });

  it('drops 127.0.0.1 and every token that is not an IPv4 address', () => {
    const line = '127.0.0.1 10.0.0.5 fe80::1 2001:db8::5 172.17.0.1/16 host.local 10.0.0 10.0.0.6';
    expect(parseNodeFacts(output(line)).ips).toEqual(['10.0.0.5', '10.0.0.6']);
  });

  it('keeps other loopback-range addresses: the simulator gives nodes 127.0.x.y identities', () => {
    expect(parseNodeFacts(output('127.0.1.3 ')).ips).toEqual(['127.0.1.3']);
  });

  it('reads addresses spread over several lines and tabs', () => {
    expect(parseNodeFacts(output('10.0.0.5\t10.0.0.7\n  10.0.0.8')).ips).toEqual(['10.0.0.5', '10.0.0.7', '10.0.0.8']);
  });

  it('is an empty list when the section is empty or absent (an older probe, or hostname missing)', () => {
    expect(parseNodeFacts(output('')).ips).toEqual([]);
    expect(parseNodeFacts(output(undefined)).ips).toEqual([]);
    expect(parseNodeFacts(output('127.0.0.1 ::1')).ips).toEqual([]);
  });
});
