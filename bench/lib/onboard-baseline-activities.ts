// The no-op activity of the onboard bench's baseline: takes a step number, does nothing, returns it.
export async function noop(step: number): Promise<number> {
  return step;
}

export type NoopActivities = { noop: typeof noop };

export const BASELINE_TASK_QUEUE = 'bench-onboard-baseline';
