import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff, backoffDelay, parseRetryAfter } from '../../../../../src/platform/kubernetes/client/backoff.ts';

const policy = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };

describe('backoffDelay', () => {
  const cases: [attempt: number, random: number, expected: number][] = [
    [0, 0, 100],
    [1, 0, 200],
    [2, 0, 400],
    [3, 0, 800],
    [4, 0, 1000],
    [50, 0, 1000],
    [2000, 0, 1000],
    [0, 0.999999, 50],
    [3, 0.5, 600],
  ];
  for (const [attempt, random, expected] of cases) {
    it(`attempt ${attempt} with random ${random} waits ${expected} ms`, () => {
      assert.equal(
        backoffDelay(policy, attempt, () => random),
        expected,
      );
    });
  }

  it('stays within [step*(1-jitter), step] for any random draw', () => {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const step = Math.min(1000, 100 * 2 ** attempt);
      for (const r of [0, 0.1, 0.5, 0.9, 0.99]) {
        const delay = backoffDelay(policy, attempt, () => r);
        assert.ok(delay <= step && delay >= step / 2, `attempt ${attempt}: ${delay}`);
      }
    }
  });
});

describe('Backoff', () => {
  it('grows with each failure and starts over after reset()', () => {
    const backoff = new Backoff({ ...policy, jitter: 0 }, () => 0);
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [100, 200, 400]);
    assert.equal(backoff.failures, 3);
    backoff.reset();
    assert.equal(backoff.next(), 100);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const cases: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} -> ${expected}`, () => {
      assert.equal(parseRetryAfter(header, now), expected);
    });
  }
});
