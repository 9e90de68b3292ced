// A real Prometheus, started by sluice on the scrape config it writes (file_sd), scrapes the mesh and
// an annotated pod; the success-rate query that Istio AnalysisTemplates use answers as expected.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPrometheus, type RunningPrometheus } from '../../../../src/runtime/local/prometheus/start-prometheus.ts';
import { writePodTargets, writeScrapeConfig } from '../../../../src/runtime/local/prometheus/write-scrape-config.ts';
import { waitFor } from '../../../support/ports.ts';
import { prometheusSkipReason } from '../../../support/prometheus.ts';
import { send, sendMany, service, startPodServer, type PodServer } from '../services/pod-servers.ts';
import { startTestMesh, type TestMesh } from './mesh-fixtures.ts';

const skip = prometheusSkipReason();

async function query(
  prometheus: RunningPrometheus,
  promql: string,
): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success') throw new Error(`query failed: ${body.error}`);
  return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

async function scalar(prometheus: RunningPrometheus, promql: string): Promise<number | undefined> {
  const [first] = await query(prometheus, promql);
  return first === undefined || Number.isNaN(first.value) ? undefined : first.value;
}

describe('Prometheus scraping the local mesh', { skip }, () => {
  let t: TestMesh;
  let metricsPod: PodServer;
  let stateDir: string;
  let prometheus: RunningPrometheus;

  before(async () => {
    t = await startTestMesh({
      canaryHandler: (request, response) => response.writeHead(request.url === '/fail' ? 500 : 200).end(),
    });
    await t.mesh.putService(service('checkout', { app: 'web' }));
    metricsPod = await startPodServer(
      'exporter-1',
      { app: 'exporter' },
      {
        containerPort: 9100,
        handler: (request, response) => response.writeHead(request.url === '/custom' ? 200 : 404).end('demo_up 1\n'),
      },
    );
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-state-'));
    writeScrapeConfig(stateDir, { mesh: t.mesh.metricsAddress, scrapeIntervalSeconds: 1 });
    prometheus = await startPrometheus(stateDir);
  });
  after(async () => {
    await prometheus?.stop();
    await t?.close();
    await metricsPod?.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('writes a prometheus.yml that reads the file_sd targets', () => {
    const config = readFileSync(path.join(stateDir, 'prometheus', 'prometheus.yml'), 'utf8');
    assert.match(config, /file_sd_configs/);
    const mesh = JSON.parse(readFileSync(path.join(stateDir, 'prometheus', 'targets', 'mesh.json'), 'utf8'));
    assert.deepEqual(mesh, [
      {
        targets: [`127.0.0.1:${t.mesh.metricsAddress.port}`],
        labels: { __metrics_path__: '/stats/prometheus', component: 'mesh' },
      },
    ]);
  });

  it('answers the Istio success-rate query of an AnalysisTemplate', async () => {
    const gateway = t.mesh.gateway.port;
    const ok = (n: number) => sendMany(n, 4, () => send(gateway, { host: 'checkout', path: '/' }));
    const fail = (n: number) => sendMany(n, 4, () => send(gateway, { host: 'web-canary', path: '/fail' }));
    // First the series must exist in a scrape; then the increase is what the rate sees.
    await ok(1);
    await waitFor('the mesh series to be scraped', () =>
      scalar(prometheus, 'sum(istio_requests_total{reporter="source",destination_service_name="checkout"})'),
    );
    await ok(90);
    await waitFor('the new counts to be scraped', async () =>
      (await scalar(prometheus, 'sum(istio_requests_total{reporter="source",destination_service_name="checkout"})')) ===
      91
        ? true
        : undefined,
    );
    const successRate =
      'sum(rate(istio_requests_total{reporter="source",destination_service_name="checkout",response_code!~"5.*"}[1m])) / sum(rate(istio_requests_total{reporter="source",destination_service_name="checkout"}[1m]))';
    assert.equal(await scalar(prometheus, successRate), 1);

    const canaryOk = (n: number) => sendMany(n, 4, () => send(gateway, { host: 'web-canary', path: '/' }));
    await Promise.all([fail(1), canaryOk(1)]);
    await waitFor('the canary series to be scraped', async () =>
      (await query(prometheus, 'istio_requests_total{reporter="source",destination_service_name="web-canary"}'))
        .length === 2
        ? true
        : undefined,
    );
    await Promise.all([fail(30), canaryOk(10)]);
    await waitFor('the canary counts to be scraped', async () =>
      (await scalar(
        prometheus,
        'sum(istio_requests_total{destination_service_name="web-canary",reporter="source"})',
      )) === 42
        ? true
        : undefined,
    );
    const canaryRate = await scalar(prometheus, successRate.replaceAll('"checkout"', '"web-canary"'));
    // Both series are scraped together, so their rates share one window: the ratio of the increases.
    assert.ok(
      canaryRate !== undefined && Math.abs(canaryRate - 10 / 40) < 0.03,
      `success rate ${canaryRate}, expected 0.25`,
    );
    const p99 = await scalar(
      prometheus,
      'histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter="source",destination_service_name="web-canary"}[1m])) by (le))',
    );
    assert.ok(p99 !== undefined && p99 > 0 && p99 <= 1000, `p99 ${p99}`);
  });

  it('scrapes pods annotated prometheus.io/scrape on their annotated port and path', async () => {
    const endpoint = metricsPod.endpoint();
    writePodTargets(stateDir, [
      {
        ...endpoint,
        annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100', 'prometheus.io/path': '/custom' },
      },
      { ...t.pods['api-1']!.endpoint(), annotations: {} },
    ]);
    const up = await waitFor(
      'the pod target to be scraped',
      async () => {
        const result = await query(prometheus, 'up{job="kubernetes-pods"}');
        return result.length > 0 ? result : undefined;
      },
      30_000,
      250,
    );
    assert.equal(up.length, 1);
    assert.equal(up[0]!.value, 1);
    assert.equal(up[0]!.metric.pod, 'exporter-1');
    assert.equal(up[0]!.metric.namespace, 'default');
    assert.equal(up[0]!.metric.app, 'exporter');
    assert.equal(await waitFor('demo_up', () => scalar(prometheus, 'demo_up{pod="exporter-1"}')), 1);
  });
});
