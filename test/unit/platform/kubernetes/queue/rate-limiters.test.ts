import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  argoRolloutsRateLimiter,
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
} from '../../../../../src/platform/kubernetes/queue/rate-limiters.ts';

describe('ItemExponentialRateLimiter', () => {
  it('doubles from 5 ms per item up to 1000 s, and forget() starts over', () => {
    const limiter = new ItemExponentialRateLimiter<string>();
    const delays = Array.from({ length: 5 }, () => limiter.when('a'));
    assert.deepEqual(delays, [5, 10, 20, 40, 80]);
    assert.equal(limiter.when('b'), 5, 'items are independent');
    assert.equal(limiter.numRequeues('a'), 5);
    for (let i = 0; i < 100; i += 1) limiter.when('a');
    assert.equal(limiter.when('a'), 1_000_000);
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
    assert.equal(limiter.when('a'), 5);
  });

  it('never overflows, even after thousands of failures', () => {
    const limiter = new ItemExponentialRateLimiter<string>(5, 1_000_000);
    for (let i = 0; i < 5000; i += 1) limiter.when('x');
    assert.equal(limiter.when('x'), 1_000_000);
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst through, then spaces items 1/qps apart, refilling with time', () => {
    let now = 0;
    const limiter = new BucketRateLimiter<string>(10, 3, () => now);
    assert.deepEqual([limiter.when('a'), limiter.when('b'), limiter.when('c')], [0, 0, 0]);
    assert.equal(limiter.when('d'), 100);
    assert.equal(limiter.when('e'), 200);
    now = 150; // 1.5 tokens refilled: the 2 borrowed are not paid back yet
    assert.equal(limiter.when('f'), 150, 'balance -1.5 tokens: 150 ms at 10 qps');
    now = 1000; // refilled, up to the burst of 3
    assert.deepEqual([limiter.when('g'), limiter.when('h'), limiter.when('i')], [0, 0, 0]);
    assert.equal(limiter.when('j'), 100);
  });
});

describe("Argo Rollouts' rate limiter (the work queue's default)", () => {
  it('doubles from 1 ms per item up to 10 s, with no overall bucket', () => {
    const limiter = argoRolloutsRateLimiter<string>();
    assert.deepEqual(
      Array.from({ length: 5 }, () => limiter.when('a')),
      [1, 2, 4, 8, 16],
    );
    for (let i = 0; i < 100; i += 1) limiter.when('a');
    assert.equal(limiter.when('a'), 10_000);
    assert.deepEqual(
      Array.from({ length: 500 }, (_, i) => limiter.when(`item-${i}`)).filter((delay) => delay !== 1),
      [],
      'no bucket: every first failure waits 1 ms',
    );
    limiter.forget('a');
    assert.equal(limiter.when('a'), 1);
  });
});

describe('the default controller rate limiter', () => {
  it('is the longer of the per-item back-off and the overall bucket (10 qps, burst 100)', () => {
    const now = 0;
    const limiter = defaultControllerRateLimiter<string>(() => now);
    assert.equal(limiter.when('a'), 5);
    const delays = Array.from({ length: 100 }, (_, i) => limiter.when(`item-${i}`));
    assert.equal(delays[98], 5, 'the 100th token is still in the burst');
    assert.equal(delays[99], 100, 'the 101st waits for the bucket');
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
  });

  it('MaxOf forgets in every limiter', () => {
    const a = new ItemExponentialRateLimiter<string>(1, 100);
    const b = new ItemExponentialRateLimiter<string>(10, 1000);
    const both = new MaxOfRateLimiter(a, b);
    assert.equal(both.when('k'), 10);
    assert.equal(both.when('k'), 20);
    both.forget('k');
    assert.equal(a.numRequeues('k') + b.numRequeues('k'), 0);
  });
});
