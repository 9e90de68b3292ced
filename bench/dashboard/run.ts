// The dashboard's weight and speed: the size of its bundle (raw and gzip), and in Debian's chromium
// (headless, through playwright-core) the time to first paint, to first contentful paint and to the
// rollout page's data shown, against a local runtime (started here with the canary-basic test
// fixture) served by `sluice dashboard`. Times come from the page's own Performance API, from the
// start of the navigation: `paint` entries, and for the data the moment a MutationObserver
// (installed before the page's scripts run) first sees the rollout's status on the page.
//
// Two kinds of load, N rounds each, medians printed:
//   cold  a new browser context (no cache, no cookie) opens the address `sluice dashboard` printed,
//         at the rollout page, so the login from its #token is included
//   warm  the same page reloaded (bundle cached, session cookie set)
//
// Usage: node bench/dashboard/run.ts [N]   (npm run bench:dashboard)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { FIXTURES, startSluice, waitForRollout } from '../../test/integration/local/runtime/sluice-run.ts';
import { launchBrowser } from '../../test/browser/support/browser.ts';
import { DASHBOARD_DIST, ensureDashboardBuilt } from '../../test/browser/support/dashboard-build.ts';
import { startDashboard } from '../../test/browser/support/dashboard-process.ts';
import { DATA_SHOWN_SELECTOR } from '../../test/browser/support/dashboard-page.ts';

const rounds = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)));
  return [line(header), widths.map((width) => '-'.repeat(width)), ...rows.map(line)]
    .map((cells) => cells.join('  '))
    .join('\n');
}

// --- the bundle

ensureDashboardBuilt();
const files = readdirSync(DASHBOARD_DIST)
  .filter((file) => !file.endsWith('.map'))
  .map((file) => {
    const content = readFileSync(path.join(DASHBOARD_DIST, file));
    return { file, raw: statSync(path.join(DASHBOARD_DIST, file)).size, gzip: gzipSync(content).length };
  })
  .sort((a, b) => b.raw - a.raw);
const total = files.reduce((sum, file) => ({ raw: sum.raw + file.raw, gzip: sum.gzip + file.gzip }), {
  raw: 0,
  gzip: 0,
});
console.log(`dashboard bundle (dist/dashboard/, source maps left out; gzip at zlib's default level)\n`);
console.log(
  table(
    ['file', 'raw', 'gzip'],
    [
      ...files.map((file) => [file.file.replace(/-[A-Z0-9]{8}\./, '-HASH.'), kib(file.raw), kib(file.gzip)]),
      ['total', kib(total.raw), kib(total.gzip)],
    ],
  ),
);

// --- the page

/** Records, in the page, when the first element matching the selector appears (performance.now()). */
const OBSERVE_DATA = `(() => {
  const selector = ${JSON.stringify(DATA_SHOWN_SELECTOR)};
  const seen = () => {
    if (window.__dataShown === undefined && document.querySelector(selector)) window.__dataShown = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, characterData: true });
})()`;

interface Timing {
  firstPaint: number;
  firstContentfulPaint: number;
  dataShown: number;
}

async function timings(page: Page): Promise<Timing> {
  // A function, not a string: the dashboard's Content-Security-Policy forbids eval in the page.
  await page.waitForFunction(() => Reflect.has(globalThis, '__dataShown'), undefined, { timeout: 60_000 });
  return page.evaluate<Timing>(`(() => {
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((entry) => [entry.name, entry.startTime]));
    return { firstPaint: paint['first-paint'] ?? NaN, firstContentfulPaint: paint['first-contentful-paint'] ?? NaN, dataShown: window.__dataShown };
  })()`);
}

const runtime = await startSluice([path.join(FIXTURES, 'canary-basic')]);
const dashboard = await startDashboard(['--state-dir', runtime.stateDir]);
const browser = await launchBrowser();
try {
  await waitForRollout(runtime, 'default', 'colorapi', 'the first revision to be Healthy', (detail) =>
    detail.rollout.status?.phase === 'Healthy' ? true : undefined,
  );
  const printed = new URL(dashboard.url);
  const rolloutAddress = `${printed.origin}/rollouts/default/colorapi${printed.hash}`;
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  for (let round = 0; round <= rounds; round++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(OBSERVE_DATA);
    const page = await context.newPage();
    await page.goto(rolloutAddress);
    const first = await timings(page);
    await page.reload();
    const again = await timings(page);
    await context.close();
    if (round === 0) continue; // warm-up: the server's first answers, chromium's caches of its own
    cold.push(first);
    warm.push(again);
  }
  const row = (what: string, pick: (timing: Timing) => number) => [
    what,
    `${median(cold.map(pick)).toFixed(0)} ms`,
    `${median(warm.map(pick)).toFixed(0)} ms`,
  ];
  console.log(
    `\nrollout page in chromium ${browser.version()} (headless), median of ${rounds} rounds after one warm-up\n`,
  );
  console.log(
    table(
      ['from navigation start to', 'cold', 'warm'],
      [
        row('first paint', (timing) => timing.firstPaint),
        row('first contentful paint', (timing) => timing.firstContentfulPaint),
        row("the rollout's data shown", (timing) => timing.dataShown),
      ],
    ),
  );
} finally {
  await browser.close();
  await dashboard.stop();
  await runtime.stop();
}
