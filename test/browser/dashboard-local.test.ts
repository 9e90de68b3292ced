// The dashboard in a real browser (Debian's chromium) against a real local runtime (`sluice run`
// as a process, with real pods) served by `sluice dashboard` as a process: the list shows the
// rollouts; a canary is promoted and aborted from the rollout page's buttons while that same page
// follows every change live (no reload); the other actions (promote full, set image, undo,
// restart) from its buttons and forms; a blue-green preview promoted, its phases shown; the actions work from the keyboard alone; the pages fit a
// phone's width; an analysis run has its page with the chart of its measurements. Screenshots of each page at 1280 and 390 px go to
// test-results/dashboard/ as artefacts. Every wait is a locator's wait on a condition.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  copyFixture,
  editFile,
  FIXTURES,
  rollout,
  runCli,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from '../integration/local/runtime/sluice-run.ts';
import { startWebServer, type TestServer } from '../support/web-server.ts';
import {
  browserSkip,
  DESKTOP,
  horizontalOverflow,
  openBrowser,
  PHONE,
  screenshot,
  type BrowserSession,
} from './support/browser.ts';
import { assertAccessible } from './support/accessibility.ts';
import { ensureDashboardBuilt } from './support/dashboard-build.ts';
import { currentStep, rolloutAddress, rolloutStatus } from './support/dashboard-page.ts';
import { startDashboard, type RunningDashboard } from './support/dashboard-process.ts';

const BLUE = 'ghcr.io/sluice-examples/colorapi:blue';
const RED = 'ghcr.io/sluice-examples/colorapi:red';
const BLACK = 'ghcr.io/sluice-examples/colorapi:black';

