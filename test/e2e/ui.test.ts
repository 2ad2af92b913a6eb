// The operator's view, checked in a real browser: `npm run demo -- --once` with a gateway fault injected as the
// world starts, then headless Chromium opens the Temporal web UI, follows the bootstrap workflow from the list
// to its Event History, and finds completed activities and an activity retried because of the fault.
//
// `--once` stops everything it started when it exits, its Temporal dev server included; the histories stay in
// the demo's SQLite file. The test serves that file again with a fresh dev server and its UI, as an operator
// does to look back at a finished run: it also shows the audit trail outlives the processes that wrote it.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, startDevServer, type DevServer } from '../../scripts/lib/temporal-dev-server';
import { launchUiBrowser, type UiBrowser } from '../support/ui-browser';
import { expandEvent, openWorkflowFromList, scanHistory, workflowStatus } from '../support/ui-history';

const run = promisify(execFile);
const SCREENSHOTS = join(REPO_ROOT, 'test-output/ui');
const BOOTSTRAP = 'scaleio/demo/bootstrap';
// Three 503s in a row: the first gateway activity fails its first attempts and passes on a later one.
const FAULT = 'gateway-fail:count=3,status=503';

let dataDir: string | undefined;
let server: DevServer | undefined;
let browser: UiBrowser | undefined;

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the Temporal UI shows the demo bootstrap: activities completed, one retried after an injected gateway 503', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'scaleio-ui-'));
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo.ts', '--once', '--free-ports', '--data-dir', dataDir, '--fault', FAULT],
    { cwd: REPO_ROOT, timeout: 240000 }
  );
  expect(stdout).toContain('demo: fault set: gateway-fail {"count":3,"status":503}');
  expect(stdout).toContain('demo: supervisor: 6 of 6 agents on-boarded');

  server = await startDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    freePorts: true,
    logFile: join(dataDir, 'temporal-ui.log'),
  });
  if (!server.uiUrl) throw new Error('the dev server was started without its web UI');
  browser = await launchUiBrowser();
  const { page } = browser;
  mkdirSync(SCREENSHOTS, { recursive: true });

  await openWorkflowFromList(page, server.uiUrl, BOOTSTRAP);
  expect(await workflowStatus(page, ['Completed', 'Failed', 'Terminated', 'Running', 'Timed Out', 'Canceled'])).toBe(
    'Completed'
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'bootstrap-history.png') });

  const scan = await scanHistory(page);
  expect(scan.activitiesCompleted).toBeGreaterThan(0);
  expect(scan.activityStarts.length).toBeGreaterThan(0);
  expect(scan.activityStarts.every((s) => Number.isInteger(s.attempt) && s.attempt >= 1)).toBe(true);
  expect(scan.retried?.attempt).toBeGreaterThan(1);

  // The retried activity's details carry the failure of its previous attempt: the injected 503.
  await expandEvent(page, scan.retried?.eventId ?? '');
  const failure = page
    .getByText(/Simulated gateway failure \(HTTP 503\)/)
    .filter({ visible: true })
    .first();
  await failure.waitFor();
  await failure.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'bootstrap-retried-activity.png') });
}, 420000);
