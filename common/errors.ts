// Failure type names. Workflows and activities raise ApplicationFailure with one of these as `type`,
// and retry policies list the non-retryable ones, so an operator reads the cause by name in history.

export const ErrorType = {
  InvalidSpec: 'InvalidSpec',
  InvalidInput: 'InvalidInput',
  InvalidConfig: 'InvalidConfig',
  NodeNotFound: 'NodeNotFound',
  QuorumWouldBreak: 'QuorumWouldBreak',
  InsufficientCapacity: 'InsufficientCapacity',
  DeviceInUse: 'DeviceInUse',
  UnsupportedOs: 'UnsupportedOs',
  SecretUnavailable: 'SecretUnavailable',
  /** A node step kept failing (after its retries) or refused to act (downgrade, conflict). */
  StepFailed: 'StepFailed',
  /** Not enough eligible agents appeared in time. */
  NotEnoughAgents: 'NotEnoughAgents',
  /** The operator's confirmation field does not echo the target. */
  ConfirmationMismatch: 'ConfirmationMismatch',
  /** Another procedure that must not overlap this one is running (e.g. a decommission during an upgrade). */
  ProcedureConflict: 'ProcedureConflict',
  /** The cluster has not been bootstrapped (or adopted) yet: its supervisor holds no context. */
  ClusterNotReady: 'ClusterNotReady',
  /** A node needs a reboot the cluster spec does not allow (noReboot): the operator reboots it and re-runs. */
  RebootRequired: 'RebootRequired',
  /** A service (scini, rexray, the Mesos agent) stayed down after a reboot or an agent restart. */
  ServiceDown: 'ServiceDown',
  /** A rebooted node's Mesos agent did not register again in time. */
  NodeNotBack: 'NodeNotBack',
} as const;
export type ErrorTypeName = (typeof ErrorType)[keyof typeof ErrorType];

/** Errors that no retry can fix: bad input and impossible requests. */
export const NON_RETRYABLE_ERROR_TYPES: readonly string[] = Object.values(ErrorType);

/** One problem with one field of an input, e.g. {field: 'mdmMode', problem: 'must be 3 or 5, got 4'}. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export function describeProblems(what: string, problems: readonly FieldProblem[]): string {
  const lines = problems.map((p) => `${p.field}: ${p.problem}`);
  return `${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${lines.join('; ')}`;
}

/** Thrown by process-side code (config, CLIs) for bad input; carries every problem at once. */
export class InputError extends Error {
  constructor(
    readonly type: ErrorTypeName,
    readonly what: string,
    readonly problems: readonly FieldProblem[]
  ) {
    super(describeProblems(what, problems));
    this.name = type;
  }
}
