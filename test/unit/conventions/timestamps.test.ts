// Timestamps as the API server writes metav1.Time: whole seconds in UTC, read back to the instant
// written (less its sub-second part); anything unreadable is undefined, never NaN.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatTimestamp, parseTimestamp, wholeSeconds } from '../../../src/conventions/timestamps.ts';

describe('timestamps', () => {
  it('formats whole seconds in UTC with a Z', () => {
    assert.equal(formatTimestamp(Date.UTC(2026, 0, 2, 15, 4, 5, 999)), '2026-01-02T15:04:05Z');
  });

  it('reads back what it writes as the whole second of the instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), (ms) => {
        const text = formatTimestamp(ms);
        assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(parseTimestamp(text), wholeSeconds(ms));
        assert.ok(ms - wholeSeconds(ms) < 1000 && ms >= wholeSeconds(ms));
      }),
    );
  });

  it("formats each instant as its own, one after another (the last text kept is never another instant's)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), { maxLength: 6 }), (instants) => {
        for (const ms of instants)
          assert.equal(formatTimestamp(ms), new Date(wholeSeconds(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      }),
    );
    assert.throws(() => formatTimestamp(Number.NaN), RangeError);
  });

  it('reads offsets and fractions, and gives undefined for nothing or nonsense', () => {
    assert.equal(parseTimestamp('2026-01-02T16:04:05.5+01:00'), Date.UTC(2026, 0, 2, 15, 4, 5, 500));
    assert.equal(parseTimestamp(undefined), undefined);
    assert.equal(parseTimestamp(''), undefined);
    assert.equal(parseTimestamp('yesterday'), undefined);
  });
});
