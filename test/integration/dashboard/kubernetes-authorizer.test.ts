// The dashboard's KubernetesAuthorizer against a real API server: ServiceAccount tokens from the
// TokenRequest API (`kubectl create token`) are authenticated with TokenReviews, and RBAC decides
// each read and action through SubjectAccessReviews. One ServiceAccount has a read-only Role, one a
// Role that may also patch rollouts; the reviews are made with the admin's client.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { actionNeeds, firstRefusal, readNeeds } from '../../../src/dashboard/auth/access-needs.ts';
import { KubernetesAuthorizer } from '../../../src/dashboard/auth/kubernetes-authorizer.ts';
import { SESSION_COOKIE } from '../../../src/dashboard/contract.ts';
import type { AccessDecision, AccessRequest, Identity } from '../../../src/dashboard/server/authorizer.ts';
import { selfAccessCheck } from '../../../src/dashboard/server/kube-access.ts';
import { KubeClient } from '../../../src/platform/kubernetes/client/client.ts';
import { bearerToken } from '../../../src/platform/kubernetes/client/connection.ts';
import { loadConnection } from '../../../src/platform/kubernetes/client/load-connection.ts';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { controlPlaneAvailability } from '../deploy/support.ts';

const { binaries, skip } = await controlPlaneAvailability();
const ns = 'dashboard-auth';

/** A ServiceAccount bound to a Role with `rules`, as YAML. */
function serviceAccountWithRole(name: string, rules: unknown[]): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: ns }, rules },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: ns },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
      },
    ],
  });
}

