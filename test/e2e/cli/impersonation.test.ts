// --as, --as-group and --as-uid, and a kubeconfig user's as, as-groups, as-uid and as-user-extra,
// against a real API server (test/controlplane): the caller is a ServiceAccount that may do nothing
// with rollouts itself, only impersonate; the rights are those of the user or group it acts as,
// granted by RBAC. So a command that works proves the Impersonate-* headers reached the API server
// and were honoured, and one refused names who it acted as. A SelfSubjectReview shows whom the API
// server took the caller for, extra fields included (their keys %-encoded in the header names).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../../../src/platform/kubernetes/client/client.ts';
import { loadConnection } from '../../../src/platform/kubernetes/client/load-connection.ts';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlJson, kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { findBinDir } from '../../controlplane/paths.ts';
import { temporaryDir } from '../../integration/local/runtime/sluice-run.ts';
import { isOneSentence, neutralEnv, sluice } from '../../integration/cli/cli-process.ts';

const binaries = await findBinDir();
const skip = !binaries.found && process.env['CI'] !== 'true' ? binaries.reason : false;
const NS = 'impersonation';

const manifests = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "registry.example/web:1"}]}
  strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: caller, namespace: ${NS}}
---
# The caller may impersonate these users and this group, and do nothing else.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonation-test-impersonator}
rules:
  - {apiGroups: [""], resources: [users], verbs: [impersonate], resourceNames: [rollout-operator, someone]}
  - {apiGroups: [""], resources: [groups], verbs: [impersonate], resourceNames: [rollout-team, system:authenticated]}
  - {apiGroups: [authentication.k8s.io], resources: [uids], verbs: [impersonate], resourceNames: ["1001"]}
  - apiGroups: [authentication.k8s.io]
    resources: [userextras/scopes, "userextras/example.com/équipe"]
    verbs: [impersonate]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: impersonation-test-caller}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonation-test-impersonator}
