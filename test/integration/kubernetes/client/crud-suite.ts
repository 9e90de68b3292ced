// Verbs against the real API server: a built-in kind (ConfigMap) and a custom one (Rollout).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidError,
  NotFoundError,
} from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { namespaceManifest, rolloutManifest, type Cluster, type RolloutObject } from './control-plane-harness.ts';

export function crudSuite(cluster: () => Cluster): void {
  const ns = 'client-crud';
  const configMaps = coreResources.configMaps;
  const rollouts = argoResources.rollouts;

  describe('verbs on the real API server', () => {
    before(async () => {
      await cluster().admin.create(coreResources.namespaces, '', namespaceManifest(ns));
    });

    it('creates, gets, updates, patches and deletes a ConfigMap', async () => {
      const { admin } = cluster();
      const created = await admin.create<KubeObject>(configMaps, ns, {
        metadata: { name: 'settings', labels: { app: 'web' } },
        data: { a: '1' },
      });
      assert.ok(created.metadata.uid);
      const got = await admin.get<KubeObject & { data: Record<string, string> }>(configMaps, ns, 'settings');
      assert.deepEqual(got.data, { a: '1' });
      const updated = await admin.update<KubeObject>(configMaps, { ...got, data: { a: '2' } });
      assert.notEqual(updated.metadata.resourceVersion, got.metadata.resourceVersion);
      const merged = await admin.patch<KubeObject & { data: Record<string, string> }>(configMaps, ns, 'settings', {
        data: { b: '3' },
      });
      assert.deepEqual(merged.data, { a: '2', b: '3' });
      const strategic = await admin.patch<KubeObject>(
        configMaps,
        ns,
        'settings',
        { metadata: { labels: { tier: 'front' } } },
        { type: 'strategic' },
      );
      assert.deepEqual(strategic.metadata.labels, { app: 'web', tier: 'front' });
      const jsonPatched = await admin.patch<KubeObject & { data: Record<string, string> }>(
        configMaps,
        ns,
        'settings',
        [{ op: 'remove', path: '/data/a' }],
        { type: 'json' },
      );
      assert.deepEqual(jsonPatched.data, { b: '3' });
      const applied = await admin.patch<KubeObject & { data: Record<string, string> }>(
        configMaps,
        ns,
        'settings',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { c: '4' } },
        { type: 'apply', fieldManager: 'client-test', force: true },
      );
      assert.equal(applied.data.c, '4');
      await admin.delete(configMaps, ns, 'settings');
      await assert.rejects(admin.get(configMaps, ns, 'settings'), NotFoundError);
    });

    it('a stale resourceVersion fails with ConflictError; a taken name with AlreadyExistsError', async () => {
      const { admin } = cluster();
      const first = await admin.create<KubeObject>(configMaps, ns, {
        metadata: { name: 'contended' },
        data: { v: '0' },
      });
      await admin.update(configMaps, { ...first, data: { v: '1' } });
      await assert.rejects(admin.update(configMaps, { ...first, data: { v: 'stale' } }), (error: unknown) => {
        assert.ok(error instanceof ConflictError);
        assert.equal(error.statusCode, 409);
        assert.equal(error.reason, 'Conflict');
        assert.match(error.message, /the object has been modified/);
        return true;
      });
      await assert.rejects(admin.create(configMaps, ns, { metadata: { name: 'contended' } }), AlreadyExistsError);
      await assert.rejects(
        admin.delete(configMaps, ns, 'contended', {
          preconditions: { resourceVersion: first.metadata.resourceVersion! },
        }),
        ConflictError,
      );
      await admin.delete(configMaps, ns, 'contended', { preconditions: { uid: first.metadata.uid! } });
    });

    it('lists with a label selector and in pages', async () => {
      const { admin } = cluster();
      for (let i = 0; i < 7; i += 1) {
        await admin.create(configMaps, ns, {
          metadata: { name: `page-${i}`, labels: { group: i % 2 === 0 ? 'even' : 'odd' } },
        });
      }
      const even = await admin.list(configMaps, { namespace: ns, labelSelector: 'group=even' });
      assert.deepEqual(
        even.items.map((i) => i.metadata.name),
        ['page-0', 'page-2', 'page-4', 'page-6'],
      );
      const firstPage = await admin.list(configMaps, { namespace: ns, labelSelector: 'group', limit: 3 });
      assert.equal(firstPage.items.length, 3);
      assert.ok(firstPage.metadata.continue);
      const all = await admin.listAll(configMaps, { namespace: ns, labelSelector: 'group', limit: 2 });
      assert.equal(all.items.length, 7);
      assert.ok(Number(all.resourceVersion) > 0);
    });

    it('round-trips a Rollout and writes its status only through /status', async () => {
      const { admin } = cluster();
      const created = await admin.create<RolloutObject>(rollouts, ns, rolloutManifest('web', ns));
      assert.equal(created.metadata.generation, 1);
      const withStatus = await admin.updateStatus<RolloutObject>(rollouts, {
        ...created,
        status: { phase: 'Progressing', observedGeneration: '1' },
      });
      assert.equal(withStatus.status?.phase, 'Progressing');
      assert.equal(withStatus.metadata.generation, 1, 'a status write does not bump the generation');
      const patched = await admin.patchStatus<RolloutObject>(rollouts, ns, 'web', { status: { abort: true } });
      assert.deepEqual([patched.status?.phase, patched.status?.abort], ['Progressing', true]);
      const ignored = await admin.update<RolloutObject>(rollouts, {
        ...patched,
        spec: { ...created.spec, replicas: 3 },
        status: { phase: 'Healthy' },
      });
      assert.equal(ignored.status?.phase, 'Progressing', 'the main resource ignores status');
      assert.equal(ignored.spec.replicas, 3);
      assert.equal(ignored.metadata.generation, 2);
      await assert.rejects(admin.patch(rollouts, ns, 'web', { spec: { replicas: 'many' } }), InvalidError);
      await admin.delete(rollouts, ns, 'web', { propagationPolicy: 'Foreground' });
    });

    it('reads cluster-scoped kinds and ignores a namespace for them', async () => {
      const { admin, cp } = cluster();
      const node = await admin.get(coreResources.nodes, 'ignored', cp.nodeName);
      assert.equal(node.metadata.name, cp.nodeName);
      const version = await admin.getPath<{ gitVersion: string }>('/version');
      assert.match(version.gitVersion, /^v1\./);
    });
  });
}
