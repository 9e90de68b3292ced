// The local store as the rollout loop writes it: every change it announces for a write made through
// the recording view is known as the loop's own once the write has returned, whatever the write
// (create, update, status, delete) and however many awaits lie between the writes; changes made
// directly to the store by others never are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../../../../../src/api/types/core.ts';
import { recordingStore, writeOf } from '../../../../../src/runtime/local/controller/recording-store.ts';
import { OwnWrites } from '../../../../../src/runtime/rollouts/own-writes.ts';
import { ObjectStore, type StoreChange } from '../../../../../src/runtime/local/store/object-store.ts';

const service = (name: string): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'demo' },
  spec: { selector: { app: name } },
});

describe('the recording view of the local store', () => {
  it('makes every change of its own writes known as own, and no change of anyone else', async () => {
    const store = new ObjectStore();
    const own = new OwnWrites();
    const view = recordingStore(store, own);
    const seen: Array<{ change: string; own: boolean }> = [];
    // As the controller listens: the check waits for the write to return.
    store.subscribe((change: StoreChange) =>
      queueMicrotask(() => seen.push({ change: `${change.type} ${change.ref.name}`, own: own.has(writeOf(change)) })),
    );

    view.put(service('mine'));
    await Promise.resolve();
    store.put(service('theirs'));
    await new Promise((resolve) => setTimeout(resolve, 1));
    view.update('Service', 'demo', 'mine', (object) => {
      object.spec.selector = { app: 'mine', 'rollouts-pod-template-hash': 'abc' };
      (object as Service & { status?: unknown }).status = { loadBalancer: {} };
    });
    store.update('Service', 'demo', 'theirs', (object) => {
      object.spec.selector = { app: 'other' };
    });
    await new Promise((resolve) => setTimeout(resolve, 1));
    view.writeStatus({ kind: 'Service', namespace: 'demo', name: 'theirs' }, { loadBalancer: { ingress: [] } });
    view.delete({ kind: 'Service', namespace: 'demo', name: 'mine' });
    store.delete({ kind: 'Service', namespace: 'demo', name: 'theirs' });
    await new Promise((resolve) => setTimeout(resolve, 1));

    assert.deepEqual(seen, [
      { change: 'ADDED mine', own: true },
      { change: 'ADDED theirs', own: false },
      { change: 'MODIFIED mine', own: true },
      { change: 'MODIFIED mine', own: true },
      { change: 'MODIFIED theirs', own: false },
      { change: 'MODIFIED theirs', own: true },
      { change: 'DELETED mine', own: true },
      { change: 'DELETED theirs', own: false },
    ]);
  });

  it('records nothing for a write that changes nothing', () => {
    const store = new ObjectStore();
    const own = new OwnWrites();
    const view = recordingStore(store, own);
    const stored = store.put(service('web'));
    view.put(service('web'));
    assert.equal(
      own.has(writeOf({ type: 'MODIFIED', ref: { kind: 'Service', namespace: 'demo', name: 'web' }, object: stored })),
      false,
    );
  });
});
