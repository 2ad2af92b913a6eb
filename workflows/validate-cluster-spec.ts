// validateClusterSpec: checks a cluster spec and returns it normalized, or fails with InvalidSpec.
// Bootstrap runs the same check first; operators run it alone to try a spec before they use it.
import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { ScaleioActivities } from '../activities';
import type { ClusterSpec } from '../common/spec';
import { ScaleioCluster, ScaleioPhase, ScaleioProcedure } from '../common/search-attributes';
import { surfaceNonRetryable } from './lib/failures';

const { validateClusterSpec: check } = proxyActivities<ScaleioActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});

export async function validateClusterSpec(input: unknown): Promise<ClusterSpec> {
  upsertSearchAttributes([
    { key: ScaleioProcedure, value: 'validate-spec' },
    { key: ScaleioPhase, value: 'validating' },
  ]);
  try {
    const spec = await check(input);
    upsertSearchAttributes([
      { key: ScaleioCluster, value: spec.name },
      { key: ScaleioPhase, value: 'valid' },
    ]);
    return spec;
  } catch (err) {
    upsertSearchAttributes([{ key: ScaleioPhase, value: 'invalid' }]);
    return surfaceNonRetryable(err);
  }
}
