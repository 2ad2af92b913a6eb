// Secrets end to end, with payload encryption on for the worker process, the bridge process and the client:
// a bootstrap runs against a Mesos master that requires the bridge's principal secret, and an operator's slip
// (the admin password typed into a spec) is recorded too. The RAW history read from the server (no codec)
// holds neither the gateway password, nor the Mesos secret, nor key material; every payload is binary/encrypted
// under the newest key id and every failure message is encoded; search attributes and workflow ids are in clear
// and carry no secret. A client with the key, the codec server and the `temporal` CLI through it decode them.
// The captured logs of the worker and bridge processes hold no secret either.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { codecFromConfig, startCodecServer, type CodecServer, type EncryptionCodec } from '../../common/codec';
import { TASK_QUEUE_SCALEIO, workflowIds } from '../../common/names';
import type { Child } from '../../scripts/lib/child';
import { REPO_ROOT, TEMPORAL_BIN } from '../../scripts/lib/temporal-dev-server';
import type { BootstrapReport } from '../../workflows/bootstrap-cluster';
import { waitFor } from '../support/bridge-process';
import { ADMIN_PASSWORD, startStack, startWorkerProcess, type Stack } from '../support/stack';
import { connectClient, testServer, uniqueName } from '../support/temporal';

const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
const MESOS_PRINCIPAL = 'scaleio-framework';
const MESOS_SECRET = `mesos-${randomBytes(9).toString('base64url')}`;
const CODEC_TOKEN = randomBytes(12).toString('hex');
const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const keysFile = join(dir, 'codec-keys');
writeFileSync(keysFile, `# oldest first\nold=${OLD_KEY}\nnew=${NEW_KEY}\n`, { mode: 0o600 });
writeFileSync(join(dir, 'mesos-secret'), `${MESOS_SECRET}\n`, { mode: 0o600 });
const SECRETS = {
  'gateway admin password': ADMIN_PASSWORD,
  'Mesos secret': MESOS_SECRET,
  'old key': OLD_KEY,
  'new key': NEW_KEY,
};

let stack: Stack;
let worker: Child | undefined;
let raw: Awaited<ReturnType<typeof connectClient>> | undefined;
let codecServer: CodecServer | undefined;
const codec = codecFromConfig({ keysFile }) as EncryptionCodec;
const workerLog: string[] = [];

beforeAll(async () => {
  stack = await startStack(uniqueName('secrets'), {
    agents: 3,
    inProcessWorker: false,
    codecKeysFile: keysFile,
    mesos: { credentials: [{ principal: MESOS_PRINCIPAL, secret: MESOS_SECRET }] },
    bridgeEnv: { MESOS_PRINCIPAL, MESOS_SECRET_FILE: join(dir, 'mesos-secret'), SCALEIO_LOG_LEVEL: 'debug' },
  });
  worker = startWorkerProcess(stack.world, dir, {
    env: { SCALEIO_CODEC_KEYS_FILE: keysFile, SCALEIO_LOG_LEVEL: 'debug' },
    onLine: (line) => workerLog.push(line),
  });
  raw = await connectClient(); // no codec: sees what the server stores
  codecServer = await startCodecServer({ codec, token: CODEC_TOKEN });
}, 120_000);

