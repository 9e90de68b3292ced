import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { Service } from '../../../../../src/api/types/core.ts';
import { ObjectStore, type StoreChange } from '../../../../../src/runtime/local/store/object-store.ts';
import { ObjectFiles } from '../../../../../src/runtime/local/store/persistence.ts';

const NOW = Date.parse('2026-01-02T15:04:05Z');

function rollout(image: string, annotations: Record<string, string> = {}): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', annotations },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
      strategy: { canary: {} },
    },
  };
}

const service: Service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'demo' },
  spec: { selector: { app: 'web' } },
};

describe('ObjectStore', () => {
  it('creates objects in the default namespace with generation 1, a uid and a resourceVersion', () => {
    const store = new ObjectStore({ now: () => NOW });
    const stored = store.put(rollout('a'));
    assert.equal(stored.metadata.namespace, 'default');
    assert.equal(stored.metadata.generation, 1);
    assert.equal(stored.metadata.creationTimestamp, '2026-01-02T15:04:05Z');
    assert.match(stored.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(stored.metadata.resourceVersion, '1');
  });

  const cases: Array<{ name: string; change: Rollout; generation: number; written: boolean }> = [
    { name: 'a spec change bumps generation', change: rollout('b'), generation: 2, written: true },
    { name: 'a metadata change keeps generation', change: rollout('a', { note: 'x' }), generation: 1, written: true },
    { name: 'the same object writes nothing', change: rollout('a'), generation: 1, written: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const store = new ObjectStore();
      const first = store.put(rollout('a'));
      const changes: StoreChange[] = [];
      store.subscribe((change) => changes.push(change));
      const second = store.put(c.change);
      assert.equal(second.metadata.generation, c.generation);
      assert.equal(second.metadata.uid, first.metadata.uid);
      assert.equal(changes.length, c.written ? 1 : 0);
      assert.equal(second.metadata.resourceVersion === first.metadata.resourceVersion, !c.written);
    });
  }

  it('keeps the status on a spec write, and writes status without a generation change', () => {
    const store = new ObjectStore();
    store.put(rollout('a'));
    const ref = { kind: 'Rollout', namespace: 'default', name: 'web' };
    assert.equal(store.writeStatus(ref, { phase: 'Paused', currentStepIndex: 1 }), true);
    const updated = store.put({ ...rollout('b'), status: { phase: 'Healthy' } });
    assert.deepEqual(updated.status, { phase: 'Paused', currentStepIndex: 1 });
    assert.equal(updated.metadata.generation, 2);
    assert.equal(store.writeStatus({ ...ref, name: 'missing' }, {}), false);
  });

  it('returns copies: changing a result does not change the store', () => {
    const store = new ObjectStore();
    store.put(service);
    const copy = store.get('Service', 'demo', 'web');
    assert.ok(copy);
    copy.spec.selector = { other: 'x' };
    assert.deepEqual(store.get('Service', 'demo', 'web')?.spec.selector, { app: 'web' });
  });

  it('persists every change as one JSON file per object and loads them back', (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-store-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const store = new ObjectStore({ persistence: new ObjectFiles(dir) });
    store.put(rollout('a'));
    store.put(service);
    store.writeStatus({ kind: 'Rollout', namespace: 'default', name: 'web' }, { phase: 'Healthy' });
    const files = readdirSync(path.join(dir, 'objects')).sort();
    assert.deepEqual(files, ['Rollout_default_web.json', 'Service_demo_web.json']);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'objects', files[0] ?? ''), 'utf8')).status.phase, 'Healthy');

    const reopened = new ObjectStore({ persistence: new ObjectFiles(dir) });
    assert.equal(reopened.get('Rollout', 'default', 'web')?.status?.phase, 'Healthy');
    assert.equal(reopened.resourceVersion, store.resourceVersion);
    assert.equal(reopened.delete({ kind: 'Service', namespace: 'demo', name: 'web' }), true);
    assert.deepEqual(readdirSync(path.join(dir, 'objects')), ['Rollout_default_web.json']);
  });
});
