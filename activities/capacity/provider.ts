// The capacity provider: where automatic growth gets a new disk for a node once no node of a pool has a free one
// left. A provider makes a raw block device appear on the node (a cloud volume created and attached, a LUN mapped,
// a disk plugged into the simulator) and says its path; the growth then adds it with the addDevice procedure, which
// checks it on the node first. docs/capacity-growth.md tells how to write one for a cloud.

export interface CapacityRequest {
  cluster: string;
  /** The node the volume is for (its Mesos hostname: for a cloud, find the instance by it). */
  hostname: string;
  sizeGb: number;
  /** Block devices the node has now, so a provider that must name the new one picks a free name. */
  existingDevices: string[];
  /**
   * Unique per request and the same on every retry of it (the monitor's id, growth round and action): a provider
   * that can, passes it as the cloud's idempotency token so a retried request never makes a second volume.
   */
  requestId: string;
}

export interface ProvisionedVolume {
  hostname: string;
  /** Where the node sees the new raw disk, e.g. /dev/xvdf. */
  devicePath: string;
  sizeGb: number;
  /** What was made, for the audit trail (volume id, zone...). */
  detail?: string;
}

export interface CapacityProvider {
  /** The configured name, e.g. simulator. */
  readonly name: string;
  /** Whether it can add volumes at all; when not, `detail` says why (shown to the operator). */
  describe(): { available: boolean; detail?: string };
  /**
   * Makes the volume appear on the node, or throws: a CapacityProviderError with `retryable` false for a request
   * that will never succeed (no such node, quota exhausted), any other error for a transient fault (retried).
   */
  provision(request: CapacityRequest, signal: AbortSignal): Promise<ProvisionedVolume>;
}

export const CapacityErrorType = {
  /** The provider refused the request for good. */
  Rejected: 'CapacityProviderRejected',
  /** No provider is configured (capacity.provider none). */
  NotConfigured: 'CapacityProviderNotConfigured',
} as const;

export class CapacityProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message);
    this.name = 'CapacityProviderError';
  }
}

/** The default: growth stops at the free devices the nodes have, and says so. */
export const noCapacityProvider: CapacityProvider = {
  name: 'none',
  describe: () => ({
    available: false,
    detail: 'no capacity provider is configured (SCALEIO_CAPACITY_PROVIDER=none)',
  }),
  provision: () => {
    throw new CapacityProviderError('no capacity provider is configured (SCALEIO_CAPACITY_PROVIDER=none)', false);
  },
};
