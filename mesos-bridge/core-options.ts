// Options of BridgeCore, checked once with errors naming the field.
import type { Logger } from '../common/log';
import type { OfferBookOptions } from './offers/types';
import type { SchedulerClient } from './scheduler/client';
import type { AckGate } from './tasks/ack-gate';

export interface BridgeCoreOptions {
  /** Created with `autoAcknowledge: ackGate.autoAcknowledge`; started here if it is still idle. */
  client: SchedulerClient;
  ackGate: AckGate;
  /** Directory of the task table (tasks.json, mode 0600); usually the FrameworkID's directory too. */
  stateDir: string;
  offers?: OfferBookOptions;
  /** Tasks whose id starts with this and that the table does not know are killed as orphans; default 'scaleio.'. */
  orphanPrefix?: string;
  /** Default wait for a fitting offer; default 60 s. */
  offerWaitTimeoutMs?: number;
  /** Default run-time limit of a task; default 1 h. */
  taskTimeoutMs?: number;
  /** After a KILL, how long to wait for the task's end before giving up; default 15 s. */
  killWaitMs?: number;
  /** Cap of stdout and of stderr returned (the tail is kept); default 1 MiB. */
  outputCapBytes?: number;
  /** Explicit reconciliation re-send: first delay and cap; default 5 s, 60 s. */
  reconcileRetryMs?: number;
  reconcileRetryMaxMs?: number;
  /** Periodic implicit reconciliation; default 15 min. */
  implicitReconcileIntervalMs?: number;
  /** Finished attempts kept in the table; default 5000. */
  maxFinishedTasks?: number;
  /** Also close the SchedulerClient on close(); default true. */
  closeClient?: boolean;
  logger?: Logger;
}

export class BridgeConfigError extends Error {
  override readonly name = 'BridgeConfigError';
  constructor(
    readonly field: string,
    readonly problem: string
  ) {
    super(`BridgeCoreOptions.${field}: ${problem}`);
  }
}

export type ResolvedCoreOptions = Required<
  Omit<BridgeCoreOptions, 'logger' | 'offers' | 'client' | 'ackGate' | 'stateDir'>
>;

function positive(field: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new BridgeConfigError(field, `must be a positive number, got ${String(v)}`);
  return v;
}

export function resolveCoreOptions(o: BridgeCoreOptions): ResolvedCoreOptions {
  if (typeof o !== 'object' || o === null) throw new BridgeConfigError('', 'options are required');
  if (!o.client || typeof o.client.on !== 'function')
    throw new BridgeConfigError('client', 'must be a SchedulerClient');
  if (!o.ackGate || typeof o.ackGate.bind !== 'function')
    throw new BridgeConfigError(
      'ackGate',
      'is required: create the SchedulerClient with `autoAcknowledge: ackGate.autoAcknowledge` so updates are stored before they are acknowledged'
    );
  if (typeof o.stateDir !== 'string' || o.stateDir === '')
    throw new BridgeConfigError('stateDir', 'must be a directory path');
  const prefix = o.orphanPrefix ?? 'scaleio.';
  if (typeof prefix !== 'string') throw new BridgeConfigError('orphanPrefix', 'must be a string');
  const retry = positive('reconcileRetryMs', o.reconcileRetryMs, 5000);
  const retryMax = positive('reconcileRetryMaxMs', o.reconcileRetryMaxMs, 60_000);
  if (retryMax < retry) throw new BridgeConfigError('reconcileRetryMaxMs', 'must be >= reconcileRetryMs');
  return {
    orphanPrefix: prefix,
    offerWaitTimeoutMs: positive('offerWaitTimeoutMs', o.offerWaitTimeoutMs, 60_000),
    taskTimeoutMs: positive('taskTimeoutMs', o.taskTimeoutMs, 3_600_000),
    killWaitMs: positive('killWaitMs', o.killWaitMs, 15_000),
    outputCapBytes: positive('outputCapBytes', o.outputCapBytes, 1024 * 1024),
    reconcileRetryMs: retry,
    reconcileRetryMaxMs: retryMax,
    implicitReconcileIntervalMs: positive('implicitReconcileIntervalMs', o.implicitReconcileIntervalMs, 900_000),
    maxFinishedTasks: positive('maxFinishedTasks', o.maxFinishedTasks, 5000),
    closeClient: o.closeClient ?? true,
  };
}
