// OS packages apt-get and yum can install (the prerequisites of ScaleIO, REX-Ray and the kernel
// the old framework put on Ubuntu 14.04), with the versions the distributions shipped.
import { type NodeState, type PackageFormat } from '../../nodes';

const DEB: Record<string, string> = {
  libaio1: '0.3.109-4',
  zip: '3.0-8',
  unzip: '6.0-9ubuntu1.5',
  numactl: '2.0.9~rc5-1ubuntu3',
  curl: '7.35.0-1ubuntu2.10',
  wget: '1.15-1ubuntu1.14.04.2',
  binutils: '2.24-5ubuntu14.2',
  'openjdk-8-jre-headless': '8u131-b11-2ubuntu1.16.04.3',
  'linux-image-4.4.0-38-generic': '4.4.0-38.57~14.04.1',
};

const RPM: Record<string, string> = {
  libaio: '0.3.109-13.el7',
  zip: '3.0-11.el7',
  unzip: '6.0-16.el7',
  numactl: '2.0.9-6.el7_2',
  curl: '7.29.0-35.el7',
  wget: '1.14-13.el7',
  binutils: '2.25.1-22.base.el7',
  'java-1.8.0-openjdk': '1.8.0.131-11.b12.el7',
  'redhat-lsb-core': '4.1-27.el7',
};

export function osPackageVersion(format: PackageFormat, name: string): string | undefined {
  return (format === 'deb' ? DEB : RPM)[name];
}

/** Installing a kernel image: it runs after the next reboot. */
export function onOsPackageInstalled(node: NodeState, name: string): void {
  const m = /^linux-image-(.+)$/.exec(name);
  if (!m || m[1] === node.kernel) return;
  node.pendingKernel = m[1]!;
  node.rebootRequired = true;
  node.files['/var/run/reboot-required'] = { content: '*** System restart required ***\n', mode: '0644' };
}
