// The worker process (workers/main.ts) serves the Temporal SDK's runtime metrics in Prometheus text on
// SCALEIO_WORKER_METRICS_PORT, and its log lines about an activity carry the workflow id. docs/observability.md
// names these metrics and gives alert rules over them; this test scrapes a real worker so the names stay true.
//
// The process listens on task queue `scaleio` of the shared test server: run this file alone or in band (as
// `npm test` does), not next to another file's scaleio worker.
import { WorkflowFailedError } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { Child } from '../../scripts/lib/child';
import { startTsProcess } from '../../scripts/lib/child';
import { freePort } from '../../scripts/lib/ports';
import { waitFor } from '../support/bridge-process';
import { connectClient, testServer, uniqueName } from '../support/temporal';

const root = join(__dirname, '../..');
const lines: string[] = [];
/** Every metric family the worker exported during this file's tests (histogram suffixes dropped). */
const exported = new Set<string>();
let worker: Child;
let metricsUrl: string;
let client: Awaited<ReturnType<typeof connectClient>>;
const validSpec = JSON.parse(readFileSync(join(root, 'docs/examples/cluster-spec.json'), 'utf8')) as Record<
  string,
  unknown
>;

const family = (name: string) => name.replace(/_(bucket|count|sum)$/, '');

/** Sample name → summed value, from Prometheus text (labels dropped). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m?.[1]) out.set(m[1], (out.get(m[1]) ?? 0) + Number(m[3]));
  }
  for (const name of out.keys()) exported.add(family(name));
  return out;
}

async function scrape(): Promise<Map<string, number>> {
  try {
    const res = await fetch(`${metricsUrl}/metrics`);
    return res.ok ? samples(await res.text()) : new Map();
  } catch {
    return new Map(); // not listening yet
  }
}

beforeAll(async () => {
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}`;
  worker = startTsProcess(
    'worker',
    'workers/main.ts',
    {
      TEMPORAL_ADDRESS: testServer.address,
      TEMPORAL_NAMESPACE: 'default',
      SCALEIO_LOG_LEVEL: 'info',
      SCALEIO_WORKER_METRICS_PORT: String(port),
    },
    (line) => lines.push(line)
  );
  await waitFor(
    'the worker to start',
    () => Promise.resolve(lines.some((l) => l.includes('"worker started"'))),
    (up) => up,
    90000
  );
  client = await connectClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
});

test('the worker serves temporal_ runtime metrics for the workflows and activities it ran', async () => {
  const cluster = uniqueName('metrics');
  const spec = await client.client.workflow.execute('validateClusterSpec', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.validateSpec(cluster),
    args: [{ ...validSpec, name: cluster }],
  });
  expect(spec).toMatchObject({ name: cluster });

  const wanted = [
    'temporal_workflow_completed',
    'temporal_workflow_task_schedule_to_start_latency_count',
    'temporal_workflow_task_execution_latency_count',
    'temporal_activity_schedule_to_start_latency_count',
    'temporal_activity_execution_latency_count',
    'temporal_worker_task_slots_available',
    'temporal_request',
  ];
  // The SDK exports on its own cadence; wait until every family has counted this run.
  const seen = await waitFor(
    'the runtime metrics of one workflow and one activity',
    scrape,
    (m) => wanted.every((name) => (m.get(name) ?? 0) > 0),
    30000
  );
  expect([...seen.keys()].filter((n) => n.startsWith('temporal_')).length).toBeGreaterThanOrEqual(wanted.length);
});

test('a failed activity counts in temporal_activity_execution_failed and logs its workflow id', async () => {
  const before = (await scrape()).get('temporal_activity_execution_failed') ?? 0;
  const workflowId = workflowIds.validateSpec(uniqueName('metrics-bad'));
  const err = await client.client.workflow
    .execute('validateClusterSpec', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId,
      args: [{ ...validSpec, mdmMode: 4 }],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);

  await waitFor(
    'temporal_activity_execution_failed to count the failure',
    scrape,
    (m) => (m.get('temporal_activity_execution_failed') ?? 0) > before && m.has('temporal_workflow_failed'),
    30000
  );
  // The SDK's activity logger adds the workflow id to its own lines; our logger keeps them as JSON fields.
  const line = await waitFor(
    'the worker to log the failed activity',
    () => Promise.resolve(lines.find((l) => l.includes(workflowId))),
    (l) => l !== undefined,
    10000
  );
  const record = JSON.parse(line ?? '{}') as Record<string, unknown>;
  expect(record).toMatchObject({
    level: 'warn',
    component: 'worker',
    msg: 'Activity failed',
    workflowId,
    workflowType: 'validateClusterSpec',
    activityType: 'validateClusterSpec',
    taskQueue: TASK_QUEUE_SCALEIO,
  });
});

// Runs after the two tests above, once the worker has counted a success and a failure.
test("the doc's alert rules parse and use only metrics the worker or the bridge exports", async () => {
  await scrape();
  const doc = readFileSync(join(root, 'docs/observability.md'), 'utf8');
  const block = /<!-- alert-rules -->\s*```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(block).toBeDefined();
  const rules = (parse(block ?? '') as { groups: { rules: Record<string, unknown>[] }[] }).groups.flatMap(
    (g) => g.rules
  );
  expect(rules.length).toBeGreaterThanOrEqual(8);
  const bridgeSource = readFileSync(join(root, 'mesos-bridge/metrics.ts'), 'utf8');
  // Counted only once a workflow task fails (a non-determinism error after a bad deploy): not provoked here.
  const eventOnly = new Set(['temporal_workflow_task_execution_failed']);
  for (const rule of rules) {
    expect(rule).toMatchObject({
      alert: expect.stringMatching(/^Scaleio[A-Za-z]+$/),
      expr: expect.any(String),
      labels: { severity: expect.stringMatching(/^(warning|critical)$/) },
      annotations: { summary: expect.any(String) },
    });
    for (const [name] of String(rule.expr).matchAll(/\b(temporal|scaleio_bridge)_[a-z_]+/g)) {
      const base = family(name);
      const known = base.startsWith('scaleio_bridge_')
        ? bridgeSource.includes(`'${base}'`)
        : exported.has(base) || eventOnly.has(base);
      expect([rule.alert, base, known]).toEqual([rule.alert, base, true]);
    }
  }
});
