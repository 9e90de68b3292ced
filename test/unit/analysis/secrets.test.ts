import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileAnalysisRun } from '../../../src/analysis/reconcile-run.ts';
import { analysisRun, at, fakeEvaluator, metric, successRate, T0 } from './fixtures.ts';
import { simulate } from './simulate.ts';

const SECRET = 'tok-3f9a7c';

function secretRun(consecutiveErrorLimit = 1) {
  return analysisRun(
    [
      metric({
        name: 'webmetric',
        consecutiveErrorLimit,
        provider: {
          web: {
            url: 'http://api/measure?token={{ args.api-token }}',
            headers: [{ key: 'Authorization', value: 'Bearer {{args.api-token}}' }],
          },
        },
      }),
    ],
    { args: [{ name: 'api-token', valueFrom: { secretKeyRef: { name: 'token-secret', key: 'apiToken' } } }] },
  );
}

test('the provider gets the secret; status, messages and events never do', () => {
  const seen: string[] = [];
  const { run, events, last } = simulate(secretRun(), {
    start: T0,
    evaluate: successRate,
    secrets: { 'api-token': SECRET },
    provider: (due) => {
      seen.push(due.metric.provider.web?.url ?? '', due.metric.provider.web?.headers?.[0]?.value ?? '');
      return { kind: 'error', message: `GET http://api/measure?token=${SECRET}: 401 Unauthorized (Bearer ${SECRET})` };
    },
  });
  assert.deepEqual(seen.slice(0, 2), [`http://api/measure?token=${SECRET}`, `Bearer ${SECRET}`]);
  assert.equal(run.status?.phase, 'Error');
  const written = JSON.stringify({ status: run.status, events });
  assert.ok(!written.includes(SECRET), written);
  assert.equal(
    run.status?.metricResults?.[0]?.measurements?.[0]?.message,
    'GET http://api/measure?token=*****: 401 Unauthorized (Bearer *****)',
  );
  assert.match(run.status?.message ?? '', /"Error Message: GET http:\/\/api\/measure\?token=\*\*\*\*\*: 401/);
  assert.equal(last.redact(`log line with ${SECRET}`), 'log line with *****');
  assert.equal(run.spec.args?.[0]?.value, undefined);
});

test('measured values and metadata are redacted too', () => {
  const run = secretRun();
  const first = reconcileAnalysisRun(run, at(0), { evaluate: successRate, secrets: { 'api-token': SECRET } });
  const after = reconcileAnalysisRun({ ...run, status: first.status }, at(0), {
    evaluate: successRate,
    secrets: { 'api-token': SECRET },
    reports: [
      {
        metricName: 'webmetric',
        startedAt: at(0),
        outcome: { kind: 'judged', phase: 'Successful', value: `echo ${SECRET}` },
        metadata: { url: `?token=${SECRET}` },
      },
    ],
  });
  assert.ok(!JSON.stringify(after.status).includes(SECRET));
  assert.equal(after.status.metricResults?.[0]?.measurements?.[0]?.value, 'echo *****');
});

test('a secret the runtime could not read ends the run in Error when a measurement is due', () => {
  const result = reconcileAnalysisRun(secretRun(), at(0), { evaluate: successRate });
  assert.equal(result.status.phase, 'Error');
  assert.match(
    result.status.message ?? '',
    /^Unable to resolve metric arguments: args\.api-token: the value of key "apiToken" in secret "token-secret" is not available/,
  );
  assert.deepEqual(result.due, []);
});

test('no secret is needed while nothing is due', () => {
  const run = analysisRun(
    [metric({ initialDelay: '1m', provider: { web: { url: 'http://x?t={{args.api-token}}' } } })],
    {
      args: [{ name: 'api-token', valueFrom: { secretKeyRef: { name: 'token-secret', key: 'apiToken' } } }],
    },
  );
  const result = reconcileAnalysisRun(run, at(0), { evaluate: successRate });
  assert.deepEqual([result.status.phase, result.due.length, result.requeueAfterMs], ['Running', 0, 60_000]);
});

test('conditions are judged with the secret value when the runtime gives it', () => {
  const evaluate = fakeEvaluator([[`result == '${SECRET}'`, SECRET, true]]);
  const run = analysisRun([metric({ successCondition: "result == '{{args.api-token}}'" })], {
    args: [{ name: 'api-token', valueFrom: { secretKeyRef: { name: 'token-secret', key: 'apiToken' } } }],
  });
  const result = reconcileAnalysisRun(run, at(0), {
    evaluate,
    secrets: { 'api-token': SECRET },
    reports: [
      { metricName: 'success-rate', startedAt: at(0), outcome: { kind: 'value', result: SECRET, value: SECRET } },
    ],
  });
  assert.equal(result.status.phase, 'Successful');
  assert.equal(result.status.metricResults?.[0]?.measurements?.[0]?.value, '*****');
});
