// The contract of the activities the mesos-bridge hosts on task queue `mesos-bridge`. Workflows call them
// through proxyActivities with these types; the bridge implements them.
import type { AgentInfo } from './agents';

export interface RunOnAgentInput {
  /** The node, by hostname (its identity); the bridge finds its current agent id. */
  hostname: string;
  /** The step's name, unique within the calling workflow run: the Mesos task id derives from both. */
  taskName: string;
  /** One POSIX sh command line, its values already quoted by the step builder. */
  command: string;
  /** Fetched into the task sandbox by Mesos before the command runs. */
  uris?: { value: string; executable?: boolean }[];
  /** Plain environment values (never secrets). */
  env?: Record<string, string>;
  /** Environment values resolved by the bridge from references (`env:NAME`, `file:/path`), never in history. */
  secretEnv?: Record<string, string>;
  resources?: { cpus?: number; memMb?: number };
  /** How long the task may run once launched (default 10 minutes). */
  timeoutMs?: number;
  /** How long to wait for an offer from the node (default 5 minutes). */
  offerTimeoutMs?: number;
  /**
   * Others wait on this step (it runs in the cluster's reboot turn): the bridge asks the master for the node's
   * offer at once, not after its REVIVE pacing.
   */
  urgent?: boolean;
}

export interface RunOnAgentResult {
  taskId: string;
  agentId: string;
  exitCode: number;
  state: string;
  stdout: string;
  stderr: string;
  /** True when this call found the task already launched (a retry after a crash) and did not launch again. */
  reattached: boolean;
}

export interface MesosActivities {
  runOnAgent(input: RunOnAgentInput): Promise<RunOnAgentResult>;
  killTask(taskId: string): Promise<void>;
  listAgents(): Promise<AgentInfo[]>;
}

/** Failure types of the Mesos activities (ApplicationFailure.type). */
export const MesosErrorType = {
  AgentGone: 'AgentGone',
  TaskLost: 'TaskLost',
  OfferWaitTimeout: 'OfferWaitTimeout',
  InvalidTask: 'InvalidTask',
} as const;
