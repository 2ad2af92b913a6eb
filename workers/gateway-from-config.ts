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
  try {
    // g.url may list several gateways (comma-separated): the client fails over between them.
    return new GatewayClient({
      url: g.url,
      user: g.user,
      password,
      ...(g.caFile ? { caFile: g.caFile } : {}),
      insecure: g.insecure,
      timeoutMs: g.timeoutMs,
      logger: log.child({ part: 'gateway' }),
    });
  } catch (err) {
    throw err instanceof InputError ? inConfigTerms(err) : err;
  }
}

// The client names its options (url[1], caFile); the operator set SCALEIO_GATEWAY_URL, SCALEIO_GATEWAY_CA_FILE.
const ENV_OF: Record<string, string> = {
  url: 'SCALEIO_GATEWAY_URL',
  user: 'SCALEIO_GATEWAY_USER',
  caFile: 'SCALEIO_GATEWAY_CA_FILE',
  insecure: 'SCALEIO_GATEWAY_INSECURE',
  timeoutMs: 'SCALEIO_GATEWAY_TIMEOUT_MS',
};

function inConfigTerms(err: InputError): InputError {
  const problems = err.problems.map((p) => {
    const m = /^([A-Za-z]+)(.*)$/.exec(p.field);
    const env = m ? ENV_OF[m[1]!] : undefined;
    return env ? { ...p, field: `${env}${m![2]}` } : p;
  });
  return new InputError(err.type, 'configuration', problems);
}
