// The dashboard of a cluster against a real API server (test/controlplane), with Kubernetes RBAC
// deciding through TokenReview and SubjectAccessReview, as the controller serves it: ServiceAccount
// tokens from the TokenRequest API, Roles and RoleBindings written with kubectl. A live stream
// whose RoleBinding is deleted while it is open ends with a 403 within the re-check period, while
// another user's stream goes on. A user who may read the rollout but not list its Experiments or
// Jobs gets the page without them, told which part is hidden and which permission is missing. The
// rollout's objects are written by hand (no controller runs), owned by the rollout as the
// controller would own them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClusterTarget } from '../../../src/cli/target/cluster-target.ts';
import type { ApiError, RolloutPage } from '../../../src/dashboard/contract.ts';
import { KubernetesAuthorizer } from '../../../src/dashboard/auth/kubernetes-authorizer.ts';
import { startDashboardServer, type DashboardServer } from '../../../src/dashboard/server/server.ts';
import { argoResources } from '../../../src/runtime/kubernetes/resources.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { openStream, request } from '../../support/dashboard-http.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from '../kubernetes/support/e2e-cluster.ts';
import { rollout } from '../kubernetes/support/manifests.ts';

const NS = 'dashboard-live';
/** The server's re-check period here (30 s by default): a revoked stream must end within it (and the 5 s decision cache). */
const RECHECK_MS = 1000;