afterAll(async () => {
  await codecServer?.close();
  await raw?.close();
  await worker?.stop();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type History = temporal.api.history.v1.IHistory;

/** Every event of a workflow's history exactly as the server stores it (no codec in this client). */
async function rawHistory(client: Client, workflowId: string): Promise<History> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const res = await client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      maximumPageSize: 500,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(res.history?.events ?? []));
    nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

/** Calls visit on every object inside a decoded proto message, with its path. */
function walk(value: unknown, visit: (obj: Record<string, unknown>, path: string) => void, path = ''): void {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
  if (Array.isArray(value)) return value.forEach((v, i) => walk(v, visit, `${path}[${i}]`));
  visit(value as Record<string, unknown>, path);
  for (const [k, v] of Object.entries(value)) walk(v, visit, `${path}.${k}`);
}

/** All text in a proto message: its strings and its bytes read as UTF-8 (payload data included). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value !== 'object' || value === null) return '';
  return Object.values(value).map(textOf).join('\n');
}

interface Scan {
  payloads: { path: string; encoding: string; keyId: string }[];
  searchAttributes: unknown[];
  failures: { path: string; message: unknown; applicationFailure: boolean }[];
}

function scanPayloads(history: History): Scan {
  const scan: Scan = { payloads: [], searchAttributes: [], failures: [] };
  const meta = (m: unknown, k: string) => Buffer.from((m as Record<string, Uint8Array>)[k] ?? []).toString('utf8');
  walk(history, (obj, path) => {
    if (obj.data instanceof Uint8Array && typeof obj.metadata === 'object' && obj.metadata !== null) {
      if (path.includes('searchAttributes')) scan.searchAttributes.push(obj);
      else
        scan.payloads.push({
          path,
          encoding: meta(obj.metadata, 'encoding'),
          keyId: meta(obj.metadata, 'encryption-key-id'),
        });
    }
    if (Object.keys(obj).some((k) => k.endsWith('FailureInfo')) || obj.encodedAttributes)
      scan.failures.push({ path, message: obj.message, applicationFailure: Boolean(obj.applicationFailureInfo) });
  });
  return scan;
}

/** Names of the secrets found in this text (none expected). */
function leaked(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, s]) => text.includes(s))
    .map(([name]) => name);
}

const typoId = () => workflowIds.bootstrap(`${stack.cluster}-typo`);

