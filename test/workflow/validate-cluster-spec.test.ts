import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { ClusterSpec } from '../../common/spec';
import { validateClusterSpec } from '../../workflows';
import { goodSpec } from '../fixtures/specs';
import { startWithCli, testServer, uniqueName } from '../support/temporal';
import { runScaleioWorker, type Running } from '../support/worker-lifecycle';

let env: Running;
let client: Client;
beforeAll(async () => {
  env = await runScaleioWorker();
  client = env.client;
});
afterAll(() => env.stop());

async function validate(input: unknown, name = uniqueName('spec')) {
  return client.workflow.execute(validateClusterSpec, {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.validateSpec(name),
    args: [input],
  });
}

async function failureOf(input: unknown): Promise<ApplicationFailure> {
  const err = await validate(input).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

test('a good spec comes back normalized, with defaults filled in', async () => {
  const name = uniqueName('good');
  const spec = await validate(goodSpec(name), name);
  expect(spec.name).toBe(name);
  expect(spec.mdmMode).toBe(3);
  expect(spec.autoOnboard).toBe(true);
  expect(spec.nodeSelection.mdmMinMemMb).toBe(3072);
  expect(spec.packages.urls.rhel7.sds).toBe(
    'http://127.0.0.1:8080/packages/EMC-ScaleIO-sds-2.0-10000.2072.el7.x86_64.rpm'
  );
});

test.each([
  ['mdmMode', { mdmMode: 4 }, 'must be one of 3, 5'],
  ['name', { name: 'Bad Name; rm -rf /' }, 'must be a lowercase letter'],
  ['passwordRef', { passwordRef: 'hunter2' }, 'must be env:VARIABLE_NAME or file:/absolute/path'],
  ['password', { password: 'Scaleio123' }, 'must not be given in clear'],
  [
    'packages.version',
    { packages: { repository: 'http://127.0.0.1/p', version: 'latest' } },
    'must be a ScaleIO package version',
  ],
  ['protectionDomain', { protectionDomain: 'x'.repeat(40) }, 'must be 1 to 31 letters'],
  ['mdmMdoe', { mdmMdoe: 5 }, 'is not a known field'],
])('bad %s fails with InvalidSpec naming the field', async (field, patch, problem) => {
  const failure = await failureOf({ ...goodSpec(uniqueName('bad')), ...patch });
  expect(failure.type).toBe('InvalidSpec');
  expect(failure.nonRetryable).toBe(true);
  expect(failure.message).toContain(`${field}: ${problem}`);
});

test('every bad field is named at once', async () => {
  const failure = await failureOf({ name: 'ok-name', mdmMode: 7, passwordRef: 'nope' });
  expect(failure.message).toMatch(/has 3 problems/);
  for (const field of ['mdmMode', 'passwordRef', 'packages']) expect(failure.message).toContain(`${field}:`);
});

test('the operator path: `temporal workflow start` on the command line, result read with the TS client', async () => {
  const name = uniqueName('cli');
  const workflowId = workflowIds.validateSpec(name);
  await startWithCli('validateClusterSpec', workflowId, goodSpec(name));
  const result: ClusterSpec = await client.workflow.getHandle(workflowId).result();
  expect(result.name).toBe(name);
  expect(result.storagePool).toBe('sp1');
});

test('the UI serves its page and the HTTP API lists what ran, filterable by cluster', async () => {
  const name = uniqueName('ui');
  await validate(goodSpec(name), name);
  const page = await fetch(testServer.uiUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/<html/i);

  const query = encodeURIComponent(`ScaleioCluster = '${name}'`);
  const res = await fetch(`${testServer.httpUrl}/api/v1/namespaces/default/workflows?query=${query}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { executions?: { execution: { workflowId: string }; type: { name: string } }[] };
  const listed = body.executions ?? [];
  expect(listed.map((e) => e.execution.workflowId)).toEqual([workflowIds.validateSpec(name)]);
  expect(listed[0]?.type.name).toBe('validateClusterSpec');
});
