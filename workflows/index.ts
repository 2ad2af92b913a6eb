// Every workflow type the `scaleio` worker runs; one procedure per file.
export { validateClusterSpec } from './validate-cluster-spec';
export { clusterSupervisor } from './cluster-supervisor';
export { probeNode } from './probe-node';
export { onboardAgent } from './onboard-agent';
export { bootstrapCluster } from './bootstrap-cluster';
export { addDevice } from './add-device';
export { decommissionNode } from './decommission-node';
export { healthMonitor } from './health-monitor';
export { nodeMaintenance } from './node-maintenance';
export { rollingUpgrade } from './rolling-upgrade';
export { rebootCoordinator } from './reboot-coordinator';