test('a bootstrap, and a spec with the password typed in by mistake, run with the codec on', async () => {
  const { client } = stack.worker; // this client has the codec
  const report: BootstrapReport = await client.workflow.execute('bootstrapCluster', {
    taskQueue: TASK_QUEUE_SCALEIO,
    workflowId: workflowIds.bootstrap(stack.cluster),
    args: [stack.spec({ waitForAgentsMinutes: 2 })],
  });
  expect([report.cluster, report.mdms.length]).toEqual([stack.cluster, 3]);
  // The slip: the admin password in the spec. It is refused, but its input is in history for good.
  const err = await client.workflow
    .execute('bootstrapCluster', {
      taskQueue: TASK_QUEUE_SCALEIO,
      workflowId: typoId(),
      args: [{ ...stack.spec(), name: `${stack.cluster}-typo`, password: ADMIN_PASSWORD }],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as { type?: string; message: string };
  // Decoded by the client with the key: the real failure, not "Encoded failure".
  expect(cause.type).toBe('InvalidSpec');
  expect(cause.message).toMatch(/password: must not be given in clear/);
}, 300_000);

test('the raw history holds no secret: payloads encrypted under the newest key, failures encoded', async () => {
  const ids = [workflowIds.bootstrap(stack.cluster), workflowIds.supervisor(stack.cluster), typoId()];
  const listed = await raw!.client.workflowService.listWorkflowExecutions({
    namespace: 'default',
    query: `ScaleioCluster = "${stack.cluster}"`,
    pageSize: 1000,
  });
  for (const e of listed.executions ?? [])
    if (!ids.includes(e.execution!.workflowId!)) ids.push(e.execution!.workflowId!);
  expect(ids.length).toBeGreaterThan(3); // the on-boarding children are there too
  // Workflow ids, memos and search attributes as the server lists them.
  expect(leaked(textOf(listed))).toEqual([]);
  for (const id of ids) expect([id, leaked(id)]).toEqual([id, []]);

  const histories = await Promise.all(ids.map(async (id) => [id, await rawHistory(raw!.client, id)] as const));
  // First the plain question: is any secret readable in what the server stores?
  expect(histories.map(([id, h]) => [id, leaked(textOf(h))])).toEqual(ids.map((id) => [id, []]));
  const counts = { encrypted: 0, searchAttributes: 0, failures: 0 };
  for (const [id, history] of histories) {
    const scan = scanPayloads(history);
    // Search attributes are indexed in clear by design: names only.
    for (const p of scan.searchAttributes) expect(leaked(textOf(p))).toEqual([]);
    // The one exception: a patched() marker carries its patch id, written by the SDK's core outside the payload
    // codec; it is a name from our code, and the leak check above covers it like everything else.
    const patchMarker = (p: { path: string }) => /markerRecordedEventAttributes\.details\.patch-data\./.test(p.path);
    const notEncrypted = scan.payloads.filter(
      (p) => !patchMarker(p) && (p.encoding !== 'binary/encrypted' || p.keyId !== 'new')
    );
    expect([id, notEncrypted]).toEqual([id, []]);
    const plainFailures = scan.failures.filter((f) => f.applicationFailure && f.message !== 'Encoded failure');
    expect([id, plainFailures]).toEqual([id, []]);
    counts.encrypted += scan.payloads.length;
    counts.searchAttributes += scan.searchAttributes.length;
    counts.failures += scan.failures.length;
  }
  expect(counts.encrypted).toBeGreaterThan(50);
  expect(counts.searchAttributes).toBeGreaterThan(0);
  expect(counts.failures).toBeGreaterThan(0); // at least the typo's InvalidSpec, encoded
});

test('with the key, the same raw payloads decode: in process, through the codec server, and in the CLI', async () => {
  const history = await rawHistory(raw!.client, typoId());
  const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0] as Payload;
  const [decoded] = await codec.decode([input]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toMatchObject({ password: ADMIN_PASSWORD });

  // The Temporal CLI (as an operator would) with and without the codec server.
  const show = async (...extra: string[]) =>
    (
      await promisify(execFile)(
        TEMPORAL_BIN,
        ['workflow', 'show', '--address', testServer.address, '--workflow-id', typoId(), '--output', 'json', ...extra],
        { maxBuffer: 16 * 1024 * 1024 }
      )
    ).stdout;
  // The CLI prints payload data as base64: read it as text to search it.
  const withData = (json: string) =>
    [
      json,
      ...[...json.matchAll(/"data":\s*"([A-Za-z0-9+/=]*)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString()),
    ].join('\n');
  const plainView = withData(await show());
  expect(plainView).toContain(Buffer.from('binary/encrypted').toString('base64')); // metadata is base64 too
  expect(leaked(plainView)).toEqual([]);
  expect(plainView).not.toContain('must not be given in clear');
  const viaServer = withData(await show('--codec-endpoint', codecServer!.url, '--codec-auth', `Bearer ${CODEC_TOKEN}`));
  expect(viaServer).toContain(`"password":"${ADMIN_PASSWORD}"`); // the typed-in spec, decoded
  expect(viaServer).toContain('must not be given in clear'); // the failure message, decoded
});

test('the worker and bridge logs hold no secret', async () => {
  await waitFor(
    'both processes to have logged',
    async () => [workerLog.length, stack.bridge.output.length],
    ([w, b]) => (w ?? 0) > 0 && (b ?? 0) > 0
  );
  expect(workerLog.some((l) => l.includes('"payloads":"encrypted"'))).toBe(true);
  expect(stack.bridge.output.some((l) => l.includes('"payloads":"encrypted"'))).toBe(true);
  expect(leaked(workerLog.join('\n'))).toEqual([]);
  expect(leaked(stack.bridge.output.join('\n'))).toEqual([]);
});

test('a bad key stops the worker, the bridge and the codec server before they connect, naming the setting', async () => {
  const run = (entry: string) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', SCALEIO_CODEC_KEY: 'dG9vIHNob3J0' },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr.trim() })
    );
  const results = await Promise.all(['workers/main.ts', 'mesos-bridge/main.ts', 'workers/codec-server.ts'].map(run));
  for (const [i, name] of ['worker', 'mesos-bridge', 'codec-server'].entries()) {
    expect(results[i]).toEqual({
      code: 2,
      stderr: `${name}: configuration has 1 problem: SCALEIO_CODEC_KEY: must decode to 32 bytes (AES-256), got 9; e.g. \`openssl rand -base64 32\``,
    });
  }
}, 90_000);
