// The reboot coordinator's choices, as pure functions (unit-tested without a server): who is a control-plane host,
// whose turn is next, and which of a malformed request's fields is wrong.
import { CLUSTER_NAME, HOSTNAME } from '../../common/spec/patterns';
import type { ControlPlaneHosts, RebootCoordinatorInput, RebootRecord, RebootTurn } from '../../common/reboots';
import type { FieldProblem } from '../../common/errors';
import { Checker } from '../../common/validate';

/** How many finished turns the coordinator keeps (query and request de-duplication). */
export const RECENT_TURNS = 50;

/** Short, lowercase: `node-2.example.com` and `NODE-2` are the same host as `node-2`. */
function shortName(host: string): string {
  return host.toLowerCase().split('.')[0] ?? '';
}

export function controlPlaneList(hosts: ControlPlaneHosts): string[] {
  return [...new Set([...hosts.configured, ...hosts.fromPollers].map((h) => h.toLowerCase()))].sort();
}

export function isControlPlane(hostname: string, controlPlane: readonly string[]): boolean {
  const wanted = shortName(hostname);
  return controlPlane.some((h) => h.toLowerCase() === hostname.toLowerCase() || shortName(h) === wanted);
}

/**
 * The next turn: the oldest request from a node that hosts none of our processes; when only control-plane hosts
 * wait, the oldest of them, but only after peers had `settle` to ask (`waitForPeers`).
 */
export function nextTurn(
  queue: readonly RebootTurn[],
  controlPlane: readonly string[]
): { turn: RebootTurn | undefined; waitForPeers: boolean } {
  const other = queue.find((t) => !isControlPlane(t.hostname, controlPlane));
  if (other) return { turn: other, waitForPeers: false };
  return { turn: queue[0], waitForPeers: queue.length > 0 };
}

/** A request already known (queued, holding, or recently finished) is not queued again. */
export function knownRequest(
  requestId: string,
  holder: RebootTurn | null,
  queue: readonly RebootTurn[],
  recent: readonly RebootRecord[]
): 'holder' | 'queued' | 'finished' | undefined {
  if (holder?.requestId === requestId) return 'holder';
  if (queue.some((t) => t.requestId === requestId)) return 'queued';
  if (recent.some((r) => r.requestId === requestId)) return 'finished';
  return undefined;
}

/** Problems of a requestReboot signal's payload (a signal cannot be refused: the coordinator logs and drops it). */
export function requestProblems(raw: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = Checker.of(raw, 'request', problems);
  if (!c) return problems;
  c.noUnknownKeys(['requestId', 'workflowId', 'runId', 'hostname', 'kind', 'reason']);
  c.string('requestId', { required: true, maxLength: 100 });
  c.string('workflowId', { required: true, maxLength: 1000 });
  c.string('runId', { required: true, maxLength: 100 });
  c.string('hostname', { required: true, ...HOSTNAME });
  c.oneOf('kind', ['reboot', 'restart-agent'] as const, true);
  c.string('reason', { required: true, maxLength: 500 });
  return problems;
}

export function releaseProblems(raw: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = Checker.of(raw, 'release', problems);
  if (!c) return problems;
  c.noUnknownKeys(['requestId', 'outcome']);
  c.string('requestId', { required: true, maxLength: 100 });
  c.oneOf('outcome', ['done', 'failed'] as const, true);
  return problems;
}

export function coordinatorInputProblems(raw: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = Checker.of(raw, 'input', problems);
  if (!c) return problems;
  c.noUnknownKeys([
    'cluster',
    'settleSeconds',
    'holderCheckSeconds',
    'idleMinutes',
    'continueAsNewAfterEvents',
    'state',
  ]);
  c.string('cluster', { required: true, ...CLUSTER_NAME });
  c.number('settleSeconds', { min: 0, max: 3600 });
  c.number('holderCheckSeconds', { min: 1, max: 86400 });
  c.number('idleMinutes', { min: 0.01, max: 10080 });
  c.number('continueAsNewAfterEvents', { min: 50, max: 50000, integer: true });
  c.object('state');
  return problems;
}

export type CoordinatorSettings = Required<Omit<RebootCoordinatorInput, 'state' | 'continueAsNewAfterEvents'>> &
  Pick<RebootCoordinatorInput, 'continueAsNewAfterEvents'>;

export function settingsOf(input: RebootCoordinatorInput): CoordinatorSettings {
  return {
    cluster: input.cluster,
    settleSeconds: input.settleSeconds ?? 15,
    holderCheckSeconds: input.holderCheckSeconds ?? 60,
    idleMinutes: input.idleMinutes ?? 10,
    ...(input.continueAsNewAfterEvents !== undefined
      ? { continueAsNewAfterEvents: input.continueAsNewAfterEvents }
      : {}),
  };
}
