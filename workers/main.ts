// Entry point of the `scaleio` worker process: config → Temporal connection → worker.run() until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { capacityProviderFromConfig } from '../activities/capacity';
import { NativeConnection } from '@temporalio/worker';
import { dataConverterFromConfig } from '../common/codec';
import { loadConfig } from '../common/config';
import { InputError } from '../common/errors';
import { createLogger } from '../common/log';
import { installRuntime } from './runtime';
import { gatewayFromConfig } from './gateway-from-config';
import { createScaleioWorker } from './scaleio-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel);
  installRuntime(
    log.child({ source: 'sdk' }),
    config.logLevel === 'debug' ? 'DEBUG' : 'INFO',
    config.metrics.workerPort
  );
  const gateway = gatewayFromConfig(config, log); // a bad password file stops us before we connect anywhere
  const dataConverter = dataConverterFromConfig(config.codec); // so does a bad codec key
  const capacityProvider = capacityProviderFromConfig(config); // and a provider without its settings
  const connection = await NativeConnection.connect(config.temporal.connectionOptions);
  // The supervisor activities (cluster context, procedure registration) query and update workflows.
  const clientConnection = await Connection.connect(config.temporal.connectionOptions);
  const temporal = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
    ...(dataConverter ? { dataConverter } : {}),
  });
  try {
    const worker = await createScaleioWorker({
      connection,
      namespace: config.temporal.namespace,
      deps: {
        temporal,
        capacityProvider,
        ...(config.controlPlane ? { controlPlaneHosts: config.controlPlane.hosts } : {}),
        ...(gateway ? { gateway } : {}),
      },
      ...(dataConverter ? { dataConverter } : {}),
    });
    log.info('worker started', {
      taskQueue: worker.options.taskQueue,
      namespace: config.temporal.namespace,
      address: config.temporal.connectionOptions.address,
      payloads: dataConverter ? 'encrypted' : 'not encrypted (no SCALEIO_CODEC_KEYS_FILE or SCALEIO_CODEC_KEY)',
    });
    await worker.run();
    await gateway?.close();
    log.info('worker stopped');
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof InputError) {
    process.stderr.write(`worker: ${err.message}\n`);
    process.exit(2);
  }
  createLogger('worker').error('worker failed', { error: err });
  process.exit(1);
});
