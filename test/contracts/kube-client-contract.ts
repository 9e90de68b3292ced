// The contract of the Kubernetes client surface (ObjectClient: reader, writer, status writer):
// what the controller's adapters rely on the API server to answer. Every write gets a new
// resourceVersion; a stale resourceVersion is a 409 Conflict and changes nothing; a missing object
// is a 404; a taken name is a 409 AlreadyExists; generateName picks a free name; a kind with a
// status subresource (Rollout) keeps its status on ordinary writes and changes only it through
// updateStatus / patchStatus, while a kind without one (AnalysisRun) stores its status as written
// and has no /status. It runs over the in-memory fake (test/unit/platform/kubernetes/fake) and over
// the real API server of test/controlplane (test/integration/kubernetes/contracts/kube-client.test.ts),
// so a test written against the fake holds against a cluster. An implementation lists the clauses it
// cannot honour in `skips`, with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnalysisRun } from '../../src/api/types/analysis.ts';
import type { Rollout } from '../../src/api/types/rollout.ts';
import {
  AlreadyExistsError,
  ConflictError,
  type KubeApiError,
  NotFoundError,
} from '../../src/platform/kubernetes/client/errors.ts';
import type { ObjectClient } from '../../src/platform/kubernetes/client/interfaces.ts';
import type { KubeObject } from '../../src/platform/kubernetes/client/objects.ts';
import { coreResources, type Resource } from '../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../src/runtime/kubernetes/resources.ts';

export interface KubeClientSubject {
  client: ObjectClient;
  /** A namespace of its own, empty. */
  namespace: string;
}

export type KubeClientClause =
  | 'not-found'
  | 'create-get'
  | 'already-exists'
  | 'generate-name'
  | 'stale-update'
  | 'merge-patch'
  | 'stale-patch'
  | 'json-patch'
  | 'status-subresource'
  | 'no-status-subresource'
  | 'delete'
  | 'list';

export interface KubeClientContractOptions {
  name: string;
  create(): Promise<KubeClientSubject>;
  skips?: Partial<Record<KubeClientClause, string>>;
}

type ConfigMap = KubeObject & { data?: Record<string, string> };
const configMaps: Resource<ConfigMap> = coreResources.configMaps;

function configMap(name: string, data: Record<string, string>, labels?: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

function rollout(name: string): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
      },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    },
  };
}

function analysisRun(name: string): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name },
    spec: { metrics: [{ name: 'check', provider: { web: { url: 'http://127.0.0.1:9/' } } }] },
    status: { phase: 'Error', message: 'written with the run' },
  };
}

/** The error is the typed one, with the API server's status code and reason. */
function isApiError(type: typeof KubeApiError, statusCode: number, reason: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    assert.equal((error as KubeApiError).statusCode, statusCode);
    assert.equal((error as KubeApiError).reason, reason);
    return true;
  };
}

