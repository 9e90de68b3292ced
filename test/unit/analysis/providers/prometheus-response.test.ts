import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSample, readPrometheusAnswer } from '../../../../src/analysis/providers/prometheus/response.ts';

const answer = (resultType: string, result: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ status: 'success', data: { resultType, result }, ...extra });

describe('readPrometheusAnswer', () => {
  it('gives a vector as an array of floats, NaN and infinities kept', () => {
    const read = readPrometheusAnswer(
      200,
      answer('vector', [
        { metric: {}, value: [1, '0.95'] },
        { metric: {}, value: [1, 'NaN'] },
        { metric: {}, value: [1, '+Inf'] },
        { metric: {}, value: [1, '-Inf'] },
      ]),
    );
    assert.equal(read.value, '[0.95,NaN,+Inf,-Inf]');
    const result = read.result as number[];
    assert.equal(result[0], 0.95);
    assert.ok(Number.isNaN(result[1]));
    assert.equal(result[2], Infinity);
    assert.equal(result[3], -Infinity);
  });

  it('gives an empty vector as an empty array', () => {
    assert.deepEqual(readPrometheusAnswer(200, answer('vector', [])), { result: [], value: '[]', warnings: [] });
  });

  it('gives a scalar as a float', () => {
    assert.deepEqual(readPrometheusAnswer(200, answer('scalar', [1, '42'])), { result: 42, value: '42', warnings: [] });
  });

  it('flattens a matrix series by series', () => {
    const read = readPrometheusAnswer(
      200,
      answer('matrix', [
        {
          metric: {},
          values: [
            [1, '1'],
            [2, '2'],
          ],
        },
        { metric: {}, values: [[1, '3']] },
      ]),
    );
    assert.deepEqual(read.result, [1, 2, 3]);
    assert.equal(read.value, '[1,2,3]');
  });

  it('keeps warnings', () => {
    assert.deepEqual(readPrometheusAnswer(200, answer('vector', [], { warnings: ['w1', 'w2'] })).warnings, [
      'w1',
      'w2',
    ]);
  });

  const failures: Array<[string, number, string, RegExp]> = [
    [
      'an API error',
      400,
      JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }),
      /: bad_data: parse error at char 5$/,
    ],
    ['a string result', 200, answer('string', [1, 'x']), /not supported: the query gives a string result/],
    ['an HTML error page', 502, '<html>Bad gateway</html>', /server error 502: the answer is not Prometheus API JSON/],
    ['an empty 404', 404, '', /client error 404.*empty body/],
  ];
  for (const [what, status, body, message] of failures) {
    it(`reports ${what}`, () => assert.throws(() => readPrometheusAnswer(status, body), message));
  }
});

describe('formatSample', () => {
  const cases: Array<[number, string]> = [
    [0.5, '0.5'],
    [1, '1'],
    [1e21, '1000000000000000000000'],
    [Number.NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ];
  for (const [number, text] of cases) it(`${number} -> ${text}`, () => assert.equal(formatSample(number), text));
});
