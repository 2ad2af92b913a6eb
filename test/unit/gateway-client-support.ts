// Shared set-up for the gateway client tests: a simulated gateway on loopback with a hand-driven clock,
// a client trusting its CA, and a logger whose lines are kept for inspection.
import { GatewayClient, type GatewayClientOptions } from '../../activities/gateway';
import { createLogger, type Logger } from '../../common/log';
import { type Gateway, type GatewayOptions, startGateway } from '../../sim/gateway';

export const USER = 'admin';
export const PASSWORD = 'Sc4leio-pw-7351';

export interface SimClock {
  now: number;
}

export async function startSim(clock: SimClock, opts: GatewayOptions = {}): Promise<Gateway> {
  return startGateway({
    protocol: 'https',
    tickIntervalMs: 0,
    idleTimeoutMs: 60_000,
    now: () => clock.now,
    ...opts,
    clusterOptions: { seed: 7, password: PASSWORD, maintenanceTransitionMs: 0, ...opts.clusterOptions },
  });
}

export function captureLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  return { lines, logger: createLogger('gateway-client-test', 'debug', (l) => lines.push(l)) };
}

export function clientFor(gw: Gateway, extra: Partial<GatewayClientOptions> = {}): GatewayClient {
  return new GatewayClient({ url: gw.url, user: USER, password: PASSWORD, ca: gw.ca, timeoutMs: 5_000, ...extra });
}

/** Awaits p and returns what it threw (fails the test if it resolved). */
export async function thrown(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
