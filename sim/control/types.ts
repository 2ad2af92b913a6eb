// The control API's contracts: what a shim sends, what it gets back, and the hooks the integrator fills.
import { type NodeRegistry, type NodeState } from '../nodes';
import { type ScaleioCluster } from '../scaleio';

/** Body of POST /sim/shim/<tool>. argv holds the arguments after the tool name (process.argv.slice(2)). */
export interface ShimRequest {
  hostname: string;
  argv: string[];
  env: Record<string, string>;
  /** The task's working directory (its sandbox), against which relative paths resolve. */
  cwd: string;
  /** Standard input, sent only by tools that read it (sim-write-file, install from /dev/stdin). */
  stdin?: string;
}

export interface ShimResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The call is not about node state (e.g. `cat` of a sandbox file): the shim runs the real command. */
  passthrough?: boolean;
}

export interface ControlDeps {
  registry: NodeRegistry;
  cluster: ScaleioCluster;
  /**
   * The node went down for a reboot (`reboot`, `shutdown -r`). The integrator stops the node's agent and,
   * when it should come back, calls `completeReboot(deps, hostname)`. Absent: the node comes back at once.
   */
  reboot?(hostname: string): void;
  /** mesos-slave was (re)started on the node with a valid configuration: restart the simulated agent. */
  restartAgent?(hostname: string): void;
  /** mesos-slave failed to start (bad modules/isolation config) or was stopped: the agent is down. */
  agentDown?(hostname: string, reason: string): void;
  /** The ScaleIO gateway on this node was installed, upgraded or restarted (tokens die, config reloads). */
  gatewayRestarted?(hostname: string): void;
  /** Extra keys merged into GET /sim/state (e.g. the Mesos part). */
  extraState?(): Record<string, unknown>;
  /** Observer of every shim call (logging, metrics); must not throw. */
  onShimCall?(req: ShimRequest, tool: string, result: ShimResult): void;
}

/** What one tool invocation works with. */
export interface ToolContext {
  tool: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: string;
  node: NodeState;
  deps: ControlDeps;
  /** Runs fn after the response went back to the shim (hooks that may stop the caller's agent). */
  later(fn: () => void): void;
}

export type Tool = (ctx: ToolContext) => ShimResult;

export interface ToolDef {
  run: Tool;
  /** False when the command is not installed on this node (the shell answers 127). */
  available?(node: NodeState): boolean;
  /** The shim must send its stdin. */
  readsStdin?: boolean;
}
