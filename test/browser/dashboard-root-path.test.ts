// The dashboard served under a root path (`rootPath: rollouts`, what `sluice dashboard --root-path`
// and `sluice controller --dashboard-root-path` set) behind a real reverse proxy that routes only
// /rollouts/ of its host to it, as an Ingress does, in chromium against a real local runtime: the
// token in the address logs in, the list, a rollout's page (live), an action, the breadcrumb and
// header links, a reload of a deep link, logging out and in again with the token pasted, all work,
// the session cookie's Path is /rollouts, and nothing is asked of the proxy outside /rollouts/.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalTarget } from '../../src/cli/target/local-target.ts';
import { startDashboardServer, type DashboardServer } from '../../src/dashboard/server/server.ts';
import { dashboardTokenAuthorizer } from '../../src/dashboard/server/token-authorizer.ts';
import {
  FIXTURES,
  rollout,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from '../integration/local/runtime/sluice-run.ts';
import { browserSkip, openBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { ensureDashboardBuilt, DASHBOARD_DIST } from './support/dashboard-build.ts';
import { rolloutStatus } from './support/dashboard-page.ts';
import { forwardRequest } from '../support/forward-request.ts';

const PREFIX = '/rollouts';

interface Proxy {
  origin: string;
  /** The paths asked of the proxy outside the prefix (answered 404 by the proxy itself). */
  outside: string[];
  close(): Promise<void>;
}

/** A reverse proxy on loopback: PREFIX and below go to `upstream` (Host rewritten to it, as nginx's proxy_pass does), the rest is 404. */
async function startProxy(upstreamOf: () => URL): Promise<Proxy> {
  const outside: string[] = [];
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    if (url !== PREFIX && !url.startsWith(`${PREFIX}/`) && !url.startsWith(`${PREFIX}?`)) {
      outside.push(`${request.method} ${url}`);
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not routed by the proxy');
      return;
    }
    forwardRequest(upstreamOf(), request, response, { 'x-forwarded-host': request.headers.host ?? '' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    outside,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('the dashboard under a root path behind a reverse proxy, in chromium', {
  skip: browserSkip(),
  timeout: 300_000,
}, () => {
  let runtime: RunningSluice;
  let dashboard: DashboardServer;
  let proxy: Proxy;
  let browser: BrowserSession;
  const authorizer = dashboardTokenAuthorizer({ username: 'local' });

  before(async () => {
    ensureDashboardBuilt();
    runtime = await startSluice([path.join(FIXTURES, 'canary-basic')]);
    await waitForRollout(runtime, 'default', 'colorapi', 'the first revision to be Healthy', (detail) =>
      detail.rollout.status?.phase === 'Healthy' ? true : undefined,
    );
    // The proxy's port first: its origin is the dashboard's public one (--dashboard-url in the controller).
    let upstream = new URL('http://127.0.0.1:1');
    proxy = await startProxy(() => upstream);
    dashboard = await startDashboardServer({
      target: new LocalTarget(runtime.stateDir),
      authorizer,
      port: 0,
      staticDir: DASHBOARD_DIST,
      rootPath: 'rollouts',
      origins: [proxy.origin],
      session: { target: 'the local runtime', runtime: 'local', defaultNamespace: 'default', login: 'dashboard-token' },
    });
    upstream = new URL(dashboard.url);
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await proxy?.close();
    await dashboard?.close();
    await runtime?.stop();
  });

  it('logs in, lists, follows a rollout live, acts, navigates, reloads, logs out and in, all under /rollouts/', async () => {
    const page = await browser.page();
    const requested: string[] = [];
    page.on('request', (sent) => requested.push(sent.url()));
    await page.goto(`${proxy.origin}${PREFIX}/#token=${authorizer.token}`);
    const row = page.locator('[data-testid="rollout-row"][data-name="colorapi"]');
    await row.getByTestId('rollout-status').filter({ hasText: 'Healthy' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address');
    const cookies = await page.context().cookies();
    assert.deepEqual(
      cookies.map((cookie) => [cookie.name, cookie.path]),
      [['sluice_session', PREFIX]],
      'the session cookie is sent only under the root path',
    );

    await row.getByRole('link', { name: 'colorapi' }).click();
    await page.getByTestId('rollout-summary').waitFor();
    assert.equal(new URL(page.url()).pathname, `${PREFIX}/rollouts/default/colorapi`);
    await rolloutStatus(page).filter({ hasText: 'Healthy' }).waitFor();
    await page.getByTestId('timeline-entry').first().waitFor();

    // An action (a POST through the proxy, its Origin the proxy's) and the live page following it.
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await page
      .getByTestId('action-result')
      .filter({ hasText: /restart/ })
      .waitFor();
    const restarted = await rollout(runtime, 'default', 'colorapi');
    assert.ok(restarted.rollout.spec.restartAt, 'the restart reached the rollout');
    await screenshot(page, 'root-path-rollout-1280');

    // A deep link reloaded: served by the proxy under the prefix, the cookie sent with it.
    await page.reload();
    await rolloutStatus(page).waitFor();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Rollouts' }).click();
    await row.waitFor();
    assert.equal(new URL(page.url()).pathname, `${PREFIX}/`);
    await row.getByRole('link', { name: 'colorapi' }).click();
    await page.getByTestId('rollout-summary').waitFor();
    await page.locator('header a.brand').click();
    await row.waitFor();

    // Logging out ends the session; the token pasted on the login page logs in again.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByTestId('login-token').fill(authorizer.token);
    await page.getByTestId('login-submit').click();
    await row.getByTestId('rollout-status').waitFor();

    const elsewhere = requested.filter(
      (url) => !url.startsWith(`${proxy.origin}${PREFIX}/`) && !url.startsWith('data:'),
    );
    assert.deepEqual(elsewhere, [], 'every request of the page is under the root path');
    assert.ok(
      requested.some((url) => url.includes(`${PREFIX}/api/v1/namespaces/default/rollouts/colorapi/stream`)),
      'the live page streamed through the prefix',
    );
    assert.deepEqual(proxy.outside, [], 'nothing reached the proxy outside the prefix');
    assert.deepEqual(browser.errors, []);
  });

  it('answers the root path without its slash, and nothing outside it', async () => {
    const bare = await fetch(`${dashboard.url}${PREFIX}`, { redirect: 'manual' });
    assert.equal(bare.status, 302);
    assert.equal(bare.headers.get('location'), `${PREFIX}/`);
    const outside = await fetch(`${dashboard.url}/api/v1/session`);
    assert.equal(outside.status, 404, 'the API is not served outside the root path');
    const page = await fetch(`${dashboard.url}${PREFIX}/rollouts/default/colorapi`);
    assert.match(await page.text(), /<base href="\/rollouts\/" \/>/);
  });
});
