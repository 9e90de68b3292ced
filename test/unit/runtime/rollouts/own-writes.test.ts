import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { OwnWrites } from '../../../../src/runtime/rollouts/own-writes.ts';

const write = (name: string, resourceVersion: string, deleted = false) => ({
  kind: 'VirtualService',
  namespace: 'demo',
  name,
  resourceVersion,
  ...(deleted ? { deleted } : {}),
});

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

describe('OwnWrites', () => {
  it('keeps each write in a small flat string, not a rope of its parts', () => {
    const count = 20_000;
    const own = new OwnWrites(count);
    gc();
    const before = process.memoryUsage().heapUsed;
    // Each write's parts made for it, as a pass reads them from objects the caches later drop.
    for (let index = 0; index < count; index++)
      own.record({
        kind: 'ReplicaSet',
        namespace: `namespace-${index % 7}`,
        name: `rollout-${index}-6d4f8b7c9`,
        resourceVersion: String(1_000_000 + index),
      });
    gc();
    const perWrite = (process.memoryUsage().heapUsed - before) / count;
    // Still remembered (and so still held) after the measurement.
    assert.equal(
      own.has({
        kind: 'ReplicaSet',
        namespace: 'namespace-0',
        name: 'rollout-0-6d4f8b7c9',
        resourceVersion: '1000000',
      }),
      true,
    );
    // A rope of the parts, keeping them: about 360 bytes here; one flat key and its share of the set: about 105.
    console.log('PERWRITE', perWrite);
    assert.ok(perWrite < 200, `${perWrite.toFixed(0)} bytes per remembered write`);
  });

  it('knows a write by kind, namespace, name and the version it produced', () => {
    const own = new OwnWrites();
    own.record(write('web-vs', '7'));
    assert.equal(own.has(write('web-vs', '7')), true);
    assert.equal(own.has(write('web-vs', '8')), false, 'a later write by someone else');
    assert.equal(own.has(write('api-vs', '7')), false);
    assert.equal(own.has({ ...write('web-vs', '7'), kind: 'DestinationRule' }), false);
    assert.equal(own.has({ ...write('web-vs', '7'), namespace: 'other' }), false);
  });

  it('tells a deletion from the write that produced the version deleted', () => {
    const own = new OwnWrites();
    own.record(write('web-vs', '7'));
    assert.equal(own.has(write('web-vs', '7', true)), false);
    own.record(write('web-vs', '7', true));
    assert.equal(own.has(write('web-vs', '7', true)), true);
  });

  it('remembers only the last writes, up to its limit', () => {
    const own = new OwnWrites(3);
    for (const version of ['1', '2', '3', '4']) own.record(write('web-vs', version));
    assert.deepEqual(
      ['1', '2', '3', '4'].map((version) => own.has(write('web-vs', version))),
      [false, true, true, true],
    );
    own.record(write('web-vs', '2'));
    own.record(write('web-vs', '5'));
    assert.deepEqual(
      ['2', '3', '4', '5'].map((version) => own.has(write('web-vs', version))),
      [true, false, true, true],
      'a write recorded again counts as recent',
    );
  });
});
