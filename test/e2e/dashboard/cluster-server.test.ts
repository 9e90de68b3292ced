// The dashboard over a real API server (test/controlplane) with the controller: the same contract
// as over the local runtime, then `sluice dashboard` run as kubeconfig users whom RBAC grants less.
// A viewer (get/list/watch only) is offered no action and refused one with 403 naming user, verb,
// resource, namespace and RBAC, answered ahead by a SelfSubjectAccessReview; an operator who may
// patch rollouts but not their status restarts, while the abort (a status patch) is refused by the
// API server itself, mapped to the same kind of 403. Outside CI it skips when the control plane is
// not built.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Rollout } from '../../../src/api/types/rollout.ts';
import { ClusterTarget } from '../../../src/cli/target/cluster-target.ts';
import type { ActionResult, ApiError, RolloutPage, Session } from '../../../src/dashboard/contract.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { runDashboardContract, staticFixture } from '../../contracts/dashboard-contract.ts';
import { neutralEnv } from '../../integration/cli/cli-process.ts';
import { FIXTURES, temporaryDir } from '../../integration/local/runtime/sluice-run.ts';
import { login, request } from '../../support/dashboard-http.ts';
import { startDashboardProcess, type RunningDashboard } from '../../support/dashboard-process.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from '../kubernetes/support/e2e-cluster.ts';

const NS = 'dashboard';
const manifests = ['rollout.yaml', 'service.yaml']
  .map((file) => readFileSync(path.join(FIXTURES, 'canary-basic', file), 'utf8'))
  .join('\n---\n');

const rbac = `apiVersion: v1
kind: ServiceAccount
metadata: {name: viewer, namespace: ${NS}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: ${NS}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rollout-viewer, namespace: ${NS}}
rules:
  - {apiGroups: [argoproj.io], resources: [rollouts, analysisruns, experiments], verbs: [get, list, watch]}
  - {apiGroups: [apps], resources: [replicasets], verbs: [get, list, watch]}
  - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
---
# May patch rollouts (spec: restart) but not rollouts/status (abort, retry, promote).
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: rollout-spec-operator, namespace: ${NS}}
rules:
  - {apiGroups: [argoproj.io], resources: [rollouts], verbs: [patch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rollout-viewers, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rollout-viewer}
subjects:
  - {kind: ServiceAccount, name: viewer, namespace: ${NS}}
  - {kind: ServiceAccount, name: operator, namespace: ${NS}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rollout-spec-operators, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rollout-spec-operator}
subjects:
  - {kind: ServiceAccount, name: operator, namespace: ${NS}}
`;

let started: Promise<E2eCluster> | undefined;
/** One control plane for the whole file, started by whichever part needs it first. */
function cluster(): Promise<E2eCluster> {
  started ??= (async () => {
    const created = await startE2eCluster(NS);
    try {
      await created.startController();
      await created.apply(manifests);
      const target = new ClusterTarget(created.client);
      await pollUntil(async () => (await target.rolloutObjects(NS, 'colorapi')).rollout.status?.phase === 'Healthy', {
        what: 'the first revision to be Healthy',
        timeoutMs: 120_000,
      });
      return created;
    } catch (error) {
      await created.stop(true);
      throw error;
    }
  })();
  return started;
}

after(async () => {
  if (started) await (await started).stop();
});