subjects: [{kind: ServiceAccount, name: caller, namespace: ${NS}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rollout-operator, namespace: ${NS}}
rules:
  - {apiGroups: [argoproj.io], resources: [rollouts, rollouts/status], verbs: [get, list, watch, patch]}
---
# Only the impersonated user and group have the rights on rollouts.
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rollout-operator, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rollout-operator}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: rollout-operator}
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: rollout-team}
`;

describe('impersonation against a real API server', { skip, timeout: 600_000 }, () => {
  let cp: ControlPlane;
  let home = '';
  let kubeconfig = '';
  let actingKubeconfig = '';
  const cli = (...args: string[]) =>
    sluice([...args, '-n', NS, '--kubeconfig', kubeconfig], { env: neutralEnv({ HOME: home }) });
  const status = () =>
    kubectlJson<{ status?: { abort?: boolean } }>(cp.kubectl, ['get', 'rollout', 'web', '-n', NS, '-o', 'json']);

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    home = temporaryDir('impersonation-home');
    cp = await startControlPlane({ binDir: binaries.binDir });
    await kubectlOrThrow(cp.kubectl, ['create', 'namespace', NS]);
    await kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: manifests });
    const token = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'caller', '-n', NS])).trim();
    kubeconfig = path.join(home, 'caller.kubeconfig');
    writeFileSync(kubeconfig, JSON.stringify(cp.kubeconfigForToken(token, 'caller')));
    // The same caller whose kubeconfig user asks to act as someone in rollout-team, as client-go reads it.
    const document = cp.kubeconfigForToken(token, 'caller') as { users: Array<{ user: Record<string, unknown> }> };
    for (const entry of document.users)
      Object.assign(entry.user, {
        as: 'someone',
        'as-groups': ['system:authenticated', 'rollout-team'],
        'as-uid': '1001',
        'as-user-extra': { scopes: ['view', 'edit'], 'example.com/équipe': ['ops'] },
      });
    actingKubeconfig = path.join(home, 'acting.kubeconfig');
    writeFileSync(actingKubeconfig, JSON.stringify(document));
  });

  after(async () => {
    await cp?.stop();
  });

  it('the caller alone is refused: it has no rights on rollouts', async () => {
    const result = await cli('list', 'rollouts');
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`User "system:serviceaccount:${NS}:caller" cannot list resource "rollouts"`),
    );
  });

  it('--as acts as the user RBAC grants: list and abort work, the abort is written', async () => {
    const list = await cli('list', 'rollouts', '--as', 'rollout-operator');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /\nweb +Canary /);
    const abort = await cli('abort', 'web', '--as=rollout-operator');
    assert.deepEqual([abort.code, abort.stdout], [0, "rollout 'web' aborted\n"], abort.stderr);
    assert.equal((await status()).status?.abort, true);
  });

  it("--as another user is refused in that user's name, one sentence", async () => {
    const result = await cli('retry', 'rollout', 'web', '--as', 'someone');
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^sluice retry: forbidden by RBAC: .*User "someone" cannot (get|patch) resource "rollouts/,
    );
    assert.ok(isOneSentence(result.stderr), result.stderr);
  });

  it('--as-group adds the group RBAC grants (once per group, with --as-uid too)', async () => {
    const retry = await cli(
      'retry',
      'rollout',
      'web',
      '--as',
      'someone',
      '--as-group',
      'system:authenticated',
      '--as-group',
      'rollout-team',
      '--as-uid',
      '1001',
    );
    assert.deepEqual([retry.code, retry.stdout], [0, "rollout 'web' retried\n"], retry.stderr);
    assert.equal((await status()).status?.abort, false);
  });

  it('a user the caller may not impersonate is refused by the API server', async () => {
    const result = await cli('list', 'rollouts', '--as', 'cluster-admin-wannabe');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot impersonate resource "users"/);
  });

  it('--as-group without --as is a usage error that says to add --as, before any request', async () => {
    const result = await cli('list', 'rollouts', '--as-group', 'rollout-team');
    assert.deepEqual(
      [result.code, result.stderr],
      [
        1,
        'sluice list: --as-group needs --as: Kubernetes impersonates groups and a uid only together with a user; add --as USER\n',
      ],
    );
  });

  it("a kubeconfig user's as, as-groups, as-uid and as-user-extra are sent with every request, as client-go sends them", async () => {
    const client = new KubeClient(loadConnection({ kubeconfig: actingKubeconfig, env: {} }));
    try {
      const review = (await client.create(
        {
          kind: 'SelfSubjectReview',
          group: 'authentication.k8s.io',
          version: 'v1',
          plural: 'selfsubjectreviews',
          namespaced: false,
          strategicMerge: false,
        },
        '',
        { metadata: {} },
      )) as { status?: { userInfo?: { username?: string; uid?: string; groups?: string[]; extra?: unknown } } };
      const info = review.status?.userInfo;
      assert.equal(info?.username, 'someone');
      assert.equal(info?.uid, '1001');
      assert.deepEqual([...(info?.groups ?? [])].sort(), ['rollout-team', 'system:authenticated']);
      assert.deepEqual(info?.extra, { scopes: ['view', 'edit'], 'example.com/équipe': ['ops'] });
    } finally {
      client.close();
    }
    const abort = await sluice(['abort', 'web', '-n', NS, '--kubeconfig', actingKubeconfig], {
      env: neutralEnv({ HOME: home }),
    });
    assert.deepEqual([abort.code, abort.stdout], [0, "rollout 'web' aborted\n"], abort.stderr);
    assert.equal((await status()).status?.abort, true);
  });

  it("--as-group replaces the kubeconfig user's as-groups and keeps its as, as kubectl merges them", async () => {
    const result = await sluice(
      ['abort', 'web', '-n', NS, '--kubeconfig', actingKubeconfig, '--as-group', 'system:authenticated'],
      { env: neutralEnv({ HOME: home }) },
    );
    assert.equal(result.code, 1, 'without rollout-team, someone has no rights on rollouts');
    assert.match(result.stderr, /User "someone" cannot (get|patch) resource "rollouts/);
  });
});
