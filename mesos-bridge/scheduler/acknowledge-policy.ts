// Applies the autoAcknowledge option to one status update. Only updates with a uuid are ever
// acknowledged (master-generated ones have none, and acking them is a 400).
import type { TaskStatus } from '../../proto/types';
import type { AutoAcknowledge } from './options';

export function applyAckPolicy(
  policy: AutoAcknowledge,
  status: TaskStatus,
  acknowledge: (status: TaskStatus) => Promise<boolean>,
  onError: (err: Error) => void
): void {
  if (policy === false || !status.uuid) return;
  const run = async (): Promise<void> => {
    // The owner's hook first: if it cannot record the update, no ack, and the agent re-sends it.
    if (typeof policy === 'function') await policy(status);
    await acknowledge(status);
  };
  run().catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
}
