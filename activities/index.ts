// The activities of task queue `scaleio`. Workflows import this module as a type only.
import { createGatewayActivities, type ScaleioDeps } from './scaleio';
import { validateClusterSpec } from './spec/validate-cluster-spec';

export function createScaleioActivities(deps: ScaleioDeps = {}) {
  return { validateClusterSpec, ...createGatewayActivities(deps) };
}

export type ScaleioActivities = ReturnType<typeof createScaleioActivities>;
