// What a freshly provisioned node of each OS looks like: kernel, release files, base services.
import { type NodeFile, type NodeOs, type PackageFormat, type ServiceState } from './types';

interface OsProfile {
  kernel: string;
  format: PackageFormat | null;
  codename: string;
  description: string;
  /** Ubuntu 14.04 boots with upstart, everything else here with systemd. */
  init: 'upstart' | 'systemd';
  files: Record<string, string>;
}

function ubuntu(version: string, codename: string, point: string, kernel: string): OsProfile {
  const description = `Ubuntu ${point} LTS`;
  return {
    kernel,
    format: 'deb',
    codename,
    description,
    init: version === '14.04' ? 'upstart' : 'systemd',
    files: {
      '/etc/lsb-release': `DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=${version}\nDISTRIB_CODENAME=${codename}\nDISTRIB_DESCRIPTION="${description}"\n`,
      '/etc/os-release': `NAME="Ubuntu"\nVERSION="${point} LTS"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="${description}"\nVERSION_ID="${version}"\n`,
    },
  };
}

function el7(name: 'rhel' | 'centos', version: string): OsProfile {
  const pretty =
    name === 'rhel'
      ? `Red Hat Enterprise Linux Server release ${version} (Maipo)`
      : `CentOS Linux release ${version} (Core)`;
  return {
    kernel: '3.10.0-514.el7.x86_64',
    format: 'rpm',
    codename: name === 'rhel' ? 'Maipo' : 'Core',
    description: pretty,
    init: 'systemd',
    files: {
      '/etc/redhat-release': `${pretty}\n`,
      '/etc/os-release': `NAME="${name === 'rhel' ? 'Red Hat Enterprise Linux Server' : 'CentOS Linux'}"\nVERSION="7"\nID="${name}"\nID_LIKE="rhel fedora"\nVERSION_ID="${version}"\n`,
    },
  };
}

export function osProfile(os: NodeOs): OsProfile {
  switch (os.family) {
    case 'ubuntu':
      if (os.version.startsWith('14.04')) return ubuntu('14.04', 'trusty', '14.04.5', '3.13.0-24-generic');
      return ubuntu(os.version, 'xenial', '16.04.2', '4.4.0-21-generic');
    case 'rhel':
    case 'centos':
      return el7(os.family, os.version);
    case 'coreos':
      return {
        kernel: '4.9.9-coreos-r1',
        format: null,
        codename: 'Ladybug',
        description: `Container Linux by CoreOS ${os.version}`,
        init: 'systemd',
        files: { '/etc/os-release': `NAME="Container Linux by CoreOS"\nID=coreos\nVERSION_ID=${os.version}\n` },
      };
  }
}

export function baseFiles(os: NodeOs): Record<string, NodeFile> {
  const out: Record<string, NodeFile> = {};
  for (const [p, content] of Object.entries(osProfile(os).files)) out[p] = { content, mode: '0644' };
  // Mesosphere-style agent flag files that the isolator step edits.
  out['/etc/mesos-slave/isolation'] = { content: 'cgroups/cpu,cgroups/mem\n', mode: '0644' };
  return out;
}

/** Services every node runs before we touch it. */
export function baseServices(): Record<string, ServiceState> {
  return {
    'mesos-slave': { enabled: true, active: true, pid: 1001 },
    docker: { enabled: true, active: true, pid: 1002 },
  };
}
