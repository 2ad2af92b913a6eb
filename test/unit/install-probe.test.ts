import { buildProbeStep, parseNodeFacts, parsePairs } from '../../activities/install';
import { InputError } from '../../common/errors';

const GIB = 1024 ** 3;

/** What the probe prints on a real-looking RHEL 7 node with LVM, a swap disk, a ScaleIO volume and spare disks. */
const RHEL_OUTPUT = `=== uname
3.10.0-514.el7.x86_64 x86_64
=== os-release
NAME="Red Hat Enterprise Linux Server"
VERSION="7.3 (Maipo)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="7.3"
PRETTY_NAME="Red Hat Enterprise Linux Server 7.3 (Maipo)"
=== redhat-release
Red Hat Enterprise Linux Server release 7.3 (Maipo)
=== lsb-release
=== lsblk
NAME="sda" SIZE="${100 * GIB}" TYPE="disk" FSTYPE="" MOUNTPOINT=""
NAME="sda1" SIZE="${GIB}" TYPE="part" FSTYPE="xfs" MOUNTPOINT="/boot"
NAME="sda2" SIZE="${99 * GIB}" TYPE="part" FSTYPE="LVM2_member" MOUNTPOINT=""
NAME="rhel-root" SIZE="${90 * GIB}" TYPE="lvm" FSTYPE="xfs" MOUNTPOINT="/"
NAME="rhel-swap" SIZE="${8 * GIB}" TYPE="lvm" FSTYPE="swap" MOUNTPOINT="[SWAP]"
NAME="sdb" SIZE="${500 * GIB}" TYPE="disk" FSTYPE="" MOUNTPOINT=""
NAME="sdc" SIZE="${500 * GIB}" TYPE="disk" FSTYPE="" MOUNTPOINT=""
NAME="sdd" SIZE="${200 * GIB}" TYPE="disk" FSTYPE="ext4" MOUNTPOINT="/var/lib/docker"
NAME="sde" SIZE="${200 * GIB}" TYPE="disk" FSTYPE="LVM2_member" MOUNTPOINT=""
NAME="sdf" SIZE="${300 * GIB}" TYPE="disk" FSTYPE="" MOUNTPOINT=""
NAME="sdf1" SIZE="${300 * GIB}" TYPE="part" FSTYPE="" MOUNTPOINT=""
NAME="sdg" SIZE="${8 * GIB}" TYPE="disk" FSTYPE="" MOUNTPOINT=""
NAME="scinia" SIZE="${16 * GIB}" TYPE="disk" FSTYPE="ext4" MOUNTPOINT="/var/lib/rexray/volumes/v1/data"
NAME="scinib" SIZE="${16 * GIB}" TYPE="disk" FSTYPE="" MOUNTPOINT=""
NAME="sr0" SIZE="1073741312" TYPE="rom" FSTYPE="iso9660" MOUNTPOINT=""
NAME="loop0" SIZE="${GIB}" TYPE="loop" FSTYPE="" MOUNTPOINT=""
=== sdc-guid
1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809
=== packages
EMC-ScaleIO-sds install ok installed 2.0-10000.2072.el7
EMC-ScaleIO-sdc install ok installed 2.0-10000.2072.el7
EMC-ScaleIO-gateway install ok installed 2.0-10000.2072
rexray install ok installed 0.8.2-1
=== end
STEP-RESULT {"changed":false,"status":"probed"}
`;

const UBUNTU14_OUTPUT = `=== uname
4.4.0-38-generic x86_64
=== os-release
=== redhat-release
=== lsb-release
DISTRIB_ID=Ubuntu
DISTRIB_RELEASE=14.04
DISTRIB_CODENAME=trusty
DISTRIB_DESCRIPTION="Ubuntu 14.04.5 LTS"
=== lsblk
NAME="xvda" SIZE="8589934592" TYPE="disk" FSTYPE="" MOUNTPOINT=""
NAME="xvda1" SIZE="8588886016" TYPE="part" FSTYPE="ext4" MOUNTPOINT="/"
NAME="xvdf" SIZE="193273528320" TYPE="disk" FSTYPE="" MOUNTPOINT=""
=== sdc-guid
=== packages
emc-scaleio-sds install ok installed 2.0-10000.2072
emc-scaleio-sdc deinstall ok config-files 2.0-10000.2072
=== end
`;

