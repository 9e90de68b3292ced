import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderRegistry } from '../../../../src/analysis/providers/registry.ts';
import type { MetricProvider } from '../../../../src/analysis/providers/provider.ts';
import type { Metric } from '../../../../src/api/types/analysis.ts';

const context = { run: { name: 'r', namespace: 'default' }, attempt: 1, now: () => 1_000 };
const fixed: MetricProvider = {
  key: 'web',
  measure: async (metric) => ({
    metricName: metric.name,
    startedAt: 1_000,
    outcome: { kind: 'value', result: 1, value: '1' },
  }),
  resume: async () => {
    throw new Error('lost the job');
  },
  terminate: async (metric) => ({
    metricName: metric.name,
    startedAt: 1_000,
    outcome: { kind: 'judged', phase: 'Successful' },
  }),
};
const registry = new ProviderRegistry([fixed]);
const metric = (provider: Metric['provider']): Metric => ({ name: 'm', provider });

describe('ProviderRegistry', () => {
  it('runs the provider of the metric', async () => {
    assert.deepEqual((await registry.run('measure', metric({ web: { url: 'http://x' } }), context)).outcome, {
      kind: 'value',
      result: 1,
      value: '1',
    });
  });

  const errors: Array<[string, () => Promise<unknown>, RegExp]> = [
    [
      'an unsupported provider',
      () => registry.run('measure', metric({ kayenta: {} }), context),
      /metric provider "kayenta" is not supported by sluice; supported providers: web/,
    ],
    ['no provider', () => registry.run('measure', metric({}), context), /has no provider/],
    [
      'two providers',
      () => registry.run('measure', metric({ web: { url: 'x' }, datadog: {} }), context),
      /sets several providers \(web, datadog\)/,
    ],
    [
      'a provider that throws',
      () => registry.run('resume', metric({ web: { url: 'x' } }), context, { phase: 'Running' }),
      /web provider failed: lost the job/,
    ],
    [
      'resume without a measurement',
      () => registry.run('resume', metric({ web: { url: 'x' } }), context),
      /no measurement in flight/,
    ],
  ];
  for (const [what, call, message] of errors) {
    it(`gives an Error report for ${what}`, async () => {
      const report = (await call()) as { metricName: string; outcome: { kind: string; message?: string } };
      assert.equal(report.metricName, 'm');
      assert.equal(report.outcome.kind, 'error');
      assert.match(report.outcome.message ?? '', message);
    });
  }
});
