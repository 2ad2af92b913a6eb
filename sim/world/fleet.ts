// The default simulated fleet: N agents with a mix of the operating systems the old framework supported,
// three racks, a system disk with a filesystem and two free data disks each. Node IPs are identities in the
// simulated world, taken from the loopback range so nothing can ever reach outside this machine.
import type { AgentSpec, BlockDevice } from '../mesos';

const GB = 1024 ** 3;
const OS_MIX: NonNullable<AgentSpec['os']>[] = [
  { family: 'centos', version: '7' },
  { family: 'ubuntu', version: '16.04' },
  { family: 'rhel', version: '7' },
  { family: 'ubuntu', version: '14.04' },
];

export function defaultDevices(): BlockDevice[] {
  return [
    // The system disk: a filesystem, never offered to ScaleIO.
    { path: '/dev/sda', sizeBytes: 64 * GB, inUse: false, hasFilesystem: true },
    { path: '/dev/sdb', sizeBytes: 200 * GB, inUse: false, hasFilesystem: false },
    { path: '/dev/sdc', sizeBytes: 200 * GB, inUse: false, hasFilesystem: false },
  ];
}

/** Agent `index` (1-based) of the default fleet. */
export function defaultAgent(index: number): AgentSpec {
  return {
    hostname: `node-${index}`,
    ip: `127.0.${1 + Math.floor(index / 250)}.${(index % 250) + 1}`,
    os: OS_MIX[(index - 1) % OS_MIX.length],
    cpus: 4,
    memMb: 8192,
    diskMb: 65536,
    rack: `r${((index - 1) % 3) + 1}`,
    blockDevices: defaultDevices(),
  };
}

export function defaultFleet(count: number, first = 1): AgentSpec[] {
  return Array.from({ length: count }, (_, i) => defaultAgent(first + i));
}
