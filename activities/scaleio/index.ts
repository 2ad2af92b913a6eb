import { createDataMotionActivities } from './data-motion';
import type { ScaleioDeps } from './gateway-call';
import { createNodeStepActivities } from './node-steps';
import { createRemovalActivities } from './removal';
import { createStorageActivities } from './storage';
import { createVerifyActivities } from './verify-volume';

export type { ScaleioDeps } from './gateway-call';

export function createGatewayActivities(deps: ScaleioDeps) {
  return {
    ...createNodeStepActivities(),
    ...createStorageActivities(deps),
    ...createVerifyActivities(deps),
    ...createDataMotionActivities(deps),
    ...createRemovalActivities(deps),
  };
}
