// The activities of task queue `scaleio`. Workflows import this module as a type only.
import { createClusterActivities, type ClusterDeps } from './cluster/supervisor-calls';
import { createGatewayActivities, type ScaleioDeps as GatewayDeps } from './scaleio';
import { validateClusterSpec } from './spec/validate-cluster-spec';

export type ScaleioDeps = GatewayDeps & ClusterDeps;

export function createScaleioActivities(deps: ScaleioDeps = {}) {
  return { validateClusterSpec, ...createGatewayActivities(deps), ...createClusterActivities(deps) };
}

export type ScaleioActivities = ReturnType<typeof createScaleioActivities>;
