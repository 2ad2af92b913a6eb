// Simulated per-node state (packages, services, files, disks, SDC) keyed by hostname. Simulator only.
export { NodeRegistry, NodeNotFoundError, type NodeRegistryOptions } from './registry';
export { NodeSpecError, createNodeState, defaultBlockDevices } from './node';
export { InstallLog } from './install-log';
export { beginReboot, finishReboot } from './reboot';
export { osProfile } from './os-defaults';
export { nodeSpecFromAgent } from './from-agent';
export * from './types';
