// Pre-configured mode (the old framework's default): a cluster already built (MDMs mdm1/mdm2/tb, SDSs sds_<ip>,
// REX-Ray and the isolator in place — what the old framework leaves) is adopted: every MDM address is checked
// against the live MDM cluster, every node is probed and found on-boarded, nothing is installed twice, and the
// supervisor takes over. A wrong role in the pre-configuration is refused before anything changes.
import { WorkflowFailedError } from '@temporalio/client';
import { clusterContextQuery, membersQuery } from '../../common/messages';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { BootstrapReport } from '../../workflows/bootstrap-cluster';
import { waitFor } from '../support/bridge-process';
import { startStack, type Stack } from '../support/stack';
import { uniqueName } from '../support/temporal';

let stack: Stack;
let built: BootstrapReport;

beforeAll(async () => {
  stack = await startStack(uniqueName('adopt'), { agents: 4 });
  built = await stack.worker.client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(stack.cluster),
    args: [stack.spec()],
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

const byRole = (role: string) => built.mdms.find((m) => m.role === role)!;

test('a wrong role in preconfiguredMdms is refused, naming the field, and nothing changes', async () => {
  const installs = stack.world.registry.installLog.list().length;
  const err = await stack.worker.client.workflow
    .execute('bootstrapCluster', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: uniqueName('adopt-wrong'),
      args: [
        stack.spec({
          preconfiguredMdms: {
            primary: byRole('primary').ip,
            secondary: byRole('tiebreaker').ip,
            tiebreaker: byRole('secondary').ip,
          },
        }),
      ],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  expect(cause.type).toBe('InvalidSpec');
  expect(cause.message).toMatch(/^preconfiguredMdms\.(secondary|tiebreaker): .* is the (tiebreaker|secondary) MDM/);
  expect(stack.world.registry.installLog.list()).toHaveLength(installs);
}, 120_000);

test('adopting the built cluster finds every node on-boarded, installs nothing, and hands over', async () => {
  const { world, worker, cluster } = stack;
  const installs = world.registry.installLog.list().length;
  const tasksBefore = world.mesos.taskLog().length;
  const sdsBefore = world.cluster
    .snapshot()
    .sds.map((s) => s.name)
    .sort();
  const report: BootstrapReport = await worker.client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(cluster),
    workflowIdConflictPolicy: 'FAIL',
    args: [
      stack.spec({
        preconfiguredMdms: {
          primary: byRole('primary').ip,
          secondary: byRole('secondary').ip,
          tiebreaker: byRole('tiebreaker').ip,
        },
      }),
    ],
  });
  expect(report.mode).toBe('adopted');
  expect(report.mdms.map((m) => [m.role, m.ip])).toEqual(built.mdms.map((m) => [m.role, m.ip]));
  // Every node: found, nothing changed.
  for (const node of report.dataNodes) {
    expect(node).toMatchObject({ onboarded: true, changed: [] });
    expect(node.found).toEqual(
      expect.arrayContaining(['install-sds', 'install-sdc', 'install-rexray', 'install-isolator'])
    );
  }
  expect(world.registry.installLog.list()).toHaveLength(installs);
  // Probing, not trusting records: every node was probed, and no install task ran at all.
  const tasks = world.mesos.taskLog().slice(tasksBefore);
  expect(tasks.filter((t) => !/probe-node/.test(t.name)).map((t) => `${t.hostname} ${t.name}`)).toEqual([]);
  expect(new Set(tasks.map((t) => t.hostname)).size).toBe(4);
  expect(
    world.cluster
      .snapshot()
      .sds.map((s) => s.name)
      .sort()
  ).toEqual(sdsBefore);
  const ctx = await worker.client.workflow.getHandle(workflowIds.supervisor(cluster)).query(clusterContextQuery);
  expect(ctx?.mdms.map((m) => m.ip)).toEqual(built.mdms.map((m) => m.ip));

  // The adopted cluster on-boards a new agent the usual way, with its installs.
  const added = await world.addAgent();
  const supervisor = worker.client.workflow.getHandle(workflowIds.supervisor(cluster));
  await waitFor(
    `${added} on-boarded by the supervisor`,
    () => supervisor.query(membersQuery),
    (members) => members.find((m) => m.hostname === added)?.onboarding === 'done',
    240_000
  );
  const newInstalls = world.registry.installLog.list().filter((e) => e.hostname === added && e.action !== 'remove');
  expect(newInstalls.map((e) => e.package)).toEqual(expect.arrayContaining([expect.stringMatching(/sds/i)]));
}, 400_000);
