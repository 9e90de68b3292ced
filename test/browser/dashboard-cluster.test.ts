// The dashboard in a real browser (Debian's chromium) against a real API server (test/controlplane)
// with the controller running as deploy/'s ServiceAccount, serving the dashboard itself
// (--dashboard-port, with deploy/dashboard's RBAC): users log in with a Kubernetes token and their
// own RBAC decides. An operator (a ServiceAccount whose Role may patch rollouts) promotes and
// aborts a canary from the page while it follows live; a viewer (a read-only Role) sees the
// rollout, the actions refused with a message that names the verb, and the server refuses the
// action itself too; a user who may patch rollouts but not rollouts/status may restart and is told
// why retry is not offered; the viewer, whose Role does not list Jobs, is told they are hidden. `sluice dashboard` run with the viewer's kubeconfig refuses the same way.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { freePorts } from '../controlplane/free-port.ts';
import { repoRoot } from '../controlplane/paths.ts';
import { setImage } from '../e2e/kubernetes/support/control.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from '../e2e/kubernetes/support/e2e-cluster.ts';
import { rollout, service } from '../e2e/kubernetes/support/manifests.ts';
import { getRollout, healthy, pausedAtStep, pollUntil, waitForRollout } from '../e2e/kubernetes/support/wait.ts';
import { browserSkip, DESKTOP, openBrowser, screenshot, type BrowserSession } from './support/browser.ts';
import { ensureDashboardBuilt } from './support/dashboard-build.ts';
import { rolloutAddress, rolloutStatus } from './support/dashboard-page.ts';
import { startDashboard } from './support/dashboard-process.ts';

const NS = 'dashboard';

const users = `apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: ${NS}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: viewer, namespace: ${NS}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rollout-viewer, namespace: ${NS}}
rules:
  - {apiGroups: [argoproj.io], resources: [rollouts, analysisruns, experiments], verbs: [get, list, watch]}
  - {apiGroups: [apps], resources: [replicasets], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [pods, events], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rollout-operator, namespace: ${NS}}
rules:
  - {apiGroups: [argoproj.io], resources: [rollouts, rollouts/status], verbs: [get, list, watch, patch, update]}
  - {apiGroups: [argoproj.io], resources: [analysisruns, experiments], verbs: [get, list, watch]}
  - {apiGroups: [apps], resources: [replicasets], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [pods, events], verbs: [get, list, watch]}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: restarter, namespace: ${NS}}
---
# May patch rollouts (restart) but not their status (promote, abort, retry).
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rollout-restarter, namespace: ${NS}}
rules:
  - {apiGroups: [argoproj.io], resources: [rollouts], verbs: [get, list, watch, patch]}
  - {apiGroups: [argoproj.io], resources: [analysisruns, experiments], verbs: [get, list, watch]}
  - {apiGroups: [apps], resources: [replicasets], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [pods, events], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: restarter, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rollout-restarter}
subjects: [{kind: ServiceAccount, name: restarter, namespace: ${NS}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rollout-viewer}
subjects: [{kind: ServiceAccount, name: viewer, namespace: ${NS}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: operator, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rollout-operator}
subjects: [{kind: ServiceAccount, name: operator, namespace: ${NS}}]
`;

/**
 * The refusal of a status patch to `user`, one sentence however it was learnt (the controller's
 * SubjectAccessReview, the SelfSubjectAccessReview of `sluice dashboard`): who, the verb, the resource
 * and its API group, the namespace, and the RBAC to ask for.
 */
const refusedStatusPatch = (user: string) =>
  new RegExp(
    `user system:serviceaccount:${NS}:${user} may not patch rollouts/status \\(argoproj\\.io\\) in namespace ${NS}: ` +
      `Kubernetes RBAC refused it.*; ask a cluster administrator for RBAC that grants it: a Role in namespace ${NS} ` +
      `allowing patch on rollouts/status \\(argoproj\\.io\\), bound to system:serviceaccount:${NS}:${user}`,
  );
const REFUSED = refusedStatusPatch('viewer');

