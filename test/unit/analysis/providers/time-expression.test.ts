import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluateTimeExpression,
  TimeExpressionError,
} from '../../../../src/analysis/providers/prometheus/time-expression.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('evaluateTimeExpression', () => {
  const cases: Array<[string, number]> = [
    ['now()', NOW],
    ['now() - duration("5m")', NOW - 300_000],
    ["now() - duration('1h30m')", NOW - 5_400_000],
    ['now() + duration("10s") - duration("20s")', NOW - 10_000],
    ['duration("1m") + now()', NOW + 60_000],
    ['now() - (duration("1m") + duration("1m"))', NOW - 120_000],
    ['date("2025-01-01T00:00:00Z")', Date.parse('2025-01-01T00:00:00Z')],
    ['  now()  ', NOW],
  ];
  for (const [source, expected] of cases) {
    it(`${source}`, () => assert.equal(evaluateTimeExpression(source, NOW), expected));
  }

  const errors: Array<[string, RegExp]> = [
    ['duration("5m")', /is a duration, not a time/],
    ['now() + now()', /cannot add two times/],
    ['duration("5x")', /not a duration/],
    ['now() -', /expected now\(\)/],
    ['yesterday()', /unknown function yesterday/],
    ['now() now()', /unexpected/],
    ['date("soon")', /not an RFC 3339 time/],
    ['duration("5m") - now()', /cannot subtract a time/],
  ];
  for (const [source, message] of errors) {
    it(`refuses ${source}`, () =>
      assert.throws(
        () => evaluateTimeExpression(source, NOW),
        (error: unknown) => error instanceof TimeExpressionError && message.test(error.message),
      ));
  }
});
