// What a UI test reads from the Temporal web UI (v2.42, served by `temporal server start-dev`): a workflow opened
// from the workflow list as an operator does, its status, and its Event History table ("All" view), page by page.
// Selectors are the UI's own test ids and labels; every read waits for its element instead of sleeping.
import type { Locator, Page } from 'playwright-core';

const ROW = 'tr[data-testid="event-summary-row"]';
const DEFAULT_PER_PAGE = 100;
const MAX_PER_PAGE = 500;

/** Opens the namespace's workflow list and follows the link of `workflowId` to its history. */
export async function openWorkflowFromList(page: Page, uiUrl: string, workflowId: string): Promise<void> {
  await page.goto(`${uiUrl}/namespaces/default/workflows`);
  const encoded = encodeURIComponent(workflowId);
  await page.locator(`a[href*="/workflows/${encoded}/"]`).first().click();
  await page.waitForURL((url) => url.pathname.includes(`/workflows/${encoded}/`) && url.pathname.endsWith('/history'));
  await page.getByTestId('workflow-id-heading').filter({ hasText: workflowId }).waitFor();
}

/** The status badge of the open workflow, once the header shows one of `expected`. */
export async function workflowStatus(page: Page, expected: readonly string[]): Promise<string> {
  const badge = header(page).getByText(new RegExp(`^\\s*(${expected.join('|')})\\s*$`));
  return (await badge.first().innerText()).trim();
}

export interface ActivityStart {
  eventId: string;
  attempt: number;
}

export interface HistoryScan {
  /** Events read, over all pages scanned. */
  events: number;
  activitiesCompleted: number;
  activityStarts: ActivityStart[];
  /** The first ActivityTaskStarted with attempt > 1; the scan stops on its page, so it can be expanded. */
  retried?: ActivityStart;
}

/** Reads the Event History table page by page until a retried activity shows or every event was read. */
export async function scanHistory(page: Page): Promise<HistoryScan> {
  const rows = page.locator(ROW);
  await rows.first().waitFor();
  const total = await historyLength(page);
  // Fewer pages to turn: 500 events a page when the history is longer than the default 100.
  const perPage = total > DEFAULT_PER_PAGE ? MAX_PER_PAGE : DEFAULT_PER_PAGE;
  if (perPage !== DEFAULT_PER_PAGE) await page.locator('select#per-page-filter').first().selectOption(String(perPage));
  const scan: HistoryScan = { events: 0, activitiesCompleted: 0, activityStarts: [] };
  for (;;) {
    // The table fills as the UI loads the history (and re-renders on a new page size): wait for the page's last row.
    await rows.nth(Math.min(perPage, total - scan.events) - 1).waitFor({ state: 'attached' });
    for (const text of await rows.allInnerTexts()) readRow(text, scan);
    if (scan.retried || scan.events >= total) return scan;
    const first = await rows.first().getAttribute('data-eventid');
    await page.locator('button[aria-label="Next Page"]').first().click();
    // Pages do not overlap: the page is turned once its first event is gone.
    await page.locator(`${ROW}[data-eventid="${first ?? ''}"]`).waitFor({ state: 'detached' });
  }
}

/** The event count the History tab shows (the workflow's history length). */
export async function historyLength(page: Page): Promise<number> {
  const tab = page.getByTestId('history-tab').filter({ hasText: /\d/ });
  await tab.waitFor();
  const count = Number(/(\d+)/.exec(await tab.innerText())?.[1]);
  if (!Number.isInteger(count) || count < 1) throw new Error(`the History tab shows no event count: ${count}`);
  return count;
}

/** Expands an event's row (the UI then shows its details: attempt, last failure, …). */
export async function expandEvent(page: Page, eventId: string): Promise<Locator> {
  const row = page.locator(`${ROW}[data-eventid="${eventId}"]`);
  await row.click();
  return row;
}

function header(page: Page): Locator {
  return page.locator('header').first();
}

function readRow(text: string, scan: HistoryScan): void {
  const eventId = /^\s*(\d+)/.exec(text)?.[1];
  if (!eventId) return;
  scan.events += 1;
  if (text.includes('Activity Task Completed')) scan.activitiesCompleted += 1;
  if (!text.includes('Activity Task Started')) return;
  const attempt = Number(/Attempt\s+(\d+)/.exec(text)?.[1] ?? NaN);
  const start = { eventId, attempt };
  scan.activityStarts.push(start);
  if (attempt > 1 && !scan.retried) scan.retried = start;
}
