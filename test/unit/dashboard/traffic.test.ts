// The traffic chart's pure parts: Istio's counter read from an exposition, the rollout's versions
// by role, the series from successive samples and from Prometheus range matrices, and which
// Prometheus the analysis templates name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Rollout } from '../../../src/api/types/rollout.ts';
import { analysisTemplateRefs, prometheusAddressOf } from '../../../src/dashboard/data/traffic/prometheus-address.ts';
import { requestCounters, sampleOf } from '../../../src/dashboard/data/traffic/request-counters.ts';
import { seriesFromRange, seriesFromSamples } from '../../../src/dashboard/data/traffic/series.ts';
import { rolloutVersions } from '../../../src/dashboard/data/traffic/versions.ts';

const line = (reporter: string, workload: string, code: number, value: number, ns = 'shop') =>
  `istio_requests_total{reporter="${reporter}",source_workload="gateway",destination_workload="${workload}",destination_workload_namespace="${ns}",destination_service="web.${ns}.svc.cluster.local",response_code="${code}",response_flags="-"} ${value}`;

describe('request counters', () => {
  test('destination-reported requests and 5xx per workload; source-reported and other metrics ignored', () => {
    const counters = requestCounters(
      [
        '# HELP istio_requests_total Total requests',
        '# TYPE istio_requests_total counter',
        line('destination', 'web-aaa', 200, 90),
        line('destination', 'web-aaa', 503, 10),
        line('source', 'web-aaa', 200, 90),
        line('destination', 'web-bbb', 200, 7),
        line('destination', 'web-bbb', 500, 3, 'other'),
        'istio_request_duration_milliseconds_count{reporter="destination",destination_workload="web-aaa"} 100',
        '',
      ].join('\n'),
    );
    assert.deepEqual(Object.fromEntries(counters), {
      'shop/web-aaa': { requests: 100, errors: 10 },
      'shop/web-bbb': { requests: 7, errors: 0 },
      'other/web-bbb': { requests: 3, errors: 3 },
    });
  });

  test('escaped label values', () => {
    assert.deepEqual(sampleOf('m{a="x\\"y",b="1\\\\2"} 3'), { name: 'm', labels: { a: 'x"y', b: '1\\2' }, value: 3 });
  });
});

const canary = (status: Record<string, unknown>): Rollout =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      strategy: {
        canary: {
          steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'rate' }] } }],
          analysis: { templates: [{ templateName: 'errors', clusterScope: true }, { templateName: 'rate' }] },
        },
      },
    },
    status,
  }) as unknown as Rollout; // a test fixture: only the fields the functions read

const rs = (hash: string) => ({
  metadata: { name: `web-${hash}`, namespace: 'shop', labels: { 'rollouts-pod-template-hash': hash } },
});

describe('versions and series', () => {
  const rollout = canary({ stableRS: 'aaa', currentPodHash: 'bbb' });
  const versions = rolloutVersions(rollout, [rs('bbb'), rs('old'), rs('aaa')]);

  test('stable first, then canary; a ReplicaSet without a role is left out', () => {
    assert.deepEqual(
      versions.map((v) => [v.label, v.workload]),
      [
        ['stable (aaa)', 'web-aaa'],
        ['canary (bbb)', 'web-bbb'],
      ],
    );
  });

  test("an experiment's ReplicaSet with the canary's hash is not a second canary", () => {
    const experiment = {
      metadata: {
        ...rs('bbb').metadata,
        name: 'web-bbb-2-0-candidate',
        ownerReferences: [{ kind: 'Experiment', name: 'web-bbb-2-0', controller: true }],
      },
    };
    const owned = { metadata: { ...rs('bbb').metadata, ownerReferences: [{ kind: 'Rollout', controller: true }] } };
    assert.deepEqual(
      rolloutVersions(rollout, [rs('aaa'), owned, experiment]).map((v) => [v.label, v.workload]),
      [
        ['stable (aaa)', 'web-aaa'],
        ['canary (bbb)', 'web-bbb'],
      ],
    );
  });

  test('rates and error shares between samples; null without requests or after a counter reset', () => {
    const sample = (at: number, a: [number, number], b?: [number, number]) => ({
      at,
      counters: new Map([
        ['shop/web-aaa', { requests: a[0], errors: a[1] }],
        ...(b ? [['shop/web-bbb', { requests: b[0], errors: b[1] }] as const] : []),
      ]),
    });
    const series = seriesFromSamples(
      [
        sample(0, [100, 0]),
        sample(5000, [150, 5]),
        sample(10_000, [150, 5], [20, 2]),
        sample(15_000, [10, 0], [20, 2]),
      ],
      versions,
      'local mesh',
    );
    assert.deepEqual(series.times, [5000, 10_000, 15_000]);
    assert.deepEqual(series.versions[0]?.requestsPerSecond, [10, 0, null]);
    assert.deepEqual(series.versions[0]?.errorRate, [0.1, null, null]);
    assert.deepEqual(series.versions[1]?.requestsPerSecond, [0, 4, 0]);
    assert.deepEqual(series.versions[1]?.errorRate, [null, 0.1, null]);
    assert.equal(series.source, 'local mesh');
  });

  test('range matrices: per workload, error share as failed over total, missing points null', () => {
    const series = seriesFromRange(
      [
        {
          metric: { destination_workload: 'web-aaa' },
          values: [
            [10, '8'],
            [25, '4'],
          ],
        },
        { metric: { destination_workload: 'web-bbb' }, values: [[25, '4']] },
      ],
      [{ metric: { destination_workload: 'web-bbb' }, values: [[25, '1']] }],
      versions,
      'prometheus at http://prom:9090',
    );
    assert.deepEqual(series.times, [10_000, 25_000]);
    assert.deepEqual(
      series.versions.map((v) => v.requestsPerSecond),
      [
        [8, 4],
        [null, 4],
      ],
    );
    assert.deepEqual(
      series.versions.map((v) => v.errorRate),
      [
        [0, 0],
        [null, 0.25],
      ],
    );
  });
});

describe('the Prometheus of the analysis', () => {
  test('templates from the background analysis and the steps, once each', () => {
    assert.deepEqual(analysisTemplateRefs(canary({})), [
      { templateName: 'errors', clusterScope: true },
      { templateName: 'rate', clusterScope: false },
    ]);
  });

  test('the first prometheus provider address, without a trailing slash', () => {
    const template = {
      spec: {
        metrics: [
          { name: 'web', provider: { web: { url: 'http://x' } } },
          { name: 'rate', provider: { prometheus: { address: 'http://prometheus.istio-system:9090/', query: 'up' } } },
        ],
      },
    };
    assert.equal(prometheusAddressOf(template), 'http://prometheus.istio-system:9090');
    assert.equal(prometheusAddressOf({ spec: { metrics: [] } }), undefined);
  });
});
