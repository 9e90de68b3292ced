// Frozen values and what is remembered of them: deepFreeze freezes every object a value holds, and
// the hashes of a frozen template or step list (remembered by identity) are those of an equal
// value that is not frozen, for every collision count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepFreeze, isFrozenObject } from '../../../src/api/deep-freeze.ts';
import { podTemplateHash, stepsHash } from '../../../src/api/pod-template-hash.ts';

const template = () => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'registry.example/app:1', ports: [{ containerPort: 80 }] }] },
});

test('deepFreeze freezes every object and array a value holds', () => {
  const value = deepFreeze(template());
  assert.ok(isFrozenObject(value));
  assert.ok(Object.isFrozen(value.spec.containers));
  assert.ok(Object.isFrozen(value.spec.containers[0]?.ports[0]));
  assert.throws(() => {
    (value.metadata.labels as Record<string, string>)['tier'] = 'front';
  }, TypeError);
  assert.equal(isFrozenObject('text'), false, 'a string is not an object to remember things by');
});

test("a frozen template's hash is the hash of the same template not frozen, for each collision count", () => {
  const frozen = deepFreeze(template());
  for (const collisionCount of [0, 1, 0, 2]) {
    assert.equal(podTemplateHash(frozen, collisionCount), podTemplateHash(template(), collisionCount));
  }
  const other = deepFreeze({ ...template(), spec: { containers: [{ name: 'app', image: 'registry.example/app:2' }] } });
  assert.notEqual(podTemplateHash(other), podTemplateHash(frozen));
});

test("a frozen step list's hash is the hash of the same list not frozen", () => {
  const steps = () => [{ setWeight: 20 }, { pause: {} }];
  const frozen = deepFreeze(steps());
  assert.equal(stepsHash(frozen), stepsHash(steps()));
  assert.equal(stepsHash(frozen), stepsHash(steps()), 'remembered, the same');
  assert.notEqual(stepsHash(deepFreeze([{ setWeight: 30 }])), stepsHash(frozen));
});
