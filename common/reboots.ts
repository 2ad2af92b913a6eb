// The reboot coordinator's vocabulary: a procedure asks for a turn to take a node down (reboot, or restart its
// Mesos agent), the coordinator grants turns (never two reboots at once, agent restarts side by side, nodes
// hosting our own worker or bridge alone and last), and the procedure releases its turn once the node is back
// and its services are verified.

/** What the turn is for: a whole-node reboot, or a restart of the Mesos agent only (new isolator flags). */
export type RebootKind = 'reboot' | 'restart-agent';

/** A procedure's request for a turn, sent with signalWithStart to scaleio/<cluster>/reboots. */
export interface RebootRequest {
  /** Unique per request (a retried request with the same id is one request). */
  requestId: string;
  /** The requesting workflow run: the grant is signalled back to it, and a run that ended holds nothing. */
  workflowId: string;
  runId: string;
  hostname: string;
  kind: RebootKind;
  /** Why the node must go down, for the operator (e.g. "kernel 4.4.0-38-generic installed"). */
  reason: string;
}

/** The coordinator's answer, signalled to the requesting run. */
export interface RebootGrant {
  requestId: string;
  hostname: string;
}

/** The requester is done with its turn (or gives up waiting for one). */
export interface RebootRelease {
  requestId: string;
  outcome: 'done' | 'failed';
}

/** A request as the coordinator keeps it. */
export interface RebootTurn extends RebootRequest {
  requestedAt: string;
  grantedAt?: string;
}

/** How a granted turn ended: released by its holder, or taken back because the holder's run had ended. */
export interface RebootRecord {
  requestId: string;
  workflowId: string;
  hostname: string;
  kind: RebootKind;
  grantedAt: string;
  releasedAt: string;
  outcome: RebootRelease['outcome'] | 'holder-gone';
}

/** The `reboots` query: who holds turns, who waits (in grant order), and the latest turns. */
export interface RebootsView {
  cluster: string;
  /** The first of `holders` (null when none): one holder at a time before concurrent turns. */
  holder: RebootTurn | null;
  /** Every turn granted and not yet released, oldest first. */
  holders: RebootTurn[];
  /** How many turns may be held at once (maxConcurrentTurns). */
  maxConcurrentTurns: number;
  queue: RebootTurn[];
  /** Hosts of our worker and bridge (and configured ones), as last looked up: granted last. */
  controlPlaneHosts: string[];
  recent: RebootRecord[];
}

/** What the coordinator carries into its next run (continue-as-new). */
export interface RebootCoordinatorState {
  /** The one holder of a run from before concurrent turns (read, then kept in `holders`). */
  holder?: RebootTurn | null;
  holders?: RebootTurn[];
  queue: RebootTurn[];
  recent: RebootRecord[];
  controlPlaneHosts: string[];
}

export interface RebootCoordinatorInput {
  cluster: string;
  /**
   * Turns held at once (default 8): agent restarts go side by side, a reboot beside them but never beside
   * another reboot, and a control-plane host's turn alone of all. 1 grants one turn at a time.
   */
  maxConcurrentTurns?: number;
  /** How long a control-plane host's request waits for peers that may still ask (default 15 s). */
  settleSeconds?: number;
  /** How often the coordinator checks that the holder's run is still running (default 60 s). */
  holderCheckSeconds?: number;
  /** The coordinator ends after this long with nothing to do (default 10 min); the next request starts it again. */
  idleMinutes?: number;
  /** Continue as new after this many history events (default: when Temporal suggests it). */
  continueAsNewAfterEvents?: number;
  state?: RebootCoordinatorState;
}

/** Where our own processes run, as the coordinator learns it from the task queues' pollers and the config. */
export interface ControlPlaneHosts {
  /** Hostnames taken from poller identities (`pid@hostname`) of the scaleio and mesos-bridge task queues. */
  fromPollers: string[];
  /** SCALEIO_CONTROL_PLANE_HOSTS. */
  configured: string[];
}
