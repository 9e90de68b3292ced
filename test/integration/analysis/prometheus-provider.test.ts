// The prometheus provider against a real Prometheus server scraping a real exporter, with the
// queries of the reference articles.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PrometheusProvider } from '../../../src/analysis/providers/prometheus/provider.ts';
import { standardProviders } from '../../../src/analysis/providers/index.ts';
import type { Metric, PrometheusMetric } from '../../../src/api/types/analysis.ts';
import { driveAnalysisRun } from '../../../src/runtime/analysis/run-loop.ts';
import { fastForwardClock } from '../../support/clock.ts';
import { startExporter, type Exporter } from '../../support/exporter.ts';
import { analysisRun, metric } from '../../support/metrics.ts';
import { freePort, waitFor } from '../../support/ports.ts';
import { prometheusSkipReason, startPrometheus, type PrometheusServer } from '../../support/prometheus.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { contextFor, providerContract } from './provider-contract.ts';

const skip = prometheusSkipReason();
const HTTP_SUCCESS_RATE =
  'sum(rate(http_requests_total{service="x",status=~"2.."}[5m])) / sum(rate(http_requests_total{service="x"}[5m]))';
const ISTIO_SUCCESS_RATE = [
  'sum(irate(istio_requests_total{reporter="source",destination_service=~"x.default.svc.cluster.local",response_code!~"5.*"}[1m]))',
  '/',
  'sum(irate(istio_requests_total{reporter="source",destination_service=~"x.default.svc.cluster.local"}[1m]))',
].join('\n');

let exporter: Exporter;
let prometheus: PrometheusServer;
let hanging: TestServer;
let deadAddress: string;

const prom = (spec: Partial<PrometheusMetric>, fields: Partial<Metric> = {}) =>
  metric('success-rate', { prometheus: { address: prometheus.address, ...spec } }, fields);

/** Waits until a query gives a number (rates need two scrapes after the counters moved). */
async function settledValue(query: string): Promise<number> {
  return waitFor(`${query} to give a value`, async () => {
    const [sample] = await prometheus.query(query);
    const value = sample ? Number(sample.value) : Number.NaN;
    return Number.isNaN(value) ? undefined : value;
  });
}

