// The bad-input corpus (bad-input-table.ts) against the real stack: bridge process, in-process worker, simulated
// world with 3 agents. Every workflow is started the operator's way with malformed and hostile inputs and must fail
// at once with a typed non-retryable ApplicationFailure naming the field, before any activity beyond the spec
// check, launching no Mesos task. The supervisor's messages: a malformed signal is ignored and logged and changes
// nothing; the beginProcedure update's validator refuses a malformed claim. Afterwards no task ran at all and the
// simulated ScaleIO cluster and nodes are as they were.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { beginProcedureUpdate, progressQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO } from '../../common/names';
import { startStack, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';
import { badInputRows, CLAIMS, show, SIGNALS } from './bad-input-table';
import { brief, carriedState, pool, settle, sleep, timeless, type Seen } from './bad-input-watch';

const cluster = uniqueName('bad');
const ROWS = badInputRows(cluster);
/** Activities a workflow may run before it refuses its input: the spec check is one. */
const ALLOWED: Record<string, string[]> = {
  validateClusterSpec: ['validateClusterSpec'],
  bootstrapCluster: ['validateClusterSpec'],
};
const logs: LogEntry[] = [];
let stack: Stack;
let before: unknown;
const seen: Seen[] = [];
const ids = ROWS.map((_, i) => `bad-input/${cluster}/${i}`);
const started: WorkflowHandle[] = [];

const simState = () => timeless({ scaleio: stack.world.cluster.snapshot(), nodes: stack.world.registry.snapshot() });

beforeAll(async () => {
  // The worker's logger, to see what the supervisor logs about a malformed signal (installed before any worker).
  Runtime.install({ logger: new DefaultLogger('WARN', (e) => logs.push(e)) });
  stack = await startStack(cluster, { agents: 3 });
  before = simState();
  const results = await pool(ROWS, 8, async (row, i) => {
    const args = [row.input];
    const h = await stack.worker.client.workflow.start(row.wf, {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: ids[i]!,
      args,
    });
    return settle(h, ALLOWED[row.wf] ?? []);
  });
  seen.push(...results);
}, 180_000);

afterAll(async () => {
  await Promise.all(started.map((h) => h.terminate('bad-input test done').catch(() => undefined)));
  await stack?.stop();
});

/** The Mesos tasks a workflow launched (the bridge derives task ids from the workflow id). */
const tasksOf = (workflowId: string) =>
  stack.world.mesos
    .taskLog()
    .filter((t) => t.taskId.startsWith(`scaleio.${workflowId.replace(/[^A-Za-z0-9_.-]+/g, '.')}.`));

describe('every workflow refuses bad input with a typed non-retryable failure naming the field', () => {
  it.each(ROWS.map((r, i) => [`${r.wf}: ${r.label}`, r, i] as const))('%s', (_, row, i) => {
    const s = seen[i]!;
    const count = /has (\d+) problems?:/.exec(s.message)?.[1];
    expect({
      ...s,
      names: s.message.includes(`${row.field}: `) ? row.field : `(not named) ${s.message.slice(0, 200)}`,
      problems: count === undefined ? 1 : Number(count),
      tasks: tasksOf(ids[i]!).length,
    }).toMatchObject({
      outcome: 'failed',
      type: row.type,
      nonRetryable: true,
      names: row.field,
      problems: 1,
      acted: [],
      tasks: 0,
    });
  });
});

describe('clusterSupervisor messages', () => {
  const POLICY = { autoOnboard: false, requireAttributes: { rack: 'r1' }, maxParallelOnboardings: 2 };
  const MEMBER = {
    hostname: 'node-9',
    agentId: 'a9',
    status: 'present',
    attributes: {},
    discoveries: 1,
    onboarding: 'pending',
  };
  const signalled: { wedged: boolean; logged: boolean; policy: string; members: string }[] = [];
  let claims: WorkflowHandle;

  /** A supervisor holding POLICY and MEMBER that continues as new after a few events (to show its state). */
  async function supervisor(id: string) {
    const args = [{ cluster: uniqueName('sup'), policy: POLICY, members: [MEMBER], continueAsNewAfterEvents: 12 }];
    const h = await stack.worker.client.workflow.start('clusterSupervisor', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: id,
      args,
    });
    started.push(h);
    return h;
  }

  const warned = (id: string, signal: string) =>
    logs.some((e) => e.level === 'WARN' && e.message.includes(signal) && e.meta?.workflowId === id);

  beforeAll(async () => {
    const results = await pool(SIGNALS, 8, async ([name, payload], i) => {
      const id = `bad-input/${cluster}/signal-${i}`;
      const h = await supervisor(id);
      await h.signal(name, payload);
      const state = await carriedState(stack.worker.client, id, h.firstExecutionRunId);
      // The worker hands workflow log lines to its logger after the workflow task: look a little while.
      for (let n = 0; n < 100 && !warned(id, name); n++) await sleep(50);
      const logged = warned(id, name);
      return state === 'wedged'
        ? { wedged: true, logged, policy: '?', members: '?' }
        : { wedged: false, logged, policy: brief(state.policy), members: brief(state.members) };
    });
    signalled.push(...results);
    claims = await supervisor(`bad-input/${cluster}/claims`);
  }, 120_000);

  it.each(SIGNALS.map(([name, payload], i) => [`${name} ${show(payload)}`, i] as const))(
    'signal %s is ignored and logged; policy and members unchanged',
    (_, i) => {
      expect(signalled[i]).toEqual({ wedged: false, logged: true, policy: brief(POLICY), members: brief([MEMBER]) });
    }
  );

  it.each(CLAIMS)(
    'update beginProcedure with %s is refused by its validator, naming the field',
    async (_, claim, field) => {
      const err = await claims.executeUpdate(beginProcedureUpdate, { args: [claim as never] }).then(
        () => undefined,
        (e: unknown) => e
      );
      const refused = err instanceof WorkflowUpdateFailedError;
      const message = refused ? (err.cause?.message ?? err.message) : err ? String(err) : 'accepted: registered';
      expect({ refused, names: message.includes(field) ? field : message }).toEqual({ refused: true, names: field });
    }
  );

  it('the refused claims registered nothing', async () => {
    const progress = await claims.query(progressQuery);
    const registered = progress.phases.find((p) => p.name === 'procedures')?.steps ?? [];
    expect(registered.map((s) => `${s.detail ?? ''} ${brief(s.name)}`)).toEqual([]);
  });
});

test('nothing ran: no Mesos task, and the simulated ScaleIO cluster and nodes are unchanged', () => {
  expect(stack.world.mesos.taskLog().map((t) => `${t.hostname}: ${t.name} (${t.taskId})`)).toEqual([]);
  expect(stack.world.registry.installLog.list()).toEqual([]);
  expect(simState()).toEqual(before);
});
