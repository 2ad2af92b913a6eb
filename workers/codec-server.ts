// `npm run codec-server`: the Temporal UI's codec endpoint for this deployment. It holds the payload keys
// (SCALEIO_CODEC_KEYS_FILE or SCALEIO_CODEC_KEY) and decrypts payloads for the operator's browser; start the UI
// with `--ui-codec-endpoint <its URL>` (or set it in the UI's data-encoder settings).
import { readFileSync } from 'node:fs';
import { loadConfig } from '../common/config';
import { codecFromConfig, startCodecServer } from '../common/codec';
import { ErrorType, InputError } from '../common/errors';
import { createLogger, registerSecret } from '../common/log';

function readToken(path: string): string {
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (token === '') throw new Error('the file is empty');
    registerSecret(token);
    return token;
  } catch (err) {
    throw new InputError(ErrorType.InvalidConfig, 'configuration', [
      {
        field: 'SCALEIO_CODEC_SERVER_TOKEN_FILE',
        problem: `cannot use ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      },
    ]);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('codec-server', config.logLevel);
  const codec = codecFromConfig(config.codec);
  if (!codec) {
    throw new InputError(ErrorType.InvalidConfig, 'configuration', [
      {
        field: 'SCALEIO_CODEC_KEYS_FILE',
        problem: 'or SCALEIO_CODEC_KEY is required: the codec server needs the keys',
      },
    ]);
  }
  const { host, port, corsOrigins, tokenFile } = config.codec.server;
  const server = await startCodecServer({
    codec,
    host,
    port,
    corsOrigins,
    ...(tokenFile ? { token: readToken(tokenFile) } : {}),
    log,
  });
  log.info('codec server started', { url: server.url, corsOrigins, keyIds: codec.keyIds, auth: Boolean(tokenFile) });
  process.stdout.write(`codec server: ${server.url} (temporal server start-dev --ui-codec-endpoint ${server.url})\n`);
  const stop = () => void server.close().then(() => log.info('codec server stopped'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof InputError) {
    process.stderr.write(`codec-server: ${err.message}\n`);
    process.exit(2);
  }
  createLogger('codec-server').error('codec server failed', { error: err });
  process.exit(1);
});