describe('parseNodeFacts', () => {
  it('reads OS, kernel, GUID and package versions of a RHEL node', () => {
    const f = parseNodeFacts(RHEL_OUTPUT);
    expect(f.os).toEqual({
      family: 'rhel7',
      id: 'rhel',
      versionId: '7.3',
      prettyName: 'Red Hat Enterprise Linux Server 7.3 (Maipo)',
      supported: true,
    });
    expect([f.kernel, f.arch]).toEqual(['3.10.0-514.el7.x86_64', 'x86_64']);
    expect(f.sdcGuid).toBe('1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809');
    expect(f.scaleio).toEqual({ sds: '2.0-10000.2072', sdc: '2.0-10000.2072', gw: '2.0-10000.2072' });
    expect(f.rexray).toBe('0.8.2-1');
    expect(f.dvdcli).toBeNull();
  });

  it('offers only raw, unmounted, unpartitioned, non-system disks that ScaleIO does not use', () => {
    const f = parseNodeFacts(RHEL_OUTPUT, { scaleioDevices: ['/dev/sdc'] });
    expect(f.systemDisk).toBe('/dev/sda');
    // sdc: already an SDS device; sdd: filesystem; sde: LVM PV; sdf: partitioned; scini*: ScaleIO volumes;
    // sr0/loop0: not disks.
    expect(f.freeDevices).toEqual(['/dev/sdb', '/dev/sdg']);
    expect(parseNodeFacts(RHEL_OUTPUT, { minDeviceBytes: 90 * GIB }).freeDevices).toEqual(['/dev/sdb', '/dev/sdc']);
    const sda = f.disks.find((d) => d.path === '/dev/sda')!;
    expect(sda.partitions.map((p) => p.path)).toEqual([
      '/dev/sda1',
      '/dev/sda2',
      '/dev/mapper/rhel-root',
      '/dev/mapper/rhel-swap',
    ]);
  });

  it('falls back to lsb-release on Ubuntu 14.04 and ignores removed packages', () => {
    const f = parseNodeFacts(UBUNTU14_OUTPUT);
    expect(f.os.family).toBe('ubuntu14');
    expect(f.os.prettyName).toBe('Ubuntu 14.04.5 LTS');
    expect(f.freeDevices).toEqual(['/dev/xvdf']);
    expect(f.sdcGuid).toBeNull();
    expect(f.scaleio).toEqual({ sds: '2.0-10000.2072' });
  });

  it('recognises CentOS from redhat-release and marks CoreOS unsupported', () => {
    const centos = UBUNTU14_OUTPUT.replace(/=== lsb-release\n(.*\n){4}/, '=== lsb-release\n').replace(
      '=== redhat-release\n',
      '=== redhat-release\nCentOS Linux release 7.3.1611 (Core)\n'
    );
    expect(parseNodeFacts(centos).os).toMatchObject({ family: 'rhel7', id: 'centos', versionId: '7.3.1611' });
    const coreos = UBUNTU14_OUTPUT.replace(
      '=== os-release\n',
      '=== os-release\nNAME="Container Linux by CoreOS"\nID=coreos\nVERSION_ID=1298.7.0\n'
    );
    expect(parseNodeFacts(coreos).os).toMatchObject({ family: 'coreos', supported: false });
  });

  it('refuses output that was cut short, naming what is missing', () => {
    const cut = RHEL_OUTPUT.slice(0, RHEL_OUTPUT.indexOf('=== packages'));
    expect(() => parseNodeFacts(cut)).toThrow(InputError);
    expect(() => parseNodeFacts(cut)).toThrow(/stdout: is cut short: no packages, end section/);
  });

  it('parsePairs keeps values with spaces', () => {
    expect(parsePairs('NAME="sdb" MOUNTPOINT="/mnt/my disk" FSTYPE=""')).toEqual({
      NAME: 'sdb',
      MOUNTPOINT: '/mnt/my disk',
      FSTYPE: '',
    });
  });
});

describe('buildProbeStep', () => {
  it('is one read-only command that works on any OS', () => {
    const s = buildProbeStep();
    expect(s.name).toBe('probe-node');
    expect(s.os).toBeUndefined();
    expect(s.command).toContain('lsblk -b -P -o NAME,SIZE,TYPE,FSTYPE,MOUNTPOINT');
    expect(s.command).not.toContain('lsblk -J');
    expect(s.command).toContain('drv_cfg --query_guid');
    expect(s.command).toContain('cat /etc/os-release');
    expect(s.command).toMatch(/dpkg-query -W .* emc-scaleio-sds/);
    expect(s.command).toMatch(/rpm -q --qf .* EMC-ScaleIO-sds/);
    expect(s.command).not.toMatch(/\b(install -D|dpkg -i|rpm -U|yum|apt-get)\b/);
  });
});
