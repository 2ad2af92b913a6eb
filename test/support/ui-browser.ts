// Headless Chromium for checks of the Temporal web UI: Debian's /usr/bin/chromium (scripts/ensure-chromium, run by
// `bash scripts/setup --with-browser`), driven by playwright-core. Never a downloaded browser. A fresh, empty
// profile and flags that keep it off the network: the machine has none, and Chromium otherwise hangs on lookups.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class BrowserMissingError extends Error {
  override name = 'BrowserMissingError';
}

export interface UiBrowser {
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Starts Chromium with one page; every wait on it defaults to `timeoutMs` (the UI loads slowly on 2 cores). */
export async function launchUiBrowser(timeoutMs = 60000): Promise<UiBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new BrowserMissingError(
      `${CHROMIUM_PATH} is missing: the UI test needs Debian's chromium; run \`bash scripts/setup --with-browser\` ` +
        '(or `bash scripts/ensure-chromium`)'
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'scaleio-ui-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1600, height: 1000 },
      timeout: timeoutMs,
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  context.setDefaultTimeout(timeoutMs);
  context.setDefaultNavigationTimeout(timeoutMs);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
