import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
// What a workflow or e2e test needs to reach the run's shared Temporal server.
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { ScaleioDeps } from '../../activities';
import { TASK_QUEUE_SCALEIO } from '../../common/names';
import { TEMPORAL_BIN } from '../../scripts/lib/temporal-dev-server';
import { createScaleioWorker } from '../../workers/scaleio-worker';

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this test through jest's workflow or e2e project (global setup)`);
  return v;
}

export const testServer = {
  get address() {
    return need('TEMPORAL_ADDRESS');
  },
  get httpUrl() {
    return need('SCALEIO_TEST_TEMPORAL_HTTP');
  },
  get uiUrl() {
    return need('SCALEIO_TEST_TEMPORAL_UI');
  },
  get bundlePath() {
    return need('SCALEIO_TEST_BUNDLE');
  },
  get dir() {
    return need('SCALEIO_TEST_DIR');
  },
};

/** Options of test clients and workers: a data converter when the test encrypts payloads (common/codec). */
export interface CodecOptions {
  dataConverter?: DataConverter;
}

export async function connectClient(opts: CodecOptions = {}): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: testServer.address });
  const dataConverter = opts.dataConverter ? { dataConverter: opts.dataConverter } : {};
  return {
    client: new Client({ connection, namespace: 'default', ...dataConverter }),
    close: () => connection.close(),
  };
}

/** Tests provoke failures on purpose; the SDK's WARN lines about them are noise in test output. */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed in this process
  }
}

/**
 * A `scaleio` worker on the shared server, using the run's prebuilt workflow bundle. With a data converter its
 * payloads are encrypted; failures raised inside workflow code keep the bundle's (plain) failure converter —
 * run workers/main.ts (stack.ts startWorkerProcess) to have those encoded too.
 */
export async function startScaleioWorker(
  deps: ScaleioDeps = {},
  opts: CodecOptions = {}
): Promise<{ worker: Worker; connection: NativeConnection }> {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: testServer.address });
  const worker = await createScaleioWorker({
    connection,
    namespace: 'default',
    workflowBundle: { codePath: testServer.bundlePath },
    deps,
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
  });
  return { worker, connection };
}

/** Unique per test run, so tests never collide on deterministic workflow ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Starts a workflow the operator's way: `temporal workflow start` on the command line, against the test server. */
export async function startWithCli(type: string, workflowId: string, input: unknown): Promise<void> {
  await promisify(execFile)(TEMPORAL_BIN, [
    'workflow',
    'start',
    '--address',
    testServer.address,
    '--type',
    type,
    '--task-queue',
    TASK_QUEUE_SCALEIO,
    '--workflow-id',
    workflowId,
    '--input',
    JSON.stringify(input),
  ]);
}
