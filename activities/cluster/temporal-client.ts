// The worker's own Temporal client, which cluster-level activities (supervisor calls, reboot turns) need.
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';

/** The client, or a non-retryable WorkerMisconfigured failure naming what needed it. */
export function requireClient(temporal: Client | undefined, purpose: string): Client {
  if (!temporal)
    throw ApplicationFailure.nonRetryable(`this worker has no Temporal client for ${purpose}`, 'WorkerMisconfigured');
  return temporal;
}
