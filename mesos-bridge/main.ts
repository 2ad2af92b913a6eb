// Entry point of the mesos-bridge process: the one Mesos scheduler of this deployment and the Temporal worker
// of task queue `mesos-bridge`. It forwards agent discovery to the cluster supervisor and runs install steps
// on agents for the workflows. It makes no decision that belongs to a workflow.
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { dataConverterFromConfig } from '../common/codec';
import { loadConfig, type AppConfig } from '../common/config';
import { ErrorType, InputError } from '../common/errors';
import { createLogger, redactText, registerSecret, type Logger } from '../common/log';
import { TASK_QUEUE_MESOS_BRIDGE } from '../common/names';
import { installRuntime } from '../workers/runtime';
import { createBridgeCore, type BridgeCore } from './core';
import { bridgeMetrics } from './metrics';
import { startOpsServer } from './ops/http-server';
import { FileFrameworkIdStore } from './scheduler';
import { createMesosActivities } from './temporal/activities';
import { DiscoveryForwarder } from './temporal/discovery';

function readConfigFile(field: string, path: string, secret = true): string {
  try {
    const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    if (secret) registerSecret(value);
    return value;
  } catch (err) {
    throw new InputError(ErrorType.InvalidConfig, 'configuration', [
      { field, problem: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` },
    ]);
  }
}

function buildCore(config: AppConfig, log: Logger): BridgeCore {
  const { mesos } = config;
  if (mesos.principal && !mesos.secretFile) {
    throw new InputError(ErrorType.InvalidConfig, 'configuration', [
      { field: 'MESOS_SECRET_FILE', problem: 'is required when MESOS_PRINCIPAL is set' },
    ]);
  }
  const credentials =
    mesos.principal && mesos.secretFile
      ? { principal: mesos.principal, secret: readConfigFile('MESOS_SECRET_FILE', mesos.secretFile) }
      : undefined;
  return createBridgeCore(
    {
      masters: mesos.masters,
      format: mesos.wireFormat,
      frameworkInfo: {
        name: `scaleio-framework (${config.cluster})`,
        user: 'root',
        roles: [mesos.role],
        failoverTimeoutSeconds: mesos.failoverTimeoutS,
        checkpoint: true,
      },
      frameworkIdStore: new FileFrameworkIdStore(config.stateDir),
      ...(credentials ? { credentials } : {}),
      ...(mesos.caFile ? { tls: { ca: readConfigFile('MESOS_CA_FILE', mesos.caFile, false) } } : {}),
      logger: log.child({ part: 'scheduler' }),
    },
    {
      stateDir: config.stateDir,
      offers: { discoveryIntervalMs: mesos.discoveryIntervalS * 1000, reviveOffersPerSecond: mesos.reviveOffersPerS },
      logger: log.child({ part: 'core' }),
    }
  );
}

/** Why the bridge is not subscribed, for GET /health: the last loss (redacted, as a log line would be) or the wait. */
function notSubscribedReason(core: BridgeCore): string {
  const loss = core.client.lastDisconnect;
  if (core.client.state === 'failed') return `stopped: ${loss?.error ? redactText(loss.error) : 'fatal Mesos error'}`;
  if (!loss) return 'subscribing: no master has answered yet';
  const what = loss.error ? `${loss.reason}: ${redactText(loss.error)}` : loss.reason;
  return `${what} (${new Date(loss.at).toISOString()}); re-subscribing with backoff`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('mesos-bridge', config.logLevel);
  installRuntime(log.child({ source: 'sdk' }), config.logLevel === 'debug' ? 'DEBUG' : 'INFO');
  // Signals to the supervisor and activity inputs/results are encrypted when codec keys are configured.
  const dataConverter = dataConverterFromConfig(config.codec);
  const withCodec = dataConverter ? { dataConverter } : {};
  const core = buildCore(config, log);

  const clientConnection = await Connection.connect(config.temporal.connectionOptions);
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace, ...withCodec });
  const forwarder = new DiscoveryForwarder({ client, cluster: config.cluster, log: log.child({ part: 'discovery' }) });
  core.on('discovered', ({ hostname, agentId, attributes, resources, os }) =>
    forwarder.offered({ hostname, agentId, attributes, resources, ...(os ? { os } : {}) })
  );
  core.on('gone', (gone) => forwarder.gone(gone));

  const workerConnection = await NativeConnection.connect(config.temporal.connectionOptions);
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue: TASK_QUEUE_MESOS_BRIDGE,
    activities: createMesosActivities(core),
    // Tasks heartbeat for their whole run; by default only every 80% of the 30 s timeout reaches the server,
    // which leaves a loaded host 6 s of slack. Every 5 s keeps a slow host from looking dead.
    maxHeartbeatThrottleInterval: '5 seconds',
    ...withCodec,
  });
  const ops =
    config.metrics.bridgePort > 0
      ? await startOpsServer(config.metrics.bridgePort, {
          metrics: () => bridgeMetrics(core, forwarder),
          health: () => ({
            ok: core.client.isSubscribed,
            detail: {
              subscribed: core.client.isSubscribed,
              frameworkId: core.client.frameworkId,
              pendingSignals: forwarder.pending,
              ...(core.client.isSubscribed ? {} : { reason: notSubscribedReason(core) }),
            },
          }),
        })
      : undefined;

  // A fatal Mesos error (framework removed, bad credentials) stops the worker; retryable ones are retried inside.
  core.start().then(
    () => log.info('subscribed to Mesos', { frameworkId: core.client.frameworkId, masters: config.mesos.masters }),
    (err: unknown) => {
      log.error('cannot run as a Mesos framework; stopping', { error: err });
      process.exitCode = 1;
      worker.shutdown();
    }
  );
  log.info('bridge started', {
    taskQueue: TASK_QUEUE_MESOS_BRIDGE,
    cluster: config.cluster,
    metrics: ops?.url,
    payloads: dataConverter ? 'encrypted' : 'not encrypted',
  });
  try {
    await worker.run(); // until SIGINT/SIGTERM (the SDK's shutdown signals) or a fatal error
  } finally {
    // Graceful: stop taking activities, then send the last signals, then close the Mesos stream and Temporal.
    if (!(await forwarder.flush(5000)))
      log.warn('stopping with signals not yet sent; the next bridge rediscovers those agents', {
        pending: forwarder.pending,
      });
    forwarder.close();
    await core.close();
    await ops?.close();
    await workerConnection.close();
    await clientConnection.close();
    log.info('bridge stopped');
  }
}

main().catch((err: unknown) => {
  if (err instanceof InputError) {
    process.stderr.write(`mesos-bridge: ${err.message}\n`);
    process.exit(2);
  }
  createLogger('mesos-bridge').error('bridge failed', { error: err });
  process.exit(1);
});