describe('the dashboard in chromium against the local runtime', { skip: browserSkip(), timeout: 600_000 }, () => {
  let runtime: RunningSluice;
  let dashboard: RunningDashboard;
  let browser: BrowserSession;
  let metrics: TestServer;

  const setImage = async (name: string, image: string) => {
    const result = await runCli(['set', 'image', name, `*=${image}`, '--state-dir', runtime.stateDir]);
    assert.equal(result.code, 0, result.stderr);
  };

  /** A logged-in page at `size`: opens the address the dashboard printed (its #token logs in). */
  const loggedIn = async (size: { width: number; height: number } = DESKTOP): Promise<Page> => {
    const page = await browser.page(size);
    await page.goto(dashboard.url);
    await page.getByTestId('rollout-list').waitFor();
    return page;
  };

  const openRollout = async (name: string, size: { width: number; height: number } = DESKTOP) => {
    const page = await loggedIn(size);
    await page.goto(rolloutAddress(dashboard.origin, 'default', name));
    await page.getByTestId('rollout-summary').waitFor();
    return page;
  };

  const statusIs = (page: Page, text: string) => rolloutStatus(page).filter({ hasText: text }).waitFor();

  before(async () => {
    ensureDashboardBuilt();
    // A second canary, under its own name, whose update runs an analysis: a web metric measured
    // four times from a loopback server, so its chart has numbers to draw.
    let measured = 0;
    metrics = await startWebServer(() => ({ json: { rate: [0.93, 0.97, 0.95, 0.99][measured++ % 4] } }));
    const analysed = copyFixture('canary-analysis');
    for (const file of ['rollout.yaml', 'service.yaml'])
      editFile(path.join(analysed, file), (text) => text.replace(/(name|app): colorapi\b/g, '$1: checkout'));
    editFile(path.join(analysed, 'rollout.yaml'), (text) => {
      const step = /templateName: exit-code\n\s+args:\n\s+- name: code\n\s+value: "0"/;
      assert.match(text, step, 'the canary-analysis fixture changed: update this test');
      return text.replace(step, 'templateName: success-rate');
    });
    writeFileSync(path.join(analysed, 'template.yaml'), successRate(`${metrics.url}/rate`));
    runtime = await startSluice([path.join(FIXTURES, 'canary-basic'), analysed, path.join(FIXTURES, 'blue-green')]);
    for (const name of ['colorapi', 'checkout', 'bluegreen-demo'])
      await waitForRollout(runtime, 'default', name, `${name}'s first revision to be Healthy`, (detail) =>
        detail.rollout.status?.phase === 'Healthy' ? true : undefined,
      );
    dashboard = await startDashboard(['--state-dir', runtime.stateDir]);
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    await runtime?.stop();
    await metrics?.close();
  });

  it('lists the rollouts with their status, at 1280 px and at 390 px without sideways scroll', async () => {
    for (const [size, label] of [
      [DESKTOP, '1280'],
      [PHONE, '390'],
    ] as const) {
      const page = await loggedIn(size);
      for (const name of ['colorapi', 'checkout', 'bluegreen-demo']) {
        const row = page.locator(`[data-testid="rollout-row"][data-name="${name}"]`);
        await row.getByTestId('rollout-status').filter({ hasText: 'Healthy' }).waitFor();
        await row.getByRole('link', { name }).waitFor();
      }
      assert.equal(await page.getByTestId('rollout-row').count(), 3);
      if (size === PHONE) assert.equal(await horizontalOverflow(page), 0, 'the list scrolls sideways at 390 px');
      await assertAccessible(page, `the list at ${label} px`);
      await screenshot(page, `list-${label}`);
      if (size === DESKTOP) {
        // The search narrows the list as one types, by name.
        await page.getByLabel('Search').fill('check');
        await page.locator('[data-testid="rollout-row"][data-name="colorapi"]').waitFor({ state: 'detached' });
        assert.deepEqual(
          await page.getByTestId('rollout-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name'))),
          ['checkout'],
        );
      }
      await page.context().close();
    }
    assert.deepEqual(browser.errors, []);
  });

  it('promotes and aborts a canary from the page, which follows each change without a reload', async () => {
    const page = await loggedIn();
    // Set in this document: still there at the end only if the page never reloaded.
    await page.evaluate('window.sameDocument = true');
    const row = page.locator('[data-testid="rollout-row"][data-name="colorapi"]');
    await row.getByTestId('rollout-status').filter({ hasText: 'Healthy' }).waitFor();

    // A change made elsewhere (the CLI) shows up on the open list, then on the rollout's page.
    await setImage('colorapi', BLUE);
    await row.getByTestId('rollout-status').filter({ hasText: 'Paused' }).waitFor();
    await row.getByRole('link', { name: 'colorapi' }).click();
    await statusIs(page, 'Paused');
    await currentStep(page).filter({ hasText: /pause/ }).waitFor();
    await screenshot(page, 'rollout-paused-1280');

    await page.getByRole('button', { name: 'Promote', exact: true }).click();
    await page
      .getByTestId('action-result')
      .filter({ hasText: /promoted/ })
      .waitFor();
    await statusIs(page, 'Healthy');
    const promoted = await rollout(runtime, 'default', 'colorapi');
    assert.equal(promoted.rollout.status?.phase, 'Healthy');
    assert.equal(promoted.rollout.spec.template?.spec?.containers[0]?.image, BLUE);
    await screenshot(page, 'rollout-healthy-1280');

    await setImage('colorapi', RED);
    await statusIs(page, 'Paused');
    await currentStep(page).filter({ hasText: /pause/ }).waitFor();
    await page.getByRole('button', { name: 'Abort', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Abort rollout colorapi?' });
    await dialog.getByRole('button', { name: 'Abort' }).click();
    await statusIs(page, 'Degraded');
    await page.getByTestId('rollout-message').filter({ hasText: /abort/i }).waitFor();
    await page.getByTestId('timeline-entry').filter({ hasText: 'RolloutAborted' }).first().waitFor();
    const aborted = await rollout(runtime, 'default', 'colorapi');
    assert.equal(aborted.rollout.status?.abort, true);
    await screenshot(page, 'rollout-aborted-1280');

    assert.equal(await page.evaluate<boolean>('window.sameDocument === true'), true, 'the page reloaded');
    assert.equal(await page.evaluate<number>("performance.getEntriesByType('navigation').length"), 1);
    assert.deepEqual(browser.errors, []);
  });

  it('reaches and uses the actions with Tab and Enter, the confirmation included', async () => {
    const page = await openRollout('colorapi');
    await statusIs(page, 'Degraded'); // left aborted by the previous test

    await tabTo(page, 'action-retry');
    await page.keyboard.press('Enter');
    await statusIs(page, 'Paused');

    await tabTo(page, 'action-abort');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    // The dialog opens on Cancel (the safe answer); the confirmation is one Shift+Tab away.
    assert.equal(await activeTestId(page), 'confirm-no');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await activeTestId(page), 'confirm-yes');
    await page.keyboard.press('Enter');
    await statusIs(page, 'Degraded');

    await tabTo(page, 'action-retry');
    await page.keyboard.press('Enter');
    await statusIs(page, 'Paused');
    await tabTo(page, 'action-promote');
    await page.keyboard.press('Enter');
    await statusIs(page, 'Healthy');
    const detail = await rollout(runtime, 'default', 'colorapi');
    assert.equal(detail.rollout.status?.phase, 'Healthy');
    assert.equal(detail.rollout.spec.template?.spec?.containers[0]?.image, RED);
  });

  it('shows the rollout page at 390 px without sideways scroll', async () => {
    await setImage('colorapi', BLUE);
    await waitForRollout(runtime, 'default', 'colorapi', 'the update to pause', (detail) =>
      detail.rollout.status?.pauseConditions?.length ? true : undefined,
    );
    const page = await openRollout('colorapi', PHONE);
    await statusIs(page, 'Paused');
    await page.getByRole('button', { name: 'Promote', exact: true }).waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the rollout page scrolls sideways at 390 px');
    await assertAccessible(page, 'the paused rollout page at 390 px');
    await screenshot(page, 'rollout-paused-390');
  });

  it('opens an analysis run from its rollout, with its measurements, at both widths', async () => {
    await setImage('checkout', BLUE);
    await waitForRollout(runtime, 'default', 'checkout', 'the update with its analysis to complete', (detail) =>
      detail.rollout.status?.phase === 'Healthy' &&
      detail.rollout.status.stableRS === detail.rollout.status.currentPodHash
        ? true
        : undefined,
    );
    for (const [size, label] of [
      [DESKTOP, '1280'],
      [PHONE, '390'],
    ] as const) {
      const page = await openRollout('checkout', size);
      const run = page.getByTestId('analysis-run').first();
      await run.getByRole('link').click();
      const summary = page.getByTestId('analysis-run-summary');
      await summary.waitFor();
      await page.locator('[data-testid="metric-chart"][data-metric="success-rate"] svg').first().waitFor();
      assert.equal(await page.getByTestId('measurements').getByRole('row').count(), 5, 'a header and 4 measurements');
      await page.getByTestId('analysis-run-status').filter({ hasText: 'Successful' }).waitFor();
      if (size === PHONE)
        assert.equal(await horizontalOverflow(page), 0, 'the analysis run scrolls sideways at 390 px');
      await assertAccessible(page, `the analysis run at ${label} px`);
      await screenshot(page, `analysisrun-${label}`);
      if (size === DESKTOP) {
        await page.goBack();
        await page.getByTestId('rollout-summary').waitFor();
        await assertAccessible(page, 'the rollout page at 1280 px');
        await screenshot(page, 'rollout-analysis-1280');
      }
    }
    assert.deepEqual(browser.errors, []);
  });

  it('promotes fully, sets an image, undoes and restarts from the page, which follows each', async () => {
    const page = await openRollout('colorapi');
    await statusIs(page, 'Paused'); // left paused on the blue update by the phone test
    const result = page.getByTestId('action-result');
    const image = async () =>
      (await rollout(runtime, 'default', 'colorapi')).rollout.spec.template?.spec?.containers[0]?.image;

    await page.getByRole('button', { name: 'Promote full', exact: true }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Promote full' }).click();
    await result.filter({ hasText: /colorapi/ }).waitFor();
    await statusIs(page, 'Healthy');
    assert.equal(await image(), BLUE);

    const form = page.getByRole('form', { name: 'Set image' });
    await form.getByLabel('Container').selectOption('colorapi');
    await form.getByLabel('Image').fill(BLACK);
    await form.getByRole('button', { name: 'Set image' }).click();
    await statusIs(page, 'Paused');
    await page.getByTestId('rollout-summary').getByText(BLACK).waitFor();
    assert.equal(await image(), BLACK);

    const undo = page.getByRole('form', { name: 'Undo' });
    await undo.getByLabel('To revision').selectOption('0');
    await undo.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Undo' }).click();
    await statusIs(page, 'Healthy');
    assert.equal(await image(), BLUE);

    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await result.filter({ hasText: /restart/i }).waitFor();
    assert.ok((await rollout(runtime, 'default', 'colorapi')).rollout.spec.restartAt, 'spec.restartAt is set');
    assert.deepEqual(browser.errors, []);
  });

  it('promotes a blue-green preview from the page, whose phases show where it is', async () => {
    const page = await openRollout('bluegreen-demo');
    await statusIs(page, 'Healthy');
    await page.getByRole('heading', { name: 'Phases' }).waitFor();
    await setImage('bluegreen-demo', 'sluice/colorapi:2.0');
    await statusIs(page, 'Paused');
    await currentStep(page).filter({ hasText: 'preview: pause (until promoted)' }).waitFor();
    await screenshot(page, 'rollout-bluegreen-paused-1280');
    await page.getByRole('button', { name: 'Promote', exact: true }).click();
    await statusIs(page, 'Healthy');
    const status = (await rollout(runtime, 'default', 'bluegreen-demo')).rollout.status;
    assert.equal(status?.stableRS, status?.currentPodHash, 'the promoted version is stable');
    assert.deepEqual(browser.errors, []);
  });
});

function successRate(url: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
  metrics:
    - name: success-rate
      interval: 1s
      count: 4
      successCondition: result >= 0.9
      provider:
        web:
          url: ${url}
          jsonPath: "{$.rate}"
`;
}

function activeTestId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-testid')");
}

/** Presses Tab until the element with that test id has the focus (at most 100 presses). */
async function tabTo(page: Page, testId: string): Promise<void> {
  // Waits for it to be there and enabled first, so the presses do not race the page's update.
  await page.locator(`[data-testid="${testId}"]:enabled`).waitFor();
  const seen: Array<string | null> = [];
  for (let press = 0; press < 100; press++) {
    await page.keyboard.press('Tab');
    const active = await activeTestId(page);
    if (active === testId) return;
    seen.push(active);
  }
  throw new Error(`100 presses of Tab never reached ${testId}; the focus went through ${seen.join(', ')}`);
}
