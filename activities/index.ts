// The activities of task queue `scaleio`. Workflows import this module as a type only.
import { createCapacityActivities, type CapacityDeps } from './capacity';
import { createClusterActivities, type ClusterDeps } from './cluster/supervisor-calls';
import { createRebootActivities, type RebootCallDeps } from './cluster/reboot-calls';
import { createGatewayActivities, type ScaleioDeps as GatewayDeps } from './scaleio';
import { validateClusterSpec } from './spec/validate-cluster-spec';

export type ScaleioDeps = GatewayDeps & ClusterDeps & RebootCallDeps & CapacityDeps;

export function createScaleioActivities(deps: ScaleioDeps = {}) {
  return {
    validateClusterSpec,
    ...createGatewayActivities(deps),
    ...createClusterActivities(deps),
    ...createRebootActivities(deps),
    ...createCapacityActivities(deps),
  };
}

export type ScaleioActivities = ReturnType<typeof createScaleioActivities>;
