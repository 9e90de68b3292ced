import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OwnWrites } from '../../../../src/runtime/rollouts/own-writes.ts';

const write = (name: string, resourceVersion: string, deleted = false) => ({
  kind: 'VirtualService',
  namespace: 'demo',
  name,
  resourceVersion,
  ...(deleted ? { deleted } : {}),
});

describe('OwnWrites', () => {
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
