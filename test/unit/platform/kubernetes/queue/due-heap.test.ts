import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DueHeap } from '../../../../../src/platform/kubernetes/queue/due-heap.ts';

type Operation = { op: 'set'; key: number; at: number } | { op: 'pop'; now: number };

describe('DueHeap', () => {
  it('gives keys back earliest first, only once due, with a moved key at its new time', () => {
    const heap = new DueHeap<string>();
    heap.set('a', 30);
    heap.set('b', 10);
    heap.set('c', 20);
    heap.set('a', 5);
    heap.set('b', 40);
    assert.equal(heap.peekAt(), 5);
    assert.equal(heap.popDue(4), undefined, 'nothing is due before 5');
    assert.deepEqual([heap.popDue(25), heap.popDue(25), heap.popDue(25)], ['a', 'c', undefined]);
    assert.equal(heap.dueAt('b'), 40);
    assert.equal(heap.size, 1);
  });

  it('agrees with a plain map of due times for any sequence of sets and pops', () => {
    const operation = fc.oneof(
      fc.record({
        op: fc.constant('set' as const),
        key: fc.integer({ min: 0, max: 15 }),
        at: fc.integer({ min: 0, max: 100 }),
      }),
      fc.record({ op: fc.constant('pop' as const), now: fc.integer({ min: 0, max: 100 }) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations: Operation[]) => {
        const heap = new DueHeap<number>();
        const model = new Map<number, number>();
        for (const operation of operations) {
          if (operation.op === 'set') {
            heap.set(operation.key, operation.at);
            model.set(operation.key, operation.at);
          } else {
            const popped = heap.popDue(operation.now);
            const earliest = Math.min(...model.values());
            if (model.size === 0 || earliest > operation.now) {
              assert.equal(popped, undefined);
            } else {
              assert.notEqual(popped, undefined);
              assert.equal(model.get(popped!), earliest, 'the popped key is one of the earliest');
              model.delete(popped!);
            }
          }
          assert.equal(heap.size, model.size);
          assert.equal(heap.peekAt(), model.size === 0 ? undefined : Math.min(...model.values()));
        }
      }),
      { numRuns: 300 },
    );
  });
});
