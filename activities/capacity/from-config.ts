// The worker's capacity provider, from configuration (capacity.provider / SCALEIO_CAPACITY_PROVIDER). A name that
// is not known, or a provider without what it needs, stops the worker before it starts.
import type { AppConfig } from '../../common/config';
import { ErrorType, InputError } from '../../common/errors';
import { noCapacityProvider, type CapacityProvider } from './provider';
import { simulatorCapacityProvider } from './simulator';

export const CAPACITY_PROVIDERS = ['none', 'simulator'] as const;

export function capacityProviderFromConfig(config: Pick<AppConfig, 'capacity'>): CapacityProvider {
  const { provider, simulatorUrl } = config.capacity;
  switch (provider) {
    case 'none':
      return noCapacityProvider;
    case 'simulator':
      if (!simulatorUrl)
        throw new InputError(ErrorType.InvalidConfig, 'configuration', [
          { field: 'SIM_CONTROL_URL', problem: 'is required when SCALEIO_CAPACITY_PROVIDER is simulator' },
        ]);
      return simulatorCapacityProvider(simulatorUrl);
    default:
      throw new InputError(ErrorType.InvalidConfig, 'configuration', [
        {
          field: 'SCALEIO_CAPACITY_PROVIDER',
          problem: `must be one of ${CAPACITY_PROVIDERS.join(', ')}, got ${JSON.stringify(provider.slice(0, 40))}`,
        },
      ]);
  }
}
