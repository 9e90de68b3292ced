// The dashboard served by the controller (`sluice controller --dashboard-port`), as deploy/'s
// ServiceAccount with deploy/dashboard's RBAC, over real HTTP: two ServiceAccount tokens from the
// TokenRequest API, one bound to a Role that may patch rollouts, one read-only. The first logs in
// and promotes a canary paused at its pause step, and the rollout moves on; the second reads the
// same page but its promote is refused with 403 and the RBAC message, and the rollout stays. The
// dashboard is served under --dashboard-root-path rollouts, as behind an Ingress routing /rollouts/.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ActionResult, ApiError, RolloutPage, Session, Timeline } from '../../../src/dashboard/contract.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { freePorts } from '../../controlplane/free-port.ts';
import { repoRoot } from '../../controlplane/paths.ts';
import { login, request } from '../../support/dashboard-http.ts';
import { setImage } from './support/control.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { rollout, service } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

const ns = 'dashboard-rbac';
/** The public URL behind an Ingress that --dashboard-url names: its pages may act. */
const PUBLIC_URL = 'https://rollouts.example.test';
let cluster: E2eCluster;
let staticDir: string;
let base: string;
let failed = false;

const readRules = [
  { apiGroups: ['argoproj.io'], resources: ['rollouts', 'analysisruns'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
];
const operateRules = [
  ...readRules,
  { apiGroups: ['argoproj.io'], resources: ['rollouts', 'rollouts/status'], verbs: ['patch', 'update'] },
];

function serviceAccountWithRole(name: string, rules: unknown[]): unknown[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
  ];
}

before(async () => {
  if (skipWithoutControlPlane) return;
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-dashboard-ui-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>sluice</title>');
  cluster = await startE2eCluster(ns);
  await cluster.kubectl(['apply', '-f', path.join(repoRoot, 'deploy', 'dashboard', 'rbac.yaml')]);
  const [port] = (await freePorts(1)) as [number];
  base = `http://127.0.0.1:${port}/rollouts`;
  await cluster.startController(
    [
      '--dashboard-port',
      String(port),
      '--dashboard-static-dir',
      staticDir,
      '--dashboard-url',
      PUBLIC_URL,
      '--dashboard-root-path',
      'rollouts',
    ],
    {
      asServiceAccount: true,
    },
  );
});

after(async () => {
  await cluster?.stop(failed);
  if (staticDir) rmSync(staticDir, { recursive: true, force: true });
});

test('through the controller dashboard, RBAC decides: the operator promotes, the viewer is refused', {
  skip: skipWithoutControlPlane,
}, async () => {
  try {
    await cluster.apply([
      ...serviceAccountWithRole('operator', operateRules),
      ...serviceAccountWithRole('viewer', readRules),
      service('web', 'web'),
      rollout({
        name: 'web',
        replicas: 2,
        strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] } },
      }),
    ]);
    const token = async (name: string) => (await cluster.kubectl(['create', 'token', name, '-n', ns])).trim();
    const [operatorToken, viewerToken] = [await token('operator'), await token('viewer')];

    const session = await pollUntil(
      async () => {
        const answer = await request<Session>(base, '/api/v1/session').catch(() => undefined);
        return answer?.status === 200 ? answer.json : undefined;
      },
      { what: 'the dashboard of the controller to answer', timeoutMs: 60_000 },
    );
    assert.deepEqual([session.authenticated, session.runtime, session.login], [false, 'cluster', 'kubernetes-token']);
    const outside = await request<ApiError>(new URL(base).origin, '/api/v1/session');
    assert.equal(outside.status, 404, 'nothing is served outside the root path');
    assert.match((await request(base, '/')).text, /<base href="\/rollouts\/"/);
    const refusedLogin = await request<ApiError>(base, '/api/v1/login', { body: { token: 'not-a-token' } });
    assert.equal(refusedLogin.status, 401, refusedLogin.text);

    await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the first revision to be Healthy' });
    await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
    await waitForRollout(cluster.client, ns, 'web', pausedAtStep(1), { what: 'the pause after setWeight 50' });

    const page = `/api/v1/namespaces/${ns}/rollouts/web`;
    const { cookie, setCookie } = await login(base, operatorToken);
    assert.match(setCookie, /; Path=\/rollouts;/);
    const whoami = await request<Session>(base, '/api/v1/session', { cookie });
    assert.equal(whoami.json.user, `system:serviceaccount:${ns}:operator`);
    // Bindings reach the API server's authorizer shortly after they are written.
    const seen = await pollUntil(
      async () => {
        const answer = await request<RolloutPage>(base, page, { cookie });
        return answer.status === 200 ? answer.json : undefined;
      },
      { what: "the operator's Role to allow reading the page" },
    );
    assert.equal(seen.view.status.text, 'Paused');
    assert.ok(seen.actions.includes('promote'), `the operator is offered promote: ${seen.actions.join(', ')}`);

    const viewerPage = await pollUntil(
      async () => {
        const answer = await request<RolloutPage>(base, page, { bearer: viewerToken });
        return answer.status === 200 ? answer : undefined;
      },
      { what: "the viewer's Role to allow reading the page" },
    );
    assert.equal(viewerPage.json.view.status.text, 'Paused');
    assert.deepEqual(viewerPage.json.actions, [], 'the viewer is offered no action');
    const refused = await request<ApiError>(base, `${page}/actions/promote`, { bearer: viewerToken, body: {} });
    assert.equal(refused.status, 403, refused.text);
    assert.match(
      refused.json.error.message,
      new RegExp(
        `user system:serviceaccount:${ns}:viewer may not patch rollouts/status \\(argoproj\\.io\\) in namespace ${ns}`,
      ),
    );
    const timeline = await request<Timeline>(base, `${page}/timeline`, { bearer: viewerToken });
    assert.equal(timeline.status, 200, timeline.text);
    assert.ok(
      timeline.json.entries.some((entry) => entry.kind === 'pause'),
      `a pause in the timeline: ${timeline.json.entries.map((e) => e.reason).join(', ')}`,
    );
    const still = await cluster.client.get(argoResources.rollouts, ns, 'web');
    assert.ok(pausedAtStep(1)(still), 'the refused promote did not move the rollout');

    const foreign = await request<ApiError>(base, `${page}/actions/promote`, {
      cookie,
      body: {},
      headers: { origin: 'https://elsewhere.example.test' },
    });
    assert.equal(foreign.status, 403, 'an action from another origin is refused (CSRF)');
    assert.match(foreign.json.error.message, /elsewhere/);
    const promoted = await request<ActionResult>(base, `${page}/actions/promote`, {
      cookie,
      body: {},
      headers: { origin: PUBLIC_URL },
    });
    assert.equal(promoted.status, 200, promoted.text);
    assert.match(promoted.json.message, /promoted/);
    await waitForRollout(cluster.client, ns, 'web', healthy, { what: 'the promoted rollout to finish' });

    const logout = await request(base, '/api/v1/logout', { cookie, body: {} });
    assert.equal(logout.status, 204);
    assert.equal((await request(base, page, { cookie })).status, 401, 'the session ended at logout');
  } catch (error) {
    failed = true;
    throw error;
  }
});
