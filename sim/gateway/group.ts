// Several gateways in front of one ScaleIO cluster, as the bootstrap installs one on every MDM node: each has
// its own listener and port, its own tokens and its own faults. They share one certificate (clients trust one
// CA) and only the first drives the cluster's tick timer (simulated time must not run n times faster).
import { ScaleioCluster } from '../scaleio';
import { type Gateway, type GatewayOptions, startGateway } from './server';
import { generateSelfSigned } from './tls';

export const MAX_GATEWAYS = 16;

export async function startGateways(count: number, opts: GatewayOptions = {}): Promise<Gateway[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_GATEWAYS) {
    throw new RangeError(`gateway count must be a whole number 1-${MAX_GATEWAYS}, got ${count}`);
  }
  const cluster = opts.cluster ?? new ScaleioCluster(opts.clusterOptions);
  const protocol = opts.protocol ?? 'https';
  const tls = protocol === 'https' ? (opts.tls ?? (await generateSelfSigned(opts.host ?? '127.0.0.1'))) : undefined;
  const first = await startGateway({ ...opts, cluster, protocol, tls });
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () =>
      startGateway({ ...opts, cluster, protocol, tls, port: 0, tickIntervalMs: 0 })
    )
  );
  return [first, ...rest];
}