describe('prometheus provider (real Prometheus)', { skip }, () => {
  before(async () => {
    exporter = await startExporter();
    const series = (status: string) => ({ service: 'x', status });
    const istio = (code: string) => ({
      reporter: 'source',
      destination_service: 'x.default.svc.cluster.local',
      destination_service_name: 'x',
      response_code: code,
    });
    for (const labels of [series('200'), series('503')]) exporter.add('http_requests_total', labels, 0);
    prometheus = await startPrometheus([exporter.target]);
    exporter.add('http_requests_total', series('200'), 90);
    exporter.add('http_requests_total', series('503'), 10);
    exporter.perScrape('istio_requests_total', istio('200'), 3);
    exporter.perScrape('istio_requests_total', istio('500'), 1);
    await settledValue(HTTP_SUCCESS_RATE);
    await settledValue(ISTIO_SUCCESS_RATE);
    hanging = await startWebServer(() => 'hang');
    deadAddress = `http://127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await prometheus?.stop();
    await exporter?.close();
    await hanging?.close();
  });

  providerContract({
    name: 'prometheus',
    create: () => new PrometheusProvider(),
    okMetric: () => prom({ query: HTTP_SUCCESS_RATE }),
    brokenMetric: () => prom({ address: deadAddress, query: 'up' }),
    slow: { metric: () => prom({ address: hanging.url, query: 'up', timeout: 1 }), timeoutMs: 1000 },
    skips: { 'resume-after-restart': 'a query finishes in measure(); nothing stays in flight' },
  });

  const provider = new PrometheusProvider();
  const measure = (m: Metric) => provider.measure(m, contextFor());

  it('measures the http success rate of the reference articles as a vector', async () => {
    const report = await measure(prom({ query: HTTP_SUCCESS_RATE }));
    assert.equal(report.outcome.kind, 'value');
    if (report.outcome.kind !== 'value') return;
    const [rate] = report.outcome.result as number[];
    assert.ok(Math.abs((rate ?? 0) - 0.9) < 1e-9, `success rate ${rate}`);
    assert.match(report.outcome.value, /^\[0\.(9|8999\d+)\]$/);
  });

  it('measures the istio success rate (reporter="source", response_code!~"5.*")', async () => {
    const report = await measure(prom({ query: ISTIO_SUCCESS_RATE }));
    assert.ok(report.outcome.kind === 'value');
    const [rate] = (report.outcome.kind === 'value' ? report.outcome.result : []) as number[];
    assert.ok(Math.abs((rate ?? 0) - 0.75) < 1e-9, `success rate ${rate}`);
  });

  it('sends the query where the route says, with its Host (a cluster DNS name through the local mesh)', async () => {
    const routed: Array<{ url: string; namespace: string }> = [];
    const viaRoute = new PrometheusProvider({
      route: (url, namespace) => {
        routed.push({ url, namespace });
        const parsed = new URL(url);
        if (parsed.host !== 'prometheus.monitoring:9090') return undefined;
        return { url: `${prometheus.address}${parsed.pathname}`, host: 'prometheus.monitoring.svc.cluster.local:9090' };
      },
    });
    const report = await viaRoute.measure(
      prom({ address: 'http://prometheus.monitoring:9090', query: HTTP_SUCCESS_RATE }),
      contextFor(),
    );
    assert.equal(report.outcome.kind, 'value', JSON.stringify(report.outcome));
    assert.deepEqual(
      routed.map((r) => r.url),
      ['http://prometheus.monitoring:9090/api/v1/query'],
    );
    // A URL the route leaves alone is fetched as written.
    const direct = await viaRoute.measure(prom({ query: HTTP_SUCCESS_RATE }), contextFor());
    assert.equal(direct.outcome.kind, 'value', JSON.stringify(direct.outcome));
  });

  const shapes: Array<[string, string, (result: unknown) => boolean, string]> = [
    [
      'an empty result',
      'http_requests_total{service="nobody"}',
      (result) => Array.isArray(result) && result.length === 0,
      '[]',
    ],
    ['a scalar', 'scalar(sum(http_requests_total{service="x"}))', (result) => result === 100, '100'],
    ['a NaN scalar', '0/0', (result) => Number.isNaN(result), 'NaN'],
    ['+Inf in a vector', 'vector(1)/0', (result) => Array.isArray(result) && result[0] === Infinity, '[+Inf]'],
    ['-Inf in a vector', 'vector(-1)/0', (result) => Array.isArray(result) && result[0] === -Infinity, '[-Inf]'],
  ];
  for (const [what, query, check, value] of shapes) {
    it(`gives ${what}`, async () => {
      const report = await measure(prom({ query }));
      assert.ok(report.outcome.kind === 'value' && check(report.outcome.result), JSON.stringify(report.outcome));
      assert.equal(report.outcome.kind === 'value' ? report.outcome.value : '', value);
    });
  }

  it('runs a range query with start and end written with now() and duration()', async () => {
    const report = await measure(
      prom(
        {
          query: 'sum(http_requests_total{service="x"})',
          rangeQuery: { start: 'now() - duration("20s")', end: 'now()', step: '1s' },
        },
        { successCondition: 'all(result, # <= 100)' },
      ),
    );
    assert.ok(report.outcome.kind === 'value', JSON.stringify(report.outcome));
    const values = (report.outcome.kind === 'value' ? report.outcome.result : []) as number[];
    assert.ok(values.length >= 2, `range gave ${values.length} points`);
    assert.ok(values.every((value) => value === 0 || value === 100));
    assert.equal(values.at(-1), 100);
  });

  const errors: Array<[string, Partial<PrometheusMetric>, RegExp]> = [
    ['a bad query', { query: 'sum(rate(' }, /bad_data: .*parse error/],
    [
      'a bad range start',
      { query: 'up', rangeQuery: { start: 'now() - duration("5x")', end: 'now()', step: '1s' } },
      /rangeQuery\.start: .*not a duration/,
    ],
    [
      'a missing step',
      { query: 'up', rangeQuery: { start: 'now() - duration("5m")', end: 'now()' } },
      /rangeQuery\.step/,
    ],
    ['a string result', { query: '"text"' }, /not supported: the query gives a string result/],
    ['a negative timeout', { query: 'up', timeout: -1 }, /timeout should not be negative/],
    ['a dead Prometheus', { query: 'up', address: 'DEAD' }, /connection refused/],
    ['sigv4', { query: 'up', authentication: { sigv4: { region: 'x' } } }, /sigv4 .* not supported/],
  ];
  for (const [what, spec, message] of errors) {
    it(`reports ${what} as an Error with a message`, async () => {
      const report = await measure(prom({ ...spec, ...(spec.address === 'DEAD' ? { address: deadAddress } : {}) }));
      assert.ok(
        report.outcome.kind === 'error' && message.test(report.outcome.message),
        JSON.stringify(report.outcome),
      );
    });
  }

  it('sends headers and basic auth (a querier behind an auth proxy, over TLS)', async () => {
    const seen: string[] = [];
    const proxy = await startWebServer(
      async ({ method, url, headers, body }) => {
        seen.push(String(headers.authorization));
        if (
          headers.authorization !== 'Bearer sekret' &&
          headers.authorization !== `Basic ${Buffer.from('admin:pw').toString('base64')}`
        )
          return { status: 403, body: 'Forbidden' };
        const answer = await fetch(`${prometheus.address}${url}`, {
          method,
          headers: { 'Content-Type': String(headers['content-type']) },
          body,
        });
        return { status: answer.status, body: await answer.text(), headers: { 'Content-Type': 'application/json' } };
      },
      { tls: true },
    );
    try {
      const bearer = await measure(
        prom({
          address: proxy.url,
          insecure: true,
          query: HTTP_SUCCESS_RATE,
          headers: [{ key: 'Authorization', value: 'Bearer sekret' }],
        }),
      );
      assert.equal(bearer.outcome.kind, 'value', JSON.stringify(bearer.outcome));
      const basic = await measure(
        prom({
          address: proxy.url,
          insecure: true,
          query: 'up',
          authentication: { basicAuth: { username: 'admin', password: 'pw' } },
        }),
      );
      assert.equal(basic.outcome.kind, 'value', JSON.stringify(basic.outcome));
      const denied = await measure(prom({ address: proxy.url, insecure: true, query: 'up' }));
      assert.ok(
        denied.outcome.kind === 'error' && /client error 403/.test(denied.outcome.message),
        JSON.stringify(denied.outcome),
      );
      const untrusted = await measure(
        prom({ address: proxy.url, query: 'up', headers: [{ key: 'Authorization', value: 'Bearer sekret' }] }),
      );
      assert.ok(
        untrusted.outcome.kind === 'error' && /not trusted/.test(untrusted.outcome.message),
        JSON.stringify(untrusted.outcome),
      );
      assert.deepEqual(seen.slice(0, 2), ['Bearer sekret', `Basic ${Buffer.from('admin:pw').toString('base64')}`]);
    } finally {
      await proxy.close();
    }
  });

  it('fails a run whose success rate is under the threshold, and passes one above it', async () => {
    const providers = standardProviders();
    const failing = await driveAnalysisRun(
      analysisRun([
        prom(
          { query: HTTP_SUCCESS_RATE },
          { successCondition: 'result[0] >= 0.95', interval: '1s', count: 3, failureLimit: 1 },
        ),
      ]),
      { providers, clock: fastForwardClock() },
    );
    assert.equal(failing.status?.phase, 'Failed');
    assert.equal(failing.status?.metricResults?.[0]?.failed, 2);
    const passing = await driveAnalysisRun(
      analysisRun([
        prom({ query: ISTIO_SUCCESS_RATE }, { successCondition: 'result[0] >= 0.7', interval: '1s', count: 2 }),
      ]),
      { providers, clock: fastForwardClock() },
    );
    assert.equal(passing.status?.phase, 'Successful');
    assert.equal(passing.status?.metricResults?.[0]?.successful, 2);
  });

  it('errors a run when Prometheus is dead, after consecutiveErrorLimit', async () => {
    const run = await driveAnalysisRun(
      analysisRun([
        prom({ address: deadAddress, query: 'up' }, { successCondition: 'result[0] == 1', consecutiveErrorLimit: 2 }),
      ]),
      { providers: standardProviders(), clock: fastForwardClock() },
    );
    assert.equal(run.status?.phase, 'Error');
    const result = run.status?.metricResults?.[0];
    assert.equal(result?.consecutiveError, 3);
    assert.match(
      run.status?.message ?? '',
      /consecutiveErrors \(3\) > consecutiveErrorLimit \(2\).*connection refused/,
    );
  });
});