const readRules = [
  { apiGroups: ['argoproj.io'], resources: ['rollouts', 'analysisruns'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
];
const operateRules = [
  ...readRules,
  { apiGroups: ['argoproj.io'], resources: ['rollouts', 'rollouts/status'], verbs: ['patch', 'update'] },
];

function requestWith(headers: Record<string, string>): IncomingMessage {
  // The authorizer reads only the headers of the request.
  return { headers } as unknown as IncomingMessage;
}

describe('KubernetesAuthorizer on a real API server', { skip, timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let client: KubeClient;
  let viewerToken: string;
  let operatorToken: string;
  const viewerUser = `system:serviceaccount:${ns}:viewer`;

  before(async () => {
    cp = await startControlPlane({ ...(binaries.found ? { binDir: binaries.binDir } : {}), crdPaths: [] });
    client = new KubeClient(loadConnection({ kubeconfig: cp.kubeconfigPath, env: {} }));
    await kubectlOrThrow(cp.kubectl, ['create', 'namespace', ns]);
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: serviceAccountWithRole('viewer', readRules) });
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: serviceAccountWithRole('operator', operateRules) });
    viewerToken = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'viewer', '-n', ns])).trim();
    operatorToken = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'operator', '-n', ns])).trim();
  });

  after(async () => {
    client?.close();
    await cp?.stop();
  });

  // RBAC reaches the authorizer shortly after it is written: the first decision is polled for.
  const eventually = (authorizer: KubernetesAuthorizer, identity: Identity, what: string) =>
    pollUntil(
      async () =>
        (await firstRefusal(
          (a) => authorizer.allows(identity, a),
          readNeeds({ route: 'rollout', namespace: ns, name: 'web' }),
        )) === undefined,
      { what },
    );

  test('a read-only ServiceAccount logs in, may read, and is refused patch with who, verb, resource and namespace', async () => {
    const authorizer = new KubernetesAuthorizer({ client, decisionTtlMs: 0 });
    const identity = await authorizer.login(viewerToken);
    assert.ok(identity, 'the ServiceAccount token is authenticated');
    assert.equal(identity.username, viewerUser);
    assert.ok(identity.groups.includes(`system:serviceaccounts:${ns}`), `groups ${identity.groups.join(', ')}`);
    assert.ok(identity.session, 'a session id for the cookie');

    const fromCookie = await authorizer.authenticate(
      requestWith({ cookie: `theme=dark; ${SESSION_COOKIE}=${identity.session}` }),
    );
    assert.equal(fromCookie?.username, viewerUser, 'the session cookie names the same user');

    await eventually(authorizer, identity, 'the viewer Role to allow reading the rollout page');
    assert.equal(
      await firstRefusal((a) => authorizer.allows(identity, a), readNeeds({ route: 'rollout-list', namespace: ns })),
      undefined,
    );
    assert.equal(
      await firstRefusal(
        (a) => authorizer.allows(identity, a),
        readNeeds({ route: 'timeline', namespace: ns, name: 'web' }),
      ),
      undefined,
    );

    const refusal = await firstRefusal((a) => authorizer.allows(identity, a), actionNeeds('abort', ns, 'web'));
    assert.ok(refusal, 'abort is refused');
    assert.match(
      refusal,
      new RegExp(`user ${viewerUser} may not patch rollouts/status \\(argoproj\\.io\\) in namespace ${ns}`),
    );
    const elsewhere = await authorizer.allows(identity, { verb: 'list', group: 'argoproj.io', resource: 'rollouts' });
    assert.equal(elsewhere.allowed, false, 'a Role of one namespace does not allow listing every namespace');
    assert.match(elsewhere.allowed ? '' : elsewhere.reason, /cluster-wide/);
  });

  test("a refusal reads the same whether a SubjectAccessReview or the user's own SelfSubjectAccessReview learnt it", async () => {
    const authorizer = new KubernetesAuthorizer({ client, decisionTtlMs: 0 });
    const identity = await authorizer.login(viewerToken);
    assert.ok(identity);
    await eventually(authorizer, identity, 'the viewer Role to allow reading the rollout page');
    // `sluice dashboard` with a kubeconfig asks as the user: here, the viewer's token alone.
    const admin = loadConnection({ kubeconfig: cp.kubeconfigPath, env: {} });
    const { cert: _cert, key: _key, ...tls } = admin.tls;
    const asViewer = new KubeClient({ ...admin, tls, credentials: bearerToken(viewerToken) });
    try {
      const checkAsViewer = selfAccessCheck(asViewer, viewerUser);
      const needs: AccessRequest[] = [
        ...actionNeeds('abort', ns, 'web'),
        { verb: 'list', group: 'argoproj.io', resource: 'rollouts' },
      ];
      for (const access of needs) {
        const [bySubject, bySelf]: AccessDecision[] = await Promise.all([
          authorizer.allows(identity, access),
          checkAsViewer(access),
        ]);
        assert.deepEqual(bySelf, bySubject, `${access.verb} ${access.resource}${access.subresource ?? ''}`);
      }
      const refused = await checkAsViewer({
        verb: 'patch',
        group: 'argoproj.io',
        resource: 'rollouts',
        subresource: 'status',
        namespace: ns,
      });
      assert.match(
        refused.allowed ? '' : refused.reason,
        new RegExp(
          `^user ${viewerUser} may not patch rollouts/status \\(argoproj\\.io\\) in namespace ${ns}: Kubernetes RBAC refused it.*; ask a cluster administrator for RBAC that grants it: a Role in namespace ${ns} allowing patch on rollouts/status \\(argoproj\\.io\\), bound to ${viewerUser}$`,
        ),
      );
    } finally {
      asViewer.close();
    }
  });

  test('an invalid token is refused, at login and as a bearer token', async () => {
    const authorizer = new KubernetesAuthorizer({ client });
    assert.equal(await authorizer.login('not-a-token'), undefined);
    assert.equal(
      await authorizer.login(`${viewerToken.slice(0, -4)}AAAA`),
      undefined,
      'a token with a wrong signature',
    );
    assert.equal(await authorizer.authenticate(requestWith({ authorization: 'Bearer not-a-token' })), undefined);
    assert.equal(await authorizer.authenticate(requestWith({ cookie: `${SESSION_COOKIE}=made-up` })), undefined);
    assert.equal(await authorizer.authenticate(requestWith({})), undefined);
  });

  test('a ServiceAccount bound to patch may act; its bearer token is reviewed once for a burst', async () => {
    const authorizer = new KubernetesAuthorizer({ client });
    const request = requestWith({ authorization: `Bearer ${operatorToken}` });
    const identity = await authorizer.authenticate(request);
    assert.equal(identity?.username, `system:serviceaccount:${ns}:operator`);
    assert.ok(identity);
    await eventually(authorizer, identity, 'the operator Role to allow reading the rollout page');
    for (const action of ['promote', 'promote-full', 'abort', 'retry', 'restart', 'set-image', 'undo'] as const)
      assert.equal(
        await firstRefusal((a) => authorizer.allows(identity, a), actionNeeds(action, ns, 'web')),
        undefined,
        action,
      );
    const sent = authorizer.reviewsSent;
    await Promise.all([authorizer.authenticate(request), authorizer.authenticate(request)]);
    await firstRefusal((a) => authorizer.allows(identity, a), actionNeeds('promote', ns, 'web'));
    assert.equal(authorizer.reviewsSent, sent, 'the token and the decisions come from the caches');
  });

  test('a session ends at the next check once its token is no longer valid (ServiceAccount deleted)', async () => {
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: serviceAccountWithRole('temporary', readRules) });
    const token = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'temporary', '-n', ns])).trim();
    const authorizer = new KubernetesAuthorizer({ client, reviewEveryMs: 0 });
    const identity = await authorizer.login(token);
    assert.ok(identity?.session);
    const request = requestWith({ cookie: `${SESSION_COOKIE}=${identity.session}` });
    assert.equal((await authorizer.authenticate(request))?.username, `system:serviceaccount:${ns}:temporary`);
    await kubectlOrThrow(cp.kubectl, ['delete', 'serviceaccount', 'temporary', '-n', ns]);
    await pollUntil(async () => (await authorizer.authenticate(request)) === undefined, {
      what: 'the session of a deleted ServiceAccount to end',
    });
    assert.equal(await authorizer.login(token), undefined, 'its token no longer logs in');
  });

  test('a session expires after its lifetime and ends at logout', async () => {
    let now = Date.now();
    const authorizer = new KubernetesAuthorizer({ client, sessionLifetimeMs: 60_000, now: () => now });
    const first = await authorizer.login(viewerToken);
    const second = await authorizer.login(viewerToken);
    assert.ok(first?.session && second?.session && first.session !== second.session);
    const cookie = (id: string) => requestWith({ cookie: `${SESSION_COOKIE}=${id}` });
    authorizer.logout(cookie(second.session));
    assert.equal(await authorizer.authenticate(cookie(second.session)), undefined, 'logged out');
    now += 59_000;
    assert.equal((await authorizer.authenticate(cookie(first.session)))?.username, viewerUser);
    now += 1_000;
    assert.equal(await authorizer.authenticate(cookie(first.session)), undefined, 'expired');
  });
});