describe('dashboard on a cluster', { skip: skipWithoutControlPlane }, () => {
  runDashboardContract({
    name: 'a cluster with the controller (ClusterTarget)',
    timeoutMs: 120_000,
    create: async () => {
      const ready = await cluster();
      return {
        target: new ClusterTarget(ready.client),
        runtime: 'cluster',
        namespace: NS,
        name: 'colorapi',
        container: 'colorapi',
        firstImage: 'ghcr.io/sluice-examples/colorapi:red',
        secondImage: 'ghcr.io/sluice-examples/colorapi:blue',
        deleteRollout: async () => {
          await ready.kubectl(['delete', 'rollout', 'colorapi', '-n', NS]);
          await ready.apply(manifests);
        },
        // The client is the cluster's; it stops with it.
        close: async () => {},
      };
    },
  });

  describe('sluice dashboard as kubeconfig users RBAC grants less', { timeout: 300_000 }, () => {
    let ready: E2eCluster;
    let viewer: RunningDashboard;
    let operator: RunningDashboard;
    const page = `/api/v1/namespaces/${NS}/rollouts/colorapi`;

    const dashboardAs = async (serviceAccount: string): Promise<RunningDashboard> => {
      const token = (await ready.kubectl(['create', 'token', serviceAccount, '-n', NS])).trim();
      const kubeconfig = path.join(temporaryDir(`dashboard-${serviceAccount}`), 'kubeconfig');
      writeFileSync(kubeconfig, JSON.stringify(ready.cp.kubeconfigForToken(token, serviceAccount)));
      return startDashboardProcess(
        ['--kubeconfig', kubeconfig, '-n', NS, '--port', '0', '--static-dir', staticFixture().dir],
        neutralEnv(),
      );
    };
    const abortWritten = async () =>
      (await ready.client.get<Rollout>(argoResources.rollouts, NS, 'colorapi')).status?.abort === true;

    before(async () => {
      ready = await cluster();
      await ready.apply(rbac);
      viewer = await dashboardAs('viewer');
      operator = await dashboardAs('operator');
    });

    after(async () => {
      await viewer?.stop();
      await operator?.stop();
    });

    it('the dashboard acts as the kubeconfig user, as the API server names them', async () => {
      assert.match(viewer.stdout(), new RegExp(`acting as system:serviceaccount:${NS}:viewer\\n`));
      const { cookie } = await login(viewer.base, viewer.token);
      const session = await request<Session>(viewer.base, '/api/v1/session', { cookie });
      assert.deepEqual(
        [session.json.runtime, session.json.user, session.json.defaultNamespace],
        ['cluster', `system:serviceaccount:${NS}:viewer`, NS],
      );
    });

    it('a viewer reads the page, is offered no action, and an action is refused with 403 naming user, verb, resource, namespace and RBAC', async () => {
      const { cookie } = await login(viewer.base, viewer.token);
      const read = await request<RolloutPage>(viewer.base, page, { cookie });
      assert.equal(read.status, 200, read.text);
      assert.equal(read.json.view.name, 'colorapi');
      assert.deepEqual(read.json.actions, []);
      const refused = await request<ApiError>(viewer.base, `${page}/actions/abort`, { cookie, body: {} });
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.json.error.reason, 'Forbidden');
      assert.match(
        refused.json.error.message,
        new RegExp(
          `^user system:serviceaccount:${NS}:viewer may not patch rollouts/status \\(argoproj\\.io\\) in namespace ${NS}: Kubernetes RBAC refused it.*; ask a cluster administrator for RBAC that grants it: a Role in namespace ${NS} allowing patch on rollouts/status \\(argoproj\\.io\\), bound to system:serviceaccount:${NS}:viewer$`,
        ),
      );
      assert.equal(await abortWritten(), false, 'nothing was written');
    });

    it('a read the API server refuses (rollouts of another namespace) is a 403 naming user, verb, resource and namespace', async () => {
      const { cookie } = await login(viewer.base, viewer.token);
      const refused = await request<ApiError>(viewer.base, '/api/v1/rollouts?namespace=default', { cookie });
      assert.equal(refused.status, 403, refused.text);
      assert.match(
        refused.json.error.message,
        new RegExp(
          `^user system:serviceaccount:${NS}:viewer may not list rollouts \\(argoproj\\.io\\) in namespace default: Kubernetes RBAC refused it \\(.*cannot list resource "rollouts"`,
        ),
      );
    });

    it('an operator who may patch rollouts but not their status restarts; the abort (a status patch) is refused with a clear 403', async () => {
      const { cookie } = await login(operator.base, operator.token);
      const read = await request<RolloutPage>(operator.base, page, { cookie });
      assert.ok(read.json.actions.includes('restart'), read.json.actions.join());
      const restart = await request<ActionResult>(operator.base, `${page}/actions/restart`, { cookie, body: {} });
      assert.equal(restart.status, 200, restart.text);
      assert.equal(restart.json.message, "rollout 'colorapi' restarts in 0s");
      const refused = await request<ApiError>(operator.base, `${page}/actions/abort`, { cookie, body: {} });
      assert.equal(refused.status, 403, refused.text);
      assert.match(
        refused.json.error.message,
        new RegExp(
          `^user system:serviceaccount:${NS}:operator may not patch rollouts/status \\(argoproj\\.io\\) in namespace ${NS}: Kubernetes RBAC refused it.*; ask a cluster administrator for RBAC that grants it: a Role in namespace ${NS} allowing patch on rollouts/status \\(argoproj\\.io\\), bound to system:serviceaccount:${NS}:operator$`,
        ),
      );
      assert.equal(await abortWritten(), false);
    });
  });
});
