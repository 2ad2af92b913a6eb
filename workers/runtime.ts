// Routes the Temporal SDK's own logs through our structured, redacting logger, and serves the SDK's
// Prometheus metrics when a port is configured.
import { DefaultLogger, Runtime, type LogLevel as SdkLevel } from '@temporalio/worker';
import type { Logger } from '../common/log';

const LEVELS: Record<SdkLevel, keyof Omit<Logger, 'child'>> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export function installRuntime(log: Logger, level: SdkLevel = 'INFO', metricsPort = 0): void {
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => log[LEVELS[entry.level]](entry.message, entry.meta)),
    ...(metricsPort > 0
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${metricsPort}` } } } }
      : {}),
  });
}
