// Builds the initial state of one node from its spec, validating every field.
import { baseFiles, baseServices, osProfile } from './os-defaults';
import { type NodeBlockDevice, type NodeSpec, type NodeState } from './types';

export class NodeSpecError extends Error {
  constructor(hostname: string, field: string, problem: string) {
    super(`node ${hostname}: ${field}: ${problem}`);
    this.name = 'NodeSpecError';
  }
}

const GIB_KB = 1024 * 1024;

export function defaultBlockDevices(): NodeBlockDevice[] {
  const raw = (path: string): NodeBlockDevice => ({
    path,
    sizeKb: 100 * GIB_KB,
    fstype: null,
    mountpoint: null,
    system: false,
    inUseByScaleio: false,
  });
  return [{ ...raw('/dev/sda'), fstype: 'ext4', mountpoint: '/', system: true }, raw('/dev/sdb'), raw('/dev/sdc')];
}

function blockDevice(hostname: string, i: number, d: Partial<NodeBlockDevice>): NodeBlockDevice {
  const field = `blockDevices[${i}]`;
  if (typeof d.path !== 'string' || !/^\/dev\/[A-Za-z0-9/_-]+$/.test(d.path)) {
    throw new NodeSpecError(hostname, `${field}.path`, `must be a /dev/... path, got ${JSON.stringify(d.path)}`);
  }
  if (typeof d.sizeKb !== 'number' || !Number.isInteger(d.sizeKb) || d.sizeKb <= 0) {
    throw new NodeSpecError(hostname, `${field}.sizeKb`, `must be a positive integer, got ${String(d.sizeKb)}`);
  }
  const system = d.system ?? false;
  return {
    path: d.path,
    sizeKb: d.sizeKb,
    fstype: d.fstype ?? (system ? 'ext4' : null),
    mountpoint: d.mountpoint ?? (system ? '/' : null),
    system,
    inUseByScaleio: d.inUseByScaleio ?? false,
  };
}

export function createNodeState(spec: NodeSpec): NodeState {
  const hostname = spec.hostname;
  if (typeof hostname !== 'string' || !/^[A-Za-z0-9.-]+$/.test(hostname)) {
    throw new NodeSpecError(String(hostname), 'hostname', `must be a DNS name, got ${JSON.stringify(hostname)}`);
  }
  if (typeof spec.ip !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(spec.ip)) {
    throw new NodeSpecError(hostname, 'ip', `must be an IPv4 address, got ${JSON.stringify(spec.ip)}`);
  }
  const os = spec.os ?? { family: 'rhel', version: '7.3' };
  if (!['ubuntu', 'rhel', 'centos', 'coreos'].includes(os.family)) {
    throw new NodeSpecError(hostname, 'os.family', `must be ubuntu, rhel, centos or coreos, got ${os.family}`);
  }
  const devices = spec.blockDevices
    ? spec.blockDevices.map((d, i) => blockDevice(hostname, i, d))
    : defaultBlockDevices();
  const seen = new Set<string>();
  for (const d of devices) {
    if (seen.has(d.path)) throw new NodeSpecError(hostname, 'blockDevices', `duplicate path ${d.path}`);
    seen.add(d.path);
  }
  const files = baseFiles(os);
  for (const [p, content] of Object.entries(spec.files ?? {})) files[p] = { content, mode: '0644' };
  return {
    hostname,
    ip: spec.ip,
    os: { ...os },
    kernel: spec.kernel ?? osProfile(os).kernel,
    pendingKernel: null,
    blockDevices: devices,
    packages: {},
    services: baseServices(),
    files,
    kernelModules: [],
    sdc: { guid: null, mdmIps: [], sdcId: null },
    mdmRole: null,
    rebootRequired: false,
    rebooting: false,
    bootCount: 1,
    scliSession: null,
  };
}
