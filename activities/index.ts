// The activities of task queue `scaleio`. Workflows import this module as a type only.
import { validateClusterSpec } from './spec/validate-cluster-spec';

export function createScaleioActivities() {
  return { validateClusterSpec };
}

export type ScaleioActivities = ReturnType<typeof createScaleioActivities>;