export function runKubeClientContract(options: KubeClientContractOptions): void {
  const skips = options.skips ?? {};
  const clause = (id: KubeClientClause, title: string, body: (subject: KubeClientSubject) => Promise<void>) => {
    const reason = skips[id];
    if (reason) test(title, { skip: reason }, () => {});
    else test(title, async () => body(await options.create()));
  };

  describe(`Kubernetes client contract: ${options.name}`, () => {
    clause(
      'not-found',
      'a missing object is NotFoundError (404) on get, update, patch and delete',
      async ({ client, namespace }) => {
        const notFound = isApiError(NotFoundError, 404, 'NotFound');
        await assert.rejects(client.get(configMaps, namespace, 'absent'), notFound);
        await assert.rejects(
          client.update(configMaps, { ...configMap('absent', {}), metadata: { name: 'absent', namespace } }),
          notFound,
        );
        await assert.rejects(client.patch(configMaps, namespace, 'absent', { data: { a: '1' } }), notFound);
        await assert.rejects(client.delete(configMaps, namespace, 'absent'), notFound);
        await assert.rejects(client.get(argoResources.rollouts, namespace, 'absent'), notFound);
      },
    );

    clause(
      'create-get',
      'create stores the object with its identity (name, namespace, uid, resourceVersion); get returns it',
      async ({ client, namespace }) => {
        const created = await client.create(configMaps, namespace, configMap('settings', { a: '1' }));
        assert.equal(created.metadata.name, 'settings');
        assert.equal(created.metadata.namespace, namespace);
        assert.match(created.metadata.uid, /\S/);
        assert.match(created.metadata.resourceVersion, /\S/);
        assert.ok(created.metadata.creationTimestamp);
        assert.deepEqual(created.data, { a: '1' });
        const got = await client.get(configMaps, namespace, 'settings');
        assert.equal(got.metadata.uid, created.metadata.uid);
        assert.equal(got.metadata.resourceVersion, created.metadata.resourceVersion);
        assert.deepEqual(got.data, { a: '1' });
        const typed = await client.create(argoResources.rollouts, namespace, rollout('web'));
        assert.equal(typed.spec.replicas, 2, 'a typed resource returns a typed object');
        assert.equal(typed.metadata.generation, 1);
      },
    );

    clause(
      'already-exists',
      'creating a name that is taken is AlreadyExistsError (409) and leaves the object as it was',
      async ({ client, namespace }) => {
        await client.create(configMaps, namespace, configMap('taken', { v: 'first' }));
        await assert.rejects(
          client.create(configMaps, namespace, configMap('taken', { v: 'second' })),
          isApiError(AlreadyExistsError, 409, 'AlreadyExists'),
        );
        assert.deepEqual((await client.get(configMaps, namespace, 'taken')).data, { v: 'first' });
      },
    );

    clause(
      'generate-name',
      'generateName makes a new name from the prefix on every create',
      async ({ client, namespace }) => {
        const template: ConfigMap = { metadata: { generateName: 'gen-' }, data: {} };
        const first = await client.create(configMaps, namespace, template);
        const second = await client.create(configMaps, namespace, template);
        assert.match(first.metadata.name, /^gen-[a-z0-9]+$/);
        assert.match(second.metadata.name, /^gen-[a-z0-9]+$/);
        assert.notEqual(first.metadata.name, second.metadata.name);
        assert.equal((await client.get(configMaps, namespace, first.metadata.name)).metadata.uid, first.metadata.uid);
      },
    );

    clause(
      'stale-update',
      'an update from a stale copy is ConflictError (409) and changes nothing; from the current copy it gets a new resourceVersion',
      async ({ client, namespace }) => {
        const first = await client.create(configMaps, namespace, configMap('contended', { v: '0' }));
        const second = await client.update(configMaps, { ...first, data: { v: '1' } });
        assert.notEqual(second.metadata.resourceVersion, first.metadata.resourceVersion);
        assert.equal(second.metadata.uid, first.metadata.uid);
        await assert.rejects(client.update(configMaps, { ...first, data: { v: 'stale' } }), (error: unknown) => {
          isApiError(ConflictError, 409, 'Conflict')(error);
          assert.match((error as Error).message, /the object has been modified/);
          return true;
        });
        const now = await client.get(configMaps, namespace, 'contended');
        assert.deepEqual(now.data, { v: '1' });
        assert.equal(now.metadata.resourceVersion, second.metadata.resourceVersion);
      },
    );

    clause(
      'merge-patch',
      'a merge patch merges maps, removes keys set to null and gets a new resourceVersion',
      async ({ client, namespace }) => {
        const created = await client.create(
          configMaps,
          namespace,
          configMap('merged', { a: '1', b: '2' }, { app: 'web' }),
        );
        const patched = await client.patch(configMaps, namespace, 'merged', {
          metadata: { labels: { tier: 'front' } },
          data: { b: null, c: '3' },
        });
        assert.deepEqual(patched.data, { a: '1', c: '3' });
        assert.deepEqual(patched.metadata.labels, { app: 'web', tier: 'front' });
        assert.notEqual(patched.metadata.resourceVersion, created.metadata.resourceVersion);
      },
    );

    clause(
      'stale-patch',
      'a merge patch carrying a stale resourceVersion is ConflictError (409); with the current one it applies',
      async ({ client, namespace }) => {
        const created = await client.create(argoResources.rollouts, namespace, rollout('guarded'));
        const moved = await client.patch(argoResources.rollouts, namespace, 'guarded', { spec: { replicas: 3 } });
        await assert.rejects(
          client.patch(argoResources.rollouts, namespace, 'guarded', {
            metadata: { resourceVersion: created.metadata.resourceVersion },
            spec: { replicas: 5 },
          }),
          isApiError(ConflictError, 409, 'Conflict'),
        );
        assert.equal((await client.get(argoResources.rollouts, namespace, 'guarded')).spec.replicas, 3);
        const applied = await client.patch(argoResources.rollouts, namespace, 'guarded', {
          metadata: { resourceVersion: moved.metadata.resourceVersion },
          spec: { replicas: 5 },
        });
        assert.equal(applied.spec.replicas, 5);
        assert.equal(applied.metadata.generation, 3, 'every spec change counts a generation');
      },
    );

    clause('json-patch', 'a JSON patch adds, replaces and removes fields', async ({ client, namespace }) => {
      await client.create(configMaps, namespace, configMap('listed', { a: '1', b: '2' }));
      const patched = await client.patch(
        configMaps,
        namespace,
        'listed',
        [
          { op: 'remove', path: '/data/a' },
          { op: 'replace', path: '/data/b', value: '20' },
          { op: 'add', path: '/data/c', value: '3' },
        ],
        { type: 'json' },
      );
      assert.deepEqual(patched.data, { b: '20', c: '3' });
    });

    clause(
      'status-subresource',
      'with a status subresource, create and update leave the status alone and updateStatus / patchStatus change only it',
      async ({ client, namespace }) => {
        const created = await client.create(argoResources.rollouts, namespace, {
          ...rollout('statused'),
          status: { phase: 'Healthy' },
        });
        assert.equal(created.status, undefined, 'create drops the status');
        const withStatus = await client.updateStatus(argoResources.rollouts, {
          ...created,
          spec: { ...created.spec, replicas: 9 },
          status: { phase: 'Progressing', observedGeneration: '1' },
        });
        assert.equal(withStatus.status?.phase, 'Progressing');
        assert.equal(withStatus.spec.replicas, 2, 'a status write leaves the spec');
        assert.equal(withStatus.metadata.generation, 1, 'a status write is no new generation');
        const updated = await client.update(argoResources.rollouts, {
          ...withStatus,
          spec: { ...withStatus.spec, replicas: 4 },
          status: { phase: 'Degraded' },
        });
        assert.equal(updated.spec.replicas, 4);
        assert.equal(updated.status?.phase, 'Progressing', 'an update leaves the status');
        assert.equal(updated.metadata.generation, 2);
        await assert.rejects(
          client.updateStatus(argoResources.rollouts, { ...withStatus, status: { phase: 'Paused' } }),
          isApiError(ConflictError, 409, 'Conflict'),
        );
        const patched = await client.patchStatus(argoResources.rollouts, namespace, 'statused', {
          status: { message: 'patched' },
        });
        assert.equal(patched.status?.phase, 'Progressing');
        assert.equal(patched.status?.message, 'patched');
        await assert.rejects(
          client.patchStatus(argoResources.rollouts, namespace, 'statused', {
            metadata: { resourceVersion: updated.metadata.resourceVersion },
            status: { message: 'stale' },
          }),
          isApiError(ConflictError, 409, 'Conflict'),
        );
      },
    );

    clause(
      'no-status-subresource',
      'without a status subresource the status is stored as written and /status is NotFoundError',
      async ({ client, namespace }) => {
        const created = await client.create(argoResources.analysisRuns, namespace, analysisRun('run'));
        assert.equal(created.status?.phase, 'Error', 'the status is kept on create');
        await assert.rejects(
          client.updateStatus(argoResources.analysisRuns, { ...created, status: { phase: 'Running' } }),
          isApiError(NotFoundError, 404, 'NotFound'),
        );
        const patched = await client.patch(argoResources.analysisRuns, namespace, 'run', {
          status: { phase: 'Successful' },
        });
        assert.equal(patched.status?.phase, 'Successful');
      },
    );

    clause(
      'delete',
      'delete removes the object; a precondition on a stale resourceVersion or another uid is ConflictError (409)',
      async ({ client, namespace }) => {
        const first = await client.create(configMaps, namespace, configMap('doomed', { v: '0' }));
        await client.update(configMaps, { ...first, data: { v: '1' } });
        await assert.rejects(
          client.delete(configMaps, namespace, 'doomed', {
            preconditions: { resourceVersion: first.metadata.resourceVersion },
          }),
          isApiError(ConflictError, 409, 'Conflict'),
        );
        await assert.rejects(
          client.delete(configMaps, namespace, 'doomed', {
            preconditions: { uid: '00000000-0000-4000-8000-000000000000' },
          }),
          isApiError(ConflictError, 409, 'Conflict'),
        );
        await client.delete(configMaps, namespace, 'doomed', { preconditions: { uid: first.metadata.uid } });
        await assert.rejects(client.get(configMaps, namespace, 'doomed'), NotFoundError);
        const again = await client.create(configMaps, namespace, configMap('doomed', { v: 'new' }));
        assert.notEqual(again.metadata.uid, first.metadata.uid, 'a new object of the same name is another object');
      },
    );

    clause(
      'list',
      "list returns the namespace's objects of the kind, filtered by a label selector, in name order, each with its identity",
      async ({ client, namespace }) => {
        await client.create(configMaps, namespace, configMap('b-web', {}, { app: 'web', tier: 'front' }));
        await client.create(configMaps, namespace, configMap('a-web', {}, { app: 'web' }));
        await client.create(configMaps, namespace, configMap('c-db', {}, { app: 'db' }));
        const names = async (labelSelector: string) =>
          (await client.list(configMaps, { namespace, labelSelector })).items
            .map((item) => item.metadata.name)
            .filter((name) => name !== 'kube-root-ca.crt');
        assert.deepEqual(await names('app=web'), ['a-web', 'b-web']);
        assert.deepEqual(await names('app in (web,db),!tier'), ['a-web', 'c-db']);
        assert.deepEqual(await names('app!=web'), ['c-db']);
        const all = await client.list(configMaps, { namespace, labelSelector: 'app' });
        for (const item of all.items) {
          assert.equal(item.metadata.namespace, namespace);
          assert.match(item.metadata.uid, /\S/);
        }
        assert.match(all.metadata.resourceVersion ?? '', /\S/);
      },
    );
  });
}