describe('the dashboard in chromium against the control plane, served by the controller', {
  skip: browserSkip(skipWithoutControlPlane),
  timeout: 600_000,
}, () => {
  let cluster: E2eCluster;
  let browser: BrowserSession;
  let origin = '';
  let failed = false;
  const tokens: Record<'operator' | 'viewer' | 'restarter', string> = { operator: '', viewer: '', restarter: '' };

  /** A new browser context logged in with `token` on the login page, at the rollout's page. */
  const logIn = async (token: string): Promise<Page> => {
    const page = await browser.page(DESKTOP);
    await page.goto(rolloutAddress(origin, NS, 'web'));
    await page.getByLabel('Kubernetes bearer token').fill(token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('rollout-summary').waitFor();
    return page;
  };
  const statusIs = (page: Page, text: string) => rolloutStatus(page).filter({ hasText: text }).waitFor();

  before(async () => {
    ensureDashboardBuilt();
    cluster = await startE2eCluster(NS);
    await cluster.controllerToken(true); // deploy/rbac: the controller's ServiceAccount
    await cluster.kubectl(['apply', '-f', path.join(repoRoot, 'deploy/dashboard/rbac.yaml')]);
    await cluster.apply(users);
    for (const user of ['operator', 'viewer', 'restarter'] as const)
      tokens[user] = (await cluster.kubectl(['create', 'token', user, '-n', NS, '--duration=1h'])).trim();
    const [port] = (await freePorts(1)) as [number];
    const controller = await cluster.startController(['--dashboard-port', String(port)], { asServiceAccount: true });
    await pollUntil(() => controller.log().includes(`dashboard at http://127.0.0.1:${port}`), {
      what: 'the controller to serve the dashboard',
      timeoutMs: 60_000,
    });
    origin = `http://127.0.0.1:${port}`;
    await cluster.apply([
      rollout({ name: 'web', replicas: 2, strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } } }),
      service('web', 'web'),
    ]);
    await waitForRollout(cluster.client, NS, 'web', healthy, { what: 'the first revision to be Healthy' });
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await cluster?.stop(failed);
  });

  it('a token the API server does not accept is refused on the login page with what to do', async () => {
    const page = await browser.page(DESKTOP);
    await page.goto(`${origin}/`);
    await page.getByLabel('Kubernetes bearer token').fill('not-a-token');
    await screenshot(page, 'cluster-login-1280');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /did not accept the token.*kubectl create token/ })
      .waitFor();
    assert.equal(await page.getByTestId('rollout-list').count(), 0);
    // The browser logs the refused login's 401 as a console error: expected here, and only that.
    assert.ok(
      browser.errors.every((error) => error.includes('401 (Unauthorized)')),
      browser.errors.join('\n'),
    );
    browser.errors.length = 0;
    await page.context().close();
  });

  it('an operator logs in with a token, and promotes and aborts the canary from the page, which follows live', async () => {
    try {
      const page = await logIn(tokens.operator);
      await statusIs(page, 'Healthy');
      await page.evaluate('window.sameDocument = true');

      await setImage(cluster.client, NS, 'web', 'registry.local/app:2');
      await statusIs(page, 'Paused');
      await screenshot(page, 'cluster-rollout-paused-1280');
      await page.getByRole('button', { name: 'Promote', exact: true }).click();
      await page
        .getByTestId('action-result')
        .filter({ hasText: /promoted/ })
        .waitFor();
      await statusIs(page, 'Healthy');
      await waitForRollout(cluster.client, NS, 'web', healthy, { what: 'the promoted revision to be Healthy' });

      await setImage(cluster.client, NS, 'web', 'registry.local/app:3');
      await waitForRollout(cluster.client, NS, 'web', pausedAtStep(1), { what: 'the third revision to pause' });
      await statusIs(page, 'Paused');
      await page.getByRole('button', { name: 'Abort', exact: true }).click();
      await page.getByRole('dialog', { name: 'Abort rollout web?' }).getByRole('button', { name: 'Abort' }).click();
      await statusIs(page, 'Degraded');
      assert.equal((await getRollout(cluster.client, NS, 'web')).status?.abort, true);
      await screenshot(page, 'cluster-rollout-aborted-1280');
      assert.equal(await page.evaluate<boolean>('window.sameDocument === true'), true, 'the page reloaded');
      assert.deepEqual(browser.errors, []);
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('a viewer without the patch verb sees the rollout and the actions refused, by the page and by the server', async () => {
    try {
      const page = await logIn(tokens.viewer);
      await statusIs(page, 'Degraded'); // left aborted by the operator
      await page.getByTestId('actions-refused').filter({ hasText: REFUSED }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Retry', exact: true }).isDisabled(), true);
      // Its Role lists experiments but not Jobs (batch): the page says the Jobs are hidden, and why.
      await page
        .getByTestId('hidden-jobs')
        .filter({
          hasText: new RegExp(
            `Jobs are hidden \\(RBAC\\): user system:serviceaccount:${NS}:viewer may not list jobs \\(batch\\)`,
          ),
        })
        .waitFor();
      assert.equal(await page.getByTestId('hidden-experiments').count(), 0, 'experiments are not hidden from it');
      await screenshot(page, 'cluster-rollout-viewer-1280');
      // The server refuses the action too, whatever the page offers: the request the page would send.
      const answer = await page.evaluate<{ status: number; message: string }>(`
        fetch('/api/v1/namespaces/${NS}/rollouts/web/actions/retry', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sluice-request': '1' },
          body: '{}',
        }).then(async (response) => ({ status: response.status, message: (await response.json()).error.message }))`);
      assert.equal(answer.status, 403);
      assert.match(answer.message, REFUSED);
      assert.equal((await getRollout(cluster.client, NS, 'web')).status?.abort, true, 'the retry happened');
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('a user who may patch rollouts but not their status may restart, and is told why retry is not offered', async () => {
    try {
      const page = await logIn(tokens.restarter);
      await statusIs(page, 'Degraded');
      await page
        .getByTestId('actions-refused')
        .filter({ hasText: refusedStatusPatch('restarter') })
        .waitFor();
      assert.equal(await page.getByRole('button', { name: 'Retry', exact: true }).isDisabled(), true);
      await page.getByRole('button', { name: 'Restart', exact: true }).click();
      await page
        .getByTestId('action-result')
        .filter({ hasText: /restart/i })
        .waitFor();
      assert.ok((await getRollout(cluster.client, NS, 'web')).spec.restartAt, 'spec.restartAt is set');
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('`sluice dashboard` with the viewer kubeconfig shows the same refusal', async () => {
    const kubeconfig = path.join(cluster.logDir, 'viewer.kubeconfig');
    const document = cluster.cp.kubeconfigForToken(tokens.viewer, 'viewer') as {
      contexts: Array<{ context: Record<string, string> }>;
    };
    for (const entry of document.contexts) entry.context['namespace'] = NS;
    writeFileSync(kubeconfig, JSON.stringify(document), { mode: 0o600 });
    const dashboard = await startDashboard(['--kubeconfig', kubeconfig]);
    try {
      const page = await browser.page(DESKTOP);
      await page.goto(dashboard.url);
      await page.getByTestId('rollout-list').waitFor();
      await page.getByRole('link', { name: 'web' }).click();
      await statusIs(page, 'Degraded');
      await page.getByTestId('actions-refused').filter({ hasText: REFUSED }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Retry', exact: true }).isDisabled(), true);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await dashboard.stop();
    }
  });
});
