// The worker's gateway client, from configuration. The password is read from its file here, once, and
// registered as a secret so no log line can show it.
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../common/config';
import { ErrorType, InputError } from '../common/errors';
import { registerSecret, type Logger } from '../common/log';
import { GatewayClient } from '../activities/gateway';

export function gatewayFromConfig(config: AppConfig, log: Logger): GatewayClient | undefined {
  const g = config.gateway;
  if (!g.url) return undefined;
  if (!g.passwordFile) {
    throw new InputError(ErrorType.InvalidConfig, 'configuration', [
      { field: 'SCALEIO_GATEWAY_PASSWORD_FILE', problem: 'is required when SCALEIO_GATEWAY_URL is set' },
    ]);
  }
  let password: string;
  try {
    password = readFileSync(g.passwordFile, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new InputError(ErrorType.InvalidConfig, 'configuration', [
      {
        field: 'SCALEIO_GATEWAY_PASSWORD_FILE',
        problem: `cannot read ${g.passwordFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      },
    ]);
  }
  registerSecret(password);
  return new GatewayClient({
    url: g.url,
    user: g.user,
    password,
    ...(g.caFile ? { caFile: g.caFile } : {}),
    insecure: g.insecure,
    timeoutMs: g.timeoutMs,
    logger: log.child({ part: 'gateway' }),
  });
}
