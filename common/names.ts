// Names every process agrees on: task queues, workflow ids, search attributes.
// Workflow ids are deterministic so a second start of the same procedure is rejected or reattached.

export const TASK_QUEUE_SCALEIO = 'scaleio';
export const TASK_QUEUE_MESOS_BRIDGE = 'mesos-bridge';

export const workflowIds = {
  validateSpec: (cluster: string) => `scaleio/${cluster}/validate-spec`,
  bootstrap: (cluster: string) => `scaleio/${cluster}/bootstrap`,
  supervisor: (cluster: string) => `scaleio/${cluster}/supervisor`,
  onboard: (cluster: string, hostname: string) => `scaleio/${cluster}/node/${hostname}/onboard`,
  probe: (cluster: string, hostname: string) => `scaleio/${cluster}/node/${hostname}/probe`,
  decommission: (cluster: string, hostname: string) => `scaleio/${cluster}/node/${hostname}/decommission`,
  device: (cluster: string, hostname: string, path: string) => `scaleio/${cluster}/device/${hostname}/${path}`,
  upgrade: (cluster: string, version: string) => `scaleio/${cluster}/upgrade/${version}`,
  health: (cluster: string) => `scaleio/${cluster}/health`,
  /** The cluster's reboot coordinator: one node reboots (or restarts its agent) at a time. */
  reboots: (cluster: string) => `scaleio/${cluster}/reboots`,
};

/** Custom search attributes (all Keyword); registered on the namespace before any workflow uses them. */
export const SEARCH_ATTRIBUTES = [
  'ScaleioCluster',
  'ScaleioNode',
  'ScaleioProcedure',
  'ScaleioPhase',
  'ScaleioAlerts',
] as const;
export type SearchAttributeName = (typeof SEARCH_ATTRIBUTES)[number];