const coreRead = [
  { apiGroups: ['argoproj.io'], resources: ['rollouts', 'analysisruns'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
];
const fullRead = [
  ...coreRead,
  { apiGroups: ['argoproj.io'], resources: ['experiments'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
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
      subjects: [{ kind: 'ServiceAccount', name, namespace: NS }],
    },
  ];
}

function ownerReference(kind: string, name: string, uid: string, apiVersion = 'argoproj.io/v1alpha1'): unknown {
  return { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true };
}

describe('the dashboard on a cluster follows RBAC while it serves', {
  skip: skipWithoutControlPlane,
  timeout: 300_000,
}, () => {
  let cluster: E2eCluster;
  let server: DashboardServer;
  let staticDir: string;
  let failed = false;
  const tokens: Record<string, string> = {};
  const page = `/api/v1/namespaces/${NS}/rollouts/web`;

  before(async () => {
    staticDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-dashboard-ui-'));
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>sluice</title>');
    cluster = await startE2eCluster(NS);
    try {
      await cluster.apply([
        ...serviceAccountWithRole('viewer', fullRead),
        ...serviceAccountWithRole('revoked', fullRead),
        ...serviceAccountWithRole('partial', coreRead),
        // May read the rollout (one binding) and its experiments and Jobs (another, deleted in a test).
        ...serviceAccountWithRole('narrowed', coreRead),
        ...serviceAccountWithRole('narrowed-parts', fullRead.slice(coreRead.length)).map((object) =>
          (object as { kind: string }).kind === 'RoleBinding'
            ? { ...(object as object), subjects: [{ kind: 'ServiceAccount', name: 'narrowed', namespace: NS }] }
            : object,
        ),
        rollout({ name: 'web', replicas: 1, strategy: { canary: { steps: [{ pause: {} }] } } }),
      ]);
      const stored = await cluster.client.get(argoResources.rollouts, NS, 'web');
      const rolloutUid = stored.metadata.uid ?? '';
      const revision = { 'rollout.argoproj.io/revision': '1' };
      await cluster.apply([
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Experiment',
          metadata: {
            name: 'web-experiment',
            annotations: revision,
            ownerReferences: [ownerReference('Rollout', 'web', rolloutUid)],
          },
          spec: {
            duration: '1h',
            templates: [
              {
                name: 'baseline',
                replicas: 1,
                selector: { matchLabels: { app: 'web-baseline' } },
                template: {
                  metadata: { labels: { app: 'web-baseline' } },
                  spec: { containers: [{ name: 'app', image: 'registry.local/app:1' }] },
                },
              },
            ],
          },
        },
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'AnalysisRun',
          metadata: {
            name: 'web-run',
            annotations: revision,
            ownerReferences: [ownerReference('Rollout', 'web', rolloutUid)],
          },
          spec: {
            metrics: [
              {
                name: 'smoke',
                provider: {
                  job: {
                    spec: {
                      template: {
                        spec: {
                          restartPolicy: 'Never',
                          containers: [{ name: 'smoke', image: 'registry.local/smoke:1' }],
                        },
                      },
                    },
                  },
                },
              },
            ],
          },
        },
      ]);
      // AnalysisRun has no status subresource (as upstream's CRD): its status is written with it.
      const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const run = await cluster.client.patch(argoResources.analysisRuns, NS, 'web-run', {
        status: {
          phase: 'Running',
          startedAt,
          metricResults: [
            {
              name: 'smoke',
              phase: 'Running',
              measurements: [{ phase: 'Running', startedAt, metadata: { 'job-name': 'web-run-smoke-1' } }],
            },
          ],
        },
      });
      await cluster.apply([
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            name: 'web-run-smoke-1',
            ownerReferences: [ownerReference('AnalysisRun', 'web-run', run.metadata.uid ?? '')],
          },
          spec: {
            suspend: true,
            template: {
              spec: { restartPolicy: 'Never', containers: [{ name: 'smoke', image: 'registry.local/smoke:1' }] },
            },
          },
        },
      ]);
      for (const name of ['viewer', 'revoked', 'partial', 'narrowed'])
        tokens[name] = (await cluster.kubectl(['create', 'token', name, '-n', NS])).trim();
      server = await startDashboardServer({
        target: new ClusterTarget(cluster.client),
        authorizer: new KubernetesAuthorizer({ client: cluster.client }),
        port: 0,
        staticDir,
        reauthenticateEveryMs: RECHECK_MS,
        session: {
          target: 'the test control plane',
          runtime: 'cluster',
          defaultNamespace: NS,
          login: 'kubernetes-token',
        },
      });
      // Bindings reach the API server's authorizer shortly after they are written.
      for (const name of ['viewer', 'revoked', 'partial', 'narrowed'])
        await pollUntil(async () => (await request(server.url, page, { bearer: tokens[name] })).status === 200, {
          what: `the ${name}'s Role to allow reading the page`,
          timeoutMs: 60_000,
        });
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  after(async () => {
    await server?.close();
    await cluster?.stop(failed);
    if (staticDir) rmSync(staticDir, { recursive: true, force: true });
  });

  it('hides experiments and Jobs from a user who may read the rollout but not list them, and says which permission is missing', async () => {
    try {
      const names = (body: RolloutPage) => ({
        experiments: body.view.revisions.flatMap((revision) =>
          revision.experiments.map((experiment) => experiment.name),
        ),
        jobs: body.view.revisions.flatMap((revision) =>
          revision.analysisRuns.flatMap((run) => run.jobs.map((job) => job.name)),
        ),
        runs: body.view.revisions.flatMap((revision) => revision.analysisRuns.map((run) => run.name)),
      });
      const full = await request<RolloutPage>(server.url, page, { bearer: tokens['viewer'] });
      assert.equal(full.status, 200, full.text);
      assert.deepEqual(names(full.json), {
        experiments: ['web-experiment'],
        jobs: ['web-run-smoke-1'],
        runs: ['web-run'],
      });
      assert.equal(full.json.hidden, undefined, 'nothing is hidden from a user who may list both');

      const partial = await request<RolloutPage>(server.url, page, { bearer: tokens['partial'] });
      assert.equal(partial.status, 200, partial.text);
      assert.deepEqual(names(partial.json), { experiments: [], jobs: [], runs: ['web-run'] });
      assert.doesNotMatch(partial.text, /web-experiment|web-run-smoke-1/, 'neither name appears anywhere in the page');
      const user = `system:serviceaccount:${NS}:partial`;
      assert.deepEqual(
        partial.json.hidden?.map((entry) => entry.part),
        ['experiments', 'jobs'],
      );
      assert.match(
        partial.json.hidden?.[0]?.message ?? '',
        new RegExp(`${user} may not list experiments \\(argoproj\\.io\\) in namespace ${NS}`),
      );
      assert.match(
        partial.json.hidden?.[1]?.message ?? '',
        new RegExp(`${user} may not list jobs \\(batch\\) in namespace ${NS}`),
      );

      const stream = await openStream(server.url, `${page}/stream`, { bearer: tokens['partial'] });
      const streamed = await stream.next('the first page', (event) =>
        event.event === 'rollout' ? (event.data as RolloutPage) : undefined,
      );
      stream.close();
      assert.deepEqual(
        names(streamed),
        { experiments: [], jobs: [], runs: ['web-run'] },
        'the live page hides them too',
      );
      assert.deepEqual(
        streamed.hidden?.map((entry) => entry.part),
        ['experiments', 'jobs'],
      );
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('restarts an open stream without the experiments and Jobs once their RoleBinding is deleted', async () => {
    try {
      const parts = (body: RolloutPage) => (body.hidden ?? []).map((entry) => entry.part);
      const seesAll = await pollUntil(
        async () => {
          const answer = await request<RolloutPage>(server.url, page, { bearer: tokens['narrowed'] });
          return answer.status === 200 && parts(answer.json).length === 0 ? answer.json : undefined;
        },
        { what: "the narrowed user's second Role to allow experiments and Jobs", timeoutMs: 60_000 },
      );
      assert.equal(seesAll.view.revisions[0]?.experiments[0]?.name, 'web-experiment');
      const stream = await openStream(server.url, `${page}/stream`, { bearer: tokens['narrowed'] });
      const first = await stream.next('the first page', (event) =>
        event.event === 'rollout' ? (event.data as RolloutPage) : undefined,
      );
      assert.deepEqual(parts(first), []);
      await cluster.kubectl(['delete', 'rolebinding', 'narrowed-parts', '-n', NS]);
      await pollUntil(async () => stream.ended(), {
        what: 'the stream to end once the parts are refused',
        timeoutMs: 30_000,
      });
      assert.equal(
        stream.events.filter((event) => event.event === 'error').length,
        0,
        'it ends without an error: the user may still read the rollout',
      );
      const again = await openStream(server.url, `${page}/stream`, { bearer: tokens['narrowed'] });
      const next = await again.next('the page again', (event) =>
        event.event === 'rollout' ? (event.data as RolloutPage) : undefined,
      );
      again.close();
      assert.deepEqual(parts(next), ['experiments', 'jobs']);
      assert.deepEqual(
        next.view.revisions.flatMap((revision) => revision.experiments),
        [],
      );
    } catch (error) {
      failed = true;
      throw error;
    }
  });

  it('ends an open stream with 403 once the user’s RoleBinding is deleted; another user’s stream goes on', async () => {
    try {
      const revoked = await openStream(server.url, `${page}/stream`, { bearer: tokens['revoked'] });
      const kept = await openStream(server.url, `${page}/stream`, { bearer: tokens['viewer'] });
      const list = await openStream(server.url, `/api/v1/rollouts/stream?namespace=${NS}`, {
        bearer: tokens['revoked'],
      });
      assert.deepEqual([revoked.status, kept.status, list.status], [200, 200, 200]);
      await revoked.next('the first page', (event) => (event.event === 'rollout' ? true : undefined));
      await kept.next('the first page', (event) => (event.event === 'rollout' ? true : undefined));
      await list.next('the first list', (event) => (event.event === 'rollouts' ? true : undefined));

      await cluster.kubectl(['delete', 'rolebinding', 'revoked', '-n', NS]);
      const deletedAt = Date.now();
      const refusal = (event: { event: string; data: unknown }) =>
        event.event === 'error' ? (event.data as ApiError).error : undefined;
      // Within the re-check period, the decision cache (5 s) and the API server's authorizer catching up.
      const error = await revoked.next('the revoked stream to end with an error', refusal, 30_000);
      assert.equal(error.status, 403, JSON.stringify(error));
      assert.match(error.message, new RegExp(`system:serviceaccount:${NS}:revoked may not`));
      const listError = await list.next('the revoked list stream to end with an error', refusal, 30_000);
      assert.equal(listError.status, 403, JSON.stringify(listError));
      await pollUntil(async () => revoked.ended() && list.ended(), {
        what: 'the revoked streams to close',
        timeoutMs: 10_000,
      });
      process.stdout.write(`# revoked streams ended ${Date.now() - deletedAt} ms after the RoleBinding was deleted\n`);

      assert.equal(kept.ended(), false, "the viewer's stream is still open");
      assert.equal(kept.events.filter((event) => event.event === 'error').length, 0, 'the viewer got no error');
      const again = await openStream(server.url, `${page}/stream`, { bearer: tokens['revoked'] });
      assert.equal(again.status, 403, 'a new stream of the revoked user is refused');
      again.close();
      kept.close();
    } catch (error) {
      failed = true;
      throw error;
    }
  });
});
