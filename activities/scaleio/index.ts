import { createDataMotionActivities } from './data-motion';
import type { ScaleioDeps } from './gateway-call';
import { createHealthActivities } from './health';
import { createNodeStepActivities } from './node-steps';
import { createRemovalActivities } from './removal';
import { createStorageActivities } from './storage';
import { createUpgradeCheckActivities } from './upgrade-checks';
import { createUpgradeMdmActivities } from './upgrade-mdm';
import { createUpgradeVersionActivities } from './upgrade-versions';
import { createVerifyActivities } from './verify-volume';

export type { ScaleioDeps } from './gateway-call';

export function createGatewayActivities(deps: ScaleioDeps) {
  return {
    ...createNodeStepActivities(),
    ...createStorageActivities(deps),
    ...createVerifyActivities(deps),
    ...createDataMotionActivities(deps),
    ...createRemovalActivities(deps),
    ...createUpgradeCheckActivities(deps),
    ...createUpgradeMdmActivities(deps),
    ...createUpgradeVersionActivities(deps),
    ...createHealthActivities(deps),
  };
}
