// A running `scaleio` worker and a client for the duration of a test file.
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { ScaleioDeps } from '../../activities';
import { connectClient, startScaleioWorker } from './temporal';

export interface Running {
  client: Client;
  stop(): Promise<void>;
}

export async function runScaleioWorker(deps: ScaleioDeps = {}): Promise<Running> {
  const { client, close } = await connectClient();
  const { worker, connection }: { worker: Worker; connection: NativeConnection } = await startScaleioWorker({
    temporal: client,
    ...deps,
  });
  const running = worker.run();
  return {
    client,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await close();
    },
  };
}
