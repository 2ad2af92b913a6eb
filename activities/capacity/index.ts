// The activities of automatic capacity growth (task queue `scaleio`): the pool's SDSs, the procedures the
// supervisor runs now, the capacity provider (what it is; a new volume), and the record of each decision (its input
// is the decision's place in history, with the pool figures that triggered it).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { GrowthDecision } from '../../common/growth';
import type { ProcedureClaim } from '../../common/procedures';
import { withGateway, type ScaleioDeps } from '../scaleio/gateway-call';
import { readPoolSds, type PoolSds } from './pool-nodes';
import { readRunningProcedures } from './procedures';
import {
  CapacityErrorType,
  CapacityProviderError,
  noCapacityProvider,
  type CapacityProvider,
  type CapacityRequest,
  type ProvisionedVolume,
} from './provider';

export type { CapacityProvider, CapacityRequest, ProvisionedVolume } from './provider';
export type { PoolSds } from './pool-nodes';
export { CapacityErrorType, CapacityProviderError, noCapacityProvider } from './provider';
export { simulatorCapacityProvider } from './simulator';
export { capacityProviderFromConfig } from './from-config';

export interface CapacityDeps {
  /** Where growth gets new volumes; absent: none (growth stops at the nodes' free devices). */
  capacityProvider?: CapacityProvider;
}

export function createCapacityActivities(deps: CapacityDeps & ScaleioDeps & { temporal?: Client }) {
  const provider = deps.capacityProvider ?? noCapacityProvider;
  return {
    /** The SDSs with devices in the pool, their IPs and device paths. */
    async growthPoolSds(input: { poolId: string }): Promise<PoolSds[]> {
      return withGateway(deps, (gw) => readPoolSds(gw, input.poolId));
    },

    /** What the cluster's supervisor has registered now (upgrade, maintenance, decommissions...). */
    async growthRunningProcedures(input: { cluster: string }): Promise<ProcedureClaim[]> {
      return readRunningProcedures(deps.temporal, input.cluster);
    },

    async describeCapacityProvider(): Promise<{ name: string; available: boolean; detail?: string }> {
      return { name: provider.name, ...provider.describe() };
    },

    /** Asks the provider for a volume on the node: CapacityProviderRejected when it refuses for good. */
    async provisionCapacity(input: CapacityRequest): Promise<ProvisionedVolume> {
      const ctx = Context.current();
      ctx.log.info(`capacity provider ${provider.name}: ${input.sizeGb} GB volume for ${input.hostname}`, {
        cluster: input.cluster,
        requestId: input.requestId,
      });
      try {
        return await provider.provision(input, ctx.cancellationSignal);
      } catch (err) {
        if (err instanceof CapacityProviderError) {
          if (err.retryable) throw ApplicationFailure.retryable(err.message, 'CapacityProviderUnavailable');
          throw ApplicationFailure.nonRetryable(
            err.message,
            provider === noCapacityProvider ? CapacityErrorType.NotConfigured : CapacityErrorType.Rejected
          );
        }
        throw err;
      }
    },

    /** Writes a growth decision to the worker's log; the call's input is its record in history. */
    async recordGrowthDecision(input: { cluster: string; decision: GrowthDecision }): Promise<void> {
      const d = input.decision;
      const fields = { cluster: input.cluster, outcome: d.outcome, pool: d.trigger?.pool, planned: d.planned.length };
      const text = `capacity growth ${d.outcome}: ${d.summary}`;
      if (d.outcome === 'waiting') Context.current().log.warn(text, fields);
      else Context.current().log.info(text, fields);
    },
  };
}
