// Entry point of the onboard bench's baseline worker process: built like the scaleio worker process
// (workers/main.ts: the same runtime and logger, default Worker options, workflows bundled at start), hosting
// only the no-op workflow and activity, on its own task queue.
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../common/config';
import { createLogger } from '../../common/log';
import { installRuntime } from '../../workers/runtime';
import { BASELINE_TASK_QUEUE, noop } from './onboard-baseline-activities';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('baseline-worker', config.logLevel);
  installRuntime(log.child({ source: 'sdk' }), config.logLevel === 'debug' ? 'DEBUG' : 'INFO');
  const connection = await NativeConnection.connect(config.temporal.connectionOptions);
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: BASELINE_TASK_QUEUE,
      activities: { noop },
      workflowsPath: require.resolve('./onboard-baseline-workflow'),
    });
    log.info('worker started', { taskQueue: BASELINE_TASK_QUEUE });
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  createLogger('baseline-worker').error('baseline worker failed', { error: err });
  process.exit(1);
});
