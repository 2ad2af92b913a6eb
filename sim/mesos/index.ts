// Public surface of the simulated Mesos cluster (simulator only; production never imports sim/).
export { SimMesosCluster, startMesosMaster } from './cluster';
export type { AgentSpec, BlockDevice, Credential, MesosSimOptions, OsFamily, TaskEnvContext } from './options';
export { SimOptionError } from './options';
export type { SimAgent, AgentStatus, AgentTask } from './agent/agent';
export type { TaskLogEntry } from './task-log';
export type { PortRange, ResourceBag } from './resources';
