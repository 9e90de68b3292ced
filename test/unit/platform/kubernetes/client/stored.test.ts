import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asStored, type KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';

test('a cluster-scoped object from the server gets namespace "" (Stored guarantees the field); a namespaced one keeps its own', () => {
  assert.equal(
    asStored<KubeObject>({ metadata: { name: 'n', uid: 'u', resourceVersion: '1' } }).metadata.namespace,
    '',
  );
  assert.equal(
    asStored<KubeObject>({ metadata: { name: 'n', namespace: 'shop', uid: 'u', resourceVersion: '1' } }).metadata
      .namespace,
    'shop',
  );
});

test('an answer that is no object is a clear error, not a crash further on', () => {
  // What a broken proxy answers is no object at all: the type checker would refuse it.
  assert.throws(
    () => asStored(undefined as unknown as KubeObject),
    /answered without an object \(an empty body\); check that the server address/,
  );
  // A Status body has no metadata, which every object the type admits has.
  assert.throws(
    () => asStored({ kind: 'Status' } as unknown as KubeObject),
    /answered without an object \(no metadata\)/,
  );
});
