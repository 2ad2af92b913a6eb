// Plain-data state of one simulated node (a Mesos agent host), as the shims see and change it.
// Plain data only, so that snapshot() can hand it out as JSON.

export type NodeOsFamily = 'ubuntu' | 'rhel' | 'centos' | 'coreos';
export type PackageFormat = 'deb' | 'rpm';

export interface NodeOs {
  family: NodeOsFamily;
  /** e.g. 14.04, 16.04, 7.3 */
  version: string;
}

export interface NodeBlockDevice {
  /** e.g. /dev/sdb */
  path: string;
  sizeKb: number;
  /** Filesystem type on the disk (or, for the system disk, on its first partition); null when raw. */
  fstype: string | null;
  mountpoint: string | null;
  /** The OS disk: shown with a partition mounted at /. */
  system: boolean;
  /** Claimed by an SDS as a ScaleIO device. */
  inUseByScaleio: boolean;
}

export interface InstalledPackage {
  name: string;
  version: string;
  format: PackageFormat;
  /** ScaleIO role (mdm, sds, sdc, lia, gw), rexray, dvdcli, or 'os' for OS prerequisites. */
  role: string;
  installedAtMs: number;
}

export interface ServiceState {
  enabled: boolean;
  active: boolean;
  /** Fake PID while active. */
  pid: number | null;
}

export interface NodeFile {
  content: string;
  /** Octal string, e.g. 0644. */
  mode: string;
}

export type InstallAction = 'install' | 'upgrade' | 'downgrade' | 'reinstall' | 'remove';

export interface InstallLogEntry {
  seq: number;
  atMs: number;
  hostname: string;
  action: InstallAction;
  package: string;
  version: string;
  /** Version replaced by an upgrade/downgrade/remove. */
  previousVersion: string | null;
  format: PackageFormat;
  /** The command that did it (dpkg, rpm, apt-get, yum). */
  tool: string;
}

export interface SdcNodeState {
  guid: string | null;
  /** MDM IPs the SDC driver is configured with (MDM_IP at install, drv_cfg --add_mdm). */
  mdmIps: string[];
  /** Id of the SDC in the cluster once it connected; null while unregistered. */
  sdcId: string | null;
}

/** An scli login on this node. The password is never stored: only a fingerprint to notice changes. */
export interface ScliSession {
  user: string;
  credentialFingerprint: string;
}

export interface NodeState {
  hostname: string;
  ip: string;
  os: NodeOs;
  /** Running kernel (uname -r). */
  kernel: string;
  /** Kernel installed but not booted yet. */
  pendingKernel: string | null;
  blockDevices: NodeBlockDevice[];
  packages: Record<string, InstalledPackage>;
  services: Record<string, ServiceState>;
  files: Record<string, NodeFile>;
  kernelModules: string[];
  sdc: SdcNodeState;
  /** Set by the MDM package install from MDM_ROLE_IS_MANAGER. */
  mdmRole: 'manager' | 'tb' | null;
  rebootRequired: boolean;
  rebooting: boolean;
  bootCount: number;
  scliSession: ScliSession | null;
}

export interface NodeSpec {
  hostname: string;
  ip: string;
  os?: NodeOs;
  kernel?: string;
  /** Block devices; default: a 100 GiB system disk /dev/sda and two raw 100 GiB disks /dev/sdb, /dev/sdc. */
  blockDevices?: Partial<NodeBlockDevice>[];
  /** Extra files present at start (path -> content). */
  files?: Record<string, string>;
}
