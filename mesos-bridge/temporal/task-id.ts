// Mesos task ids derived from the calling workflow run and the step name: a retried activity (same run, same
// step) computes the same id and reattaches to the task it launched; a new run of the procedure launches anew
// (its steps probe the node first, so a repeat is a no-op on the node). Mesos ids must avoid '/' and spaces.
import { createHash } from 'node:crypto';

const MAX = 200;

export function taskIdFor(workflowId: string, runId: string, taskName: string): string {
  const raw = `scaleio.${workflowId}.${runId}.${taskName}`.replace(/[^A-Za-z0-9_.-]/g, '.');
  if (raw.length <= MAX) return raw;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  return `${raw.slice(0, MAX - hash.length - 1)}.${hash}`;
}

/** Every task this framework launches starts with this prefix (orphan detection during reconciliation). */
export const TASK_ID_PREFIX = 'scaleio.';
