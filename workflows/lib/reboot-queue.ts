// The reboot coordinator's choices, as pure functions (unit-tested without a server): who is a control-plane host,
// whose turns are next, and which of a malformed request's fields is wrong.
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
 * The turns to grant now, oldest request first, with `held` turns in hand: at most `maxConcurrent` held at once,
 * never two reboots at once (an agent restart leaves ScaleIO's services running, a reboot does not), never two
 * turns on one node, and a control-plane host only alone: when nothing is held and no other node waits, and
 * only after peers had their settle time to ask (`waitForPeers`). With maxConcurrent 1: one turn at a time.
 */
export function turnsToGrant(
  queue: readonly RebootTurn[],
  held: readonly RebootTurn[],
  controlPlane: readonly string[],
  maxConcurrent: number
): { turns: RebootTurn[]; waitForPeers: boolean } {
  if (held.some((h) => isControlPlane(h.hostname, controlPlane))) return { turns: [], waitForPeers: false };
  const turns: RebootTurn[] = [];
  const busy = new Set(held.map((h) => shortName(h.hostname)));
  let rebooting = held.some((h) => h.kind === 'reboot');
  for (const t of queue) {
    if (held.length + turns.length >= maxConcurrent) break;
    if (isControlPlane(t.hostname, controlPlane) || busy.has(shortName(t.hostname))) continue;
    if (t.kind === 'reboot' && rebooting) continue;
    rebooting ||= t.kind === 'reboot';
    busy.add(shortName(t.hostname));
    turns.push(t);
  }
  if (turns.length > 0 || held.length > 0 || queue.some((t) => !isControlPlane(t.hostname, controlPlane)))
    return { turns, waitForPeers: false };
  return { turns: queue.slice(0, 1), waitForPeers: queue.length > 0 };
}

/** A request already known (queued, holding, or recently finished) is not queued again. */
export function knownRequest(
  requestId: string,
  holders: readonly RebootTurn[],
  queue: readonly RebootTurn[],
  recent: readonly RebootRecord[]
): 'holder' | 'queued' | 'finished' | undefined {
  if (holders.some((h) => h.requestId === requestId)) return 'holder';
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
    'maxConcurrentTurns',
    'settleSeconds',
    'holderCheckSeconds',
    'idleMinutes',
    'continueAsNewAfterEvents',
    'state',
  ]);
  c.string('cluster', { required: true, ...CLUSTER_NAME });
  c.number('maxConcurrentTurns', { min: 1, max: 64, integer: true });
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
    maxConcurrentTurns: input.maxConcurrentTurns ?? 8,
    settleSeconds: input.settleSeconds ?? 15,
    holderCheckSeconds: input.holderCheckSeconds ?? 60,
    idleMinutes: input.idleMinutes ?? 10,
    ...(input.continueAsNewAfterEvents !== undefined
      ? { continueAsNewAfterEvents: input.continueAsNewAfterEvents }
      : {}),
  };
}
