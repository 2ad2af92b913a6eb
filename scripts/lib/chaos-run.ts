// One chaos run: a fresh world and cluster, a 5-node MDM bootstrap of every agent as a data node, the faults
// injected at their moments, then the end state checked against the simulator and the retries read from history.
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import { waitFor } from '../../test/support/bridge-process';
import { checkEndState, type EndState } from './chaos-check';
import type { ChaosFault, FaultContext } from './chaos-faults';
import { retriesOf, type Retry } from './chaos-history';
import { startChaosStack } from './chaos-stack';
import type { ChaosTemporal } from './chaos-temporal';

export interface RunOptions {
  agents: number;
  temporal?: ChaosTemporal;
  /** Give up on a bootstrap after this long. */
  timeoutMs?: number;
}

export interface RunResult {
  fault: string;
  survived: boolean;
  end?: EndState;
  retries: Retry[];
  notes: string[];
  problems: string[];
  ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bootstrap's outcome; a client error (e.g. the server is down for a moment) is retried until the deadline. */
async function outcome(handle: WorkflowHandle, deadline: number): Promise<'completed' | string> {
  while (Date.now() < deadline) {
    try {
      await handle.result();
      return 'completed';
    } catch (err) {
      if (err instanceof WorkflowFailedError) return `bootstrap failed: ${err.cause?.message ?? err.message}`;
      await sleep(1000);
    }
  }
  await handle.terminate('chaos run timed out').catch(() => undefined);
  return 'bootstrap did not finish in time';
}

export async function runChaos(faults: ChaosFault[], opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const name = faults.map((f) => f.name).join('+');
  const offerTimeoutMs = faults.find((f) => f.mesos?.offerTimeoutMs)?.mesos?.offerTimeoutMs;
  const notes: string[] = [];
  const problems: string[] = [];
  let chaos: Awaited<ReturnType<typeof startChaosStack>>;
  try {
    chaos = await startChaosStack('chaos', {
      agents: opts.agents,
      ...(offerTimeoutMs ? { mesos: { offerTimeoutMs } } : {}),
    });
  } catch (err) {
    // A stack that does not come up is this run's failure, not the end of the suite.
    problems.push(`stack did not start: ${err instanceof Error ? err.message : String(err)}`);
    return { fault: name, survived: false, retries: [], notes, problems, ms: Date.now() - started };
  }
  const { stack, cluster } = chaos;
  const client = stack.worker.client;
  try {
    const handle = await client.workflow.start('bootstrapCluster', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: workflowIds.bootstrap(cluster),
      args: [stack.spec({ mdmMode: 5, waitForAgentsMinutes: 2 })],
    });
    const ctx: FaultContext = { chaos, handle, ...(opts.temporal ? { temporal: opts.temporal } : {}) };
    const injected = Promise.all(
      faults.map((f) =>
        f.inject(ctx).then(
          (note) => notes.push(`${f.name}: ${note}`),
          (err: unknown) => problems.push(`${f.name} not injected: ${err instanceof Error ? err.message : String(err)}`)
        )
      )
    );
    const result = await outcome(handle, started + (opts.timeoutMs ?? 600_000));
    await injected;
    if (result !== 'completed') problems.push(result);

    // The bootstrap returned, so its tasks ended; give the last status updates a moment to land.
    const live = () => stack.world.mesos.taskLog().filter((t) => t.finalState === undefined).length;
    await waitFor(
      'the last tasks to end',
      async () => live(),
      (n) => n === 0,
      10_000
    ).catch(() => undefined);
    const frameworkId = (await chaos.bridge().health()).frameworkId;
    const end = checkEndState(stack.world, { mdmMode: 5, ...(frameworkId ? { frameworkId } : {}) });
    problems.push(...end.problems);

    const ids = [
      workflowIds.bootstrap(cluster),
      ...stack.world.registry.list().map((n) => workflowIds.onboard(cluster, n.hostname)),
    ];
    const retries = await retriesOf(client, ids);
    for (const f of faults) {
      if (f.retryCause && !retries.some((r) => f.retryCause!.test(r.cause)))
        problems.push(`${f.name}: no retry caused by ${f.retryCause} in the workflow histories`);
      const missing = await f.evidence?.(ctx);
      if (missing) problems.push(`${f.name}: ${missing}`);
    }
    return { fault: name, survived: problems.length === 0, end, retries, notes, problems, ms: Date.now() - started };
  } catch (err) {
    problems.push(`run error: ${err instanceof Error ? err.message : String(err)}`);
    return { fault: name, survived: false, retries: [], notes, problems, ms: Date.now() - started };
  } finally {
    await client.workflow
      .getHandle(workflowIds.supervisor(cluster))
      .terminate('chaos run over')
      .catch(() => undefined);
    await chaos.stop();
  }
}
