// Determinism guard: recorded histories of every procedure (test/fixtures/histories/<NNN>/<workflowType>.json) are
// replayed against the current workflow bundle, so a code change that would break running workflows fails CI. Every
// recording is kept, numbered in order: a run begun under the code of that time (its patches) may still be running.
//
// When this test fails, the change is the bug: guard the new behaviour with patched('<change-id>') so running
// workflows keep the old path. Record anew only after such an intentional, patched() change has been shown to replay
// the old fixtures (or when a procedure is added), and commit the new fixtures with the change:
//
//   npx tsx scripts/record-histories.ts
//
// (It starts its own Temporal dev server, simulated world, bridge and worker; about a minute. It writes the
// next numbered directory; the newest must hold every workflow type.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import * as workflows from '../../workflows';
import type { CanaryActivities } from '../fixtures/workflows';
import { connectClient, testServer } from '../support/temporal';

const History = temporal.api.history.v1.History;
type History = temporal.api.history.v1.IHistory;

/** A fixture as scripts/record-histories.ts writes it: the history in the generated message's plain-object form. */
interface Fixture {
  workflowId: string;
  workflowType: string;
  history: Record<string, unknown>;
}

const FIXTURES_DIR = join(__dirname, '../fixtures/histories');

/** The recordings, one numbered directory each (001, 002, …), oldest first. */
function recordings(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function loadFixtures(dir: string): Fixture[] {
  return readdirSync(join(FIXTURES_DIR, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(FIXTURES_DIR, dir, f), 'utf8')) as Fixture);
}

/**
 * Read with the generated History.fromObject, not historyFromJSON: the project pins protobufjs 7 and each SDK
 * package carries its own protobufjs 8, so historyFromJSON's type check fails ("type must be a Type").
 */
const historyOf = (f: Fixture): History => History.fromObject(f.history);

const typeOf = (h: History): string | null | undefined =>
  h.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

/** Replays each fixture against `bundle`: per workflow id, 'replayed' or the replay error. */
async function replayAll(bundle: WorkflowBundleOption, fixtures: Fixture[]): Promise<Record<string, string>> {
  const outcome: Record<string, string> = {};
  const histories = fixtures.map((f) => ({ workflowId: f.workflowId, history: historyOf(f) }));
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, histories))
    outcome[r.workflowId] = r.error ? `${r.error.name}: ${r.error.message}` : 'replayed';
  return outcome;
}

const dirs = recordings();
const byDir = new Map(dirs.map((d) => [d, loadFixtures(d)]));
const newest = byDir.get(dirs[dirs.length - 1] ?? '') ?? [];
const fixtures = [...byDir.values()].flat();

beforeAll(() => {
  // The canary's determinism error is expected; the SDK would log it (and every replay worker's start) loudly.
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // installed already in this process
  }
});

test('the newest recording has a history of every workflow type; each file is named after its type', () => {
  expect(dirs.every((d) => /^\d{3}$/.test(d))).toBe(true);
  expect(newest.map((f) => f.workflowType).sort()).toEqual(Object.keys(workflows).sort());
  for (const f of fixtures) expect([f.workflowType, typeOf(historyOf(f))]).toEqual([f.workflowType, f.workflowType]);
});

test('every recorded history, of every recording, replays against the current code without a determinism error', async () => {
  const outcome: Record<string, string> = {};
  const expected: Record<string, string> = {};
  // One recording at a time: they share workflow ids.
  for (const [dir, list] of byDir) {
    const replayed = await replayAll({ codePath: testServer.bundlePath }, list);
    for (const [id, result] of Object.entries(replayed)) outcome[`${dir} ${id}`] = result;
    for (const f of list) expected[`${dir} ${f.workflowId}`] = 'replayed';
  }
  expect(dirs.length).toBeGreaterThan(0);
  expect(outcome).toEqual(expected);
});

describe('a changed workflow fails the replay', () => {
  let bundle: WorkflowBundleOption;
  let recorded: Fixture;

  // replayCanary runs once on a real worker; its history is kept the way the recorder keeps fixtures.
  beforeAll(async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../fixtures/workflows'),
      logger: {
        log: () => undefined,
        trace: () => undefined,
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      },
    });
    bundle = { code };
    const taskQueue = `replay-canary-${randomUUID()}`;
    const activities: CanaryActivities = { canaryStepOne: async () => 'one', canaryStepTwo: async () => 'two' };
    const connection = await NativeConnection.connect({ address: testServer.address });
    const { client, close } = await connectClient();
    try {
      const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities });
      const workflowId = `replay-canary-${randomUUID()}`;
      const handle = await worker.runUntil(async () => {
        const h = await client.workflow.start('replayCanary', { taskQueue, workflowId });
        await h.result();
        return h;
      });
      const history = await handle.fetchHistory();
      const plain = History.toObject(History.create(history), { longs: String, enums: String, bytes: String });
      recorded = { workflowId, workflowType: 'replayCanary', history: plain };
    } finally {
      await close();
      await connection.close();
    }
  });

  /** The recorded history, presented as that of `type`: the same type after a code change. */
  function asType(type: string): Fixture {
    const copy = JSON.parse(JSON.stringify(recorded)) as Fixture;
    const events = copy.history.events as { workflowExecutionStartedEventAttributes?: { workflowType: object } }[];
    events[0]!.workflowExecutionStartedEventAttributes!.workflowType = { name: type };
    return { ...copy, workflowType: type };
  }

  test('the unchanged code replays its history', async () => {
    expect(await replayAll(bundle, [recorded])).toEqual({ [recorded.workflowId]: 'replayed' });
  });

  test('code that schedules another activity is reported as a determinism violation', async () => {
    const changed = asType('replayCanaryChanged');
    const outcome = await replayAll(bundle, [changed]);
    expect(outcome[recorded.workflowId]).toMatch(/^DeterminismViolationError: .*canaryStep/);
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, historyOf(changed))).rejects.toBeInstanceOf(
      DeterminismViolationError
    );
  });
});
