// A real browser for the dashboard's tests: Debian's chromium driven by playwright-core, headless.
// Screenshots are artefacts for people to look at (test-results/dashboard/, kept by CI), never
// compared with golden images. Outside CI a missing chromium skips the suites with the reason; in
// CI (`CI=true`) it fails them.
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the screenshots go; `SLUICE_TEST_RESULTS` moves the whole folder. */
export const ARTEFACTS = path.join(process.env['SLUICE_TEST_RESULTS'] ?? path.join(ROOT, 'test-results'), 'dashboard');

/** Debian's chromium, or the one `SLUICE_CHROMIUM` names. */
export const CHROMIUM = process.env['SLUICE_CHROMIUM'] ?? '/usr/bin/chromium';

/** The two widths every page is checked and photographed at. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM} is not installed (Debian package chromium, listed in .ci/debian-packages; or set SLUICE_CHROMIUM)`;
  }
}

/**
 * The `skip` option of a browser suite: the reason when chromium (or another real part the suite
 * names) is missing outside CI, false otherwise. In CI the suite runs and fails on what is missing.
 */
export function browserSkip(...otherReasons: Array<string | false | undefined>): string | false {
  if (process.env['CI'] === 'true') return false;
  return chromiumMissing() ?? otherReasons.find((reason): reason is string => typeof reason === 'string') ?? false;
}

/**
 * Flags for a small machine: /dev/shm is small in containers (--disable-dev-shm-usage), no GPU
 * (--disable-gpu), and no sandbox because the tests may run as root.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-extensions',
  '--disable-background-networking',
  '--no-first-run',
  '--mute-audio',
];

export async function launchBrowser(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(`cannot run the browser tests: ${missing}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
}

export interface BrowserSession {
  browser: Browser;
  /** A new context (its own cookies) at the given size; closed with the browser. */
  context(size?: { width: number; height: number }): Promise<BrowserContext>;
  /** A new page in a new context; the page's console errors are collected in `errors`. */
  page(size?: { width: number; height: number }): Promise<Page>;
  /** The uncaught errors and console errors of every page opened, for a test to assert there are none. */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await launchBrowser();
  const errors: string[] = [];
  const context = async (size: { width: number; height: number } = DESKTOP) => {
    const ctx = await browser.newContext({ viewport: size, deviceScaleFactor: 1 });
    ctx.setDefaultTimeout(30_000);
    return ctx;
  };
  return {
    browser,
    errors,
    context,
    page: async (size = DESKTOP) => {
      const ctx = await context(size);
      const page = await ctx.newPage();
      watchErrors(page, errors);
      return page;
    },
    close: () => browser.close(),
  };
}

/** Collects a page's uncaught exceptions and console errors into `into`. */
export function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(`${page.url()}: console: ${message.text()}`);
  });
}

/** Saves a full-page screenshot as `test-results/dashboard/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const file = path.join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** How much wider than the viewport the whole page is (0 when it does not scroll sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  // A string: the Node tsconfig has no DOM types, and this runs in the page.
  return page.evaluate<number>(
    'Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth',
  );
}
