// Which failures end the client instead of triggering a re-subscribe: those no retry can fix
// without a new configuration or a new framework.
import {
  FrameworkRemovedError,
  MesosBadRequestError,
  MesosHttpError,
  MesosUnauthorizedError,
  SchedulerInputError,
} from './errors';

/** 405/406/415 mean our requests are malformed for every master: a bug or a wrong endpoint. */
const FATAL_SUBSCRIBE_STATUSES = new Set([405, 406, 415]);

export function isFatalSubscribeError(err: unknown): boolean {
  if (err instanceof FrameworkRemovedError) return true;
  if (err instanceof SchedulerInputError) return true;
  // Wrong credentials, or a SUBSCRIBE the master validates as wrong (e.g. principal mismatch).
  if (err instanceof MesosUnauthorizedError || err instanceof MesosBadRequestError) return true;
  return err instanceof MesosHttpError && FATAL_SUBSCRIBE_STATUSES.has(err.status);
}

export const FRAMEWORK_REMOVED_TEXT = 'Framework has been removed';
