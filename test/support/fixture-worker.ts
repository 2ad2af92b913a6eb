// A worker for the test-only workflows (test/fixtures/workflows) on its own task queue.
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { testServer } from './temporal';

export interface FixtureWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startFixtureWorker(): Promise<FixtureWorker> {
  const taskQueue = `fixtures-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: testServer.address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('../fixtures/workflows'),
  });
  const running = worker.run();
  return {
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
