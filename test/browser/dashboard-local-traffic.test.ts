// The dashboard in chromium against a real local runtime under real load: requests go through the
// mesh gateway the whole time while an Istio canary stops at setWeight 20, and the rollout page's
// traffic panel shows both versions with the canary's share near 20%; an abort from the page then
// takes the canary's share to 0% on the same page, live. And a canary with an experiment step shows
// the experiment under its revision, with its ReplicaSet and its analysis run. The dashboard
// samples the mesh every few seconds: every wait is a wait on a condition in the page.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  EXIT_CODE_TEMPLATE,
  copyFixture,
  runCli,
  startSluice,
  temporaryDir,
  waitForRollout,
  type RunningSluice,
} from '../integration/local/runtime/sluice-run.ts';
import {
  failures,
  gatewayTraffic,
  waitHeaderRoutePause,
  waitHealthy,
} from '../integration/local/runtime/gateway-traffic.ts';
import { waitFor } from '../support/ports.ts';
import { ARTEFACTS, browserSkip, DESKTOP, openBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { ensureDashboardBuilt } from './support/dashboard-build.ts';
import { rolloutAddress, rolloutStatus } from './support/dashboard-page.ts';
import { startDashboard, type RunningDashboard } from './support/dashboard-process.ts';

const HOST = 'web.demo.svc.cluster.local';
const CANARY_WEIGHT = 20;

// A canary whose first step is an experiment: one template running the canary's pod spec, and an
// analysis that succeeds; the experiment runs for 10 minutes, so it is there to be seen.
const EXPERIMENT_ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: trial
spec:
  replicas: 1
  selector: {matchLabels: {app: trial}}
  template:
    metadata: {labels: {app: trial}}
    spec:
      containers: [{name: trial, image: "sluice/colorapi:1.0", ports: [{containerPort: 8080}]}]
  strategy:
    canary:
      steps:
        - experiment:
            duration: 10m
            templates: [{name: candidate, specRef: canary}]
            analyses: [{name: check, templateName: exit-code, args: [{name: code, value: "0"}]}]
        - pause: {}
---
${EXIT_CODE_TEMPLATE}
`;

/** The traffic table's share cell of the one version whose label starts with `role` (`canary (hash)`). */
function share(page: Page, role: string): Locator {
  return page
    .getByTestId('traffic-table')
    .locator('tbody tr')
    .filter({ has: page.locator('th', { hasText: new RegExp(`^${role} \\(`) }) })
    .getByTestId('traffic-share');
}

/** The table's rows as `label share`, for the messages. */
function rows(page: Page): Promise<string[]> {
  return page.getByTestId('traffic-table').locator('tbody tr').allInnerTexts();
}

/** Waits for `role`'s share to match `pattern`; on a timeout, says what the table showed instead. */
async function shareReaches(page: Page, role: string, pattern: RegExp, timeout = 30_000): Promise<void> {
  await share(page, role)
    .filter({ hasText: pattern })
    .waitFor({ timeout })
    .catch(async (error: Error) => {
      const shown = await rows(page).catch(() => ['(no table)']);
      throw new Error(
        `the ${role} share never matched ${pattern}; the table shows ${shown.join('; ')}\n${error.message}`,
      );
    });
}

describe('the dashboard in chromium: traffic under load and experiments on the local runtime', {
  skip: browserSkip(),
  timeout: 600_000,
}, () => {
  let runtime: RunningSluice;
  let dashboard: RunningDashboard;
  let browser: BrowserSession;

  const openRollout = async (namespace: string, name: string): Promise<Page> => {
    const page = await browser.page(DESKTOP);
    await page.goto(dashboard.url);
    await page.getByTestId('rollout-list').waitFor();
    await page.goto(rolloutAddress(dashboard.origin, namespace, name));
    await page.getByTestId('rollout-summary').waitFor();
    return page;
  };

  before(async () => {
    ensureDashboardBuilt();
    const experiment = temporaryDir('dashboard-experiment');
    writeFileSync(path.join(experiment, 'rollout.yaml'), EXPERIMENT_ROLLOUT);
    runtime = await startSluice([copyFixture('istio-subset-split'), experiment]);
    await waitHealthy(runtime, 3);
    await waitForRollout(runtime, 'default', 'trial', 'trial to be Healthy', (detail) =>
      detail.rollout.status?.phase === 'Healthy' ? true : undefined,
    );
    dashboard = await startDashboard(['--state-dir', runtime.stateDir]);
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    await runtime?.stop();
  });

  it('shows the canary near its weight while requests flow, then at 0% after an abort from the page', async () => {
    const traffic = gatewayTraffic(runtime, HOST);
    let page: Page | undefined;
    const replies = await traffic.during(async () => {
      const set = await runCli([
        'set',
        'image',
        'web',
        '*=sluice/colorapi:2.0',
        '-n',
        'demo',
        '--state-dir',
        runtime.stateDir,
      ]);
      assert.equal(set.code, 0, set.stderr);
      await waitHeaderRoutePause(runtime, CANARY_WEIGHT);
      page = await openRollout('demo', 'web');
      await rolloutStatus(page).filter({ hasText: 'Paused' }).first().waitFor();
      await page.getByTestId('traffic-rate-chart').locator('svg').first().waitFor({ timeout: 60_000 });

      // Both versions, the canary's share within a generous bound of its weight (the latest
      // sample covers a few seconds of four requests at a time): 10% to 30% for 20%.
      await shareReaches(page, 'canary', /^([12]\d|30)%$/, 90_000);
      await shareReaches(page, 'stable', /^(7\d|80|8\d|90)%$/);
      assert.equal(
        await page.getByTestId('traffic-table').locator('tbody tr').count(),
        2,
        (await rows(page)).join('; '),
      );
      // The canary's line drawn through four samples (three segments), then the page down to the
      // traffic panel: the picture of the docs.
      const canaryLine = page.getByTestId('traffic-rate-chart').locator('.series-1 path').first();
      await waitFor(
        "the canary's line to have four samples",
        async () => ((await canaryLine.getAttribute('d'))?.match(/L/g)?.length ?? 0) >= 3 || undefined,
        60_000,
      );
      await screenshot(page, 'rollout-traffic-1280');
      const panel = await page.getByTestId('traffic').boundingBox();
      assert.ok(panel, 'the traffic panel has a box');
      await page.screenshot({
        path: path.join(ARTEFACTS, 'rollout-canary-traffic-1280.png'),
        fullPage: true,
        clip: { x: 0, y: 0, width: DESKTOP.width, height: Math.ceil(panel.y + panel.height + 16) },
      });

      await page.getByRole('button', { name: 'Abort', exact: true }).click();
      await page.getByRole('dialog', { name: 'Abort rollout web?' }).getByRole('button', { name: 'Abort' }).click();
      await rolloutStatus(page).filter({ hasText: 'Degraded' }).first().waitFor();
      // Still requests flowing, none to the canary: its share falls to 0 in the open page.
      await shareReaches(page, 'canary', /^0%$/, 90_000);
      await shareReaches(page, 'stable', /^100%$/);
      await screenshot(page, 'rollout-traffic-aborted-1280');
      await page.getByTestId('traffic').screenshot({ path: path.join(ARTEFACTS, 'traffic-aborted-1280.png') });
    });
    assert.ok(replies.length > 100, `only ${replies.length} requests went through the gateway`);
    assert.deepEqual(failures(replies), { ok: replies.length }, 'a request failed through the gateway');
    assert.equal(
      await page?.evaluate<number>("performance.getEntriesByType('navigation').length"),
      1,
      'the page reloaded',
    );
    assert.deepEqual(browser.errors, []);
  });

  it('shows an experiment under its revision, with its ReplicaSet and its analysis run', async () => {
    const set = await runCli(['set', 'image', 'trial', '*=sluice/colorapi:2.0', '--state-dir', runtime.stateDir]);
    assert.equal(set.code, 0, set.stderr);
    const page = await openRollout('default', 'trial');
    const revision = page.locator('[data-testid="revision"][data-revision="2"]');
    const experiment = revision.getByTestId('experiment');
    await experiment.waitFor({ timeout: 60_000 });
    const name = await experiment.getAttribute('data-name');
    assert.match(name ?? '', /^trial-/, 'the experiment is named after its rollout');
    // Its template's ReplicaSet, with a ready pod, and its analysis run, Successful: live, no reload.
    const replicaSet = experiment.locator(`[data-testid="replica-set"][data-name="${name}-candidate"]`);
    await replicaSet.getByTestId('pod').first().waitFor({ timeout: 60_000 });
    const run = experiment.locator(`[data-testid="analysis-run"][data-name="${name}-check"]`);
    await run.filter({ hasText: 'Successful' }).waitFor({ timeout: 60_000 });
    await experiment.filter({ hasText: 'Running' }).first().waitFor();
    // Nowhere else on the page: not under revision 1.
    assert.equal(
      await page.locator('[data-testid="revision"][data-revision="1"] [data-testid="experiment"]').count(),
      0,
    );
    // The experiment's ReplicaSet runs the canary's pod spec (same hash): still one canary in the traffic table.
    await page.getByTestId('traffic-table').waitFor({ timeout: 30_000 });
    assert.deepEqual(
      (await rows(page)).map((row) => row.split(/\s/)[0]),
      ['stable', 'canary'],
      (await rows(page)).join('; '),
    );
    await screenshot(page, 'rollout-experiment-1280');
    await run.getByRole('link').click();
    await page.getByTestId('analysis-run-summary').waitFor();
    await page.getByTestId('analysis-run-status').filter({ hasText: 'Successful' }).waitFor();
    assert.deepEqual(browser.errors, []);
  });
});
