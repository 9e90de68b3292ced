// The mesh's metrics carry Istio's names and labels, with exact counts for known traffic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ISTIO_LABEL_NAMES } from '../../../../src/runtime/local/metrics/istio-labels.ts';
import { DURATION_BUCKETS_MS } from '../../../../src/runtime/local/metrics/istio-request-metrics.ts';
import { waitFor } from '../../../support/ports.ts';
import { send, sendMany, service } from '../services/pod-servers.ts';
import { find, parseSamples, scrape, type Sample } from './metrics-text.ts';
import { startTestMesh, to, virtualService, type TestMesh } from './mesh-fixtures.ts';

describe('Istio request metrics', () => {
  let t: TestMesh;
  let samples: Sample[];

  before(async () => {
    t = await startTestMesh({
      canaryHandler: (request, response) =>
        response.writeHead(request.url === '/fail' ? 500 : 200, { 'x-pod': 'web-bbb-1' }).end(),
    });
    await t.mesh.putService(service('empty', { app: 'nobody' }));
    await t.mesh.store.putVirtualService(
      virtualService(
        'web',
        ['web'],
        [{ match: [{ uri: { prefix: '/fail' } }], route: [to('web-canary')] }, { route: [to('web-stable')] }],
      ),
    );
    const gateway = t.mesh.gateway.port;
    await sendMany(5, 2, () => send(gateway, { host: 'api' }));
    await sendMany(3, 1, () => send(gateway, { host: 'unknown.example.com' }));
    await sendMany(2, 1, () => send(gateway, { host: 'empty' }));
    await sendMany(4, 2, () => send(gateway, { host: 'web', path: '/fail' }));
    await sendMany(6, 2, () => send(gateway, { host: 'web' }));
    // Straight to the Service listener, as a pod calling its neighbour would.
    await sendMany(2, 1, () => send(t.mesh.serviceAddress('default', 'api')!.port));
    await waitFor('every exchange to be recorded', async () => (t.mesh.drained('default', 'api-1') ? true : undefined));
    samples = parseSamples(await scrape(t.mesh.metricsAddress.port));
  });
  after(() => t.close());

  const total = (labels: Record<string, string>) =>
    find(samples, 'istio_requests_total', labels).reduce((sum, s) => sum + s.value, 0);

  it('labels a routed request as Istio does, on both reporters', () => {
    const source = find(samples, 'istio_requests_total', {
      reporter: 'source',
      destination_service_name: 'api',
      source_workload: 'sluice-gateway',
    });
    assert.equal(source.length, 1);
    assert.deepEqual(source[0]!.labels, {
      reporter: 'source',
      source_workload: 'sluice-gateway',
      source_workload_namespace: 'sluice-system',
      source_principal: 'unknown',
      source_app: 'sluice-gateway',
      source_version: 'unknown',
      source_canonical_service: 'sluice-gateway',
      source_canonical_revision: 'latest',
      source_cluster: 'Kubernetes',
      destination_workload: 'api',
      destination_workload_namespace: 'default',
      destination_principal: 'unknown',
      destination_app: 'api',
      destination_version: 'unknown',
      destination_service: 'api.default.svc.cluster.local',
      destination_service_name: 'api',
      destination_service_namespace: 'default',
      destination_canonical_service: 'api',
      destination_canonical_revision: 'latest',
      destination_cluster: 'Kubernetes',
      request_protocol: 'http',
      response_code: '200',
      grpc_response_status: '',
      response_flags: '-',
      connection_security_policy: 'unknown',
    });
    assert.deepEqual(Object.keys(source[0]!.labels), [...ISTIO_LABEL_NAMES]);
    assert.equal(source[0]!.value, 5);
    assert.equal(
      total({ reporter: 'destination', destination_service_name: 'api', source_workload: 'sluice-gateway' }),
      5,
    );
  });

  it('counts requests to a Service listener with an unknown source', () => {
    assert.equal(
      total({ reporter: 'source', destination_service_name: 'api', source_workload: 'unknown', response_code: '200' }),
      2,
    );
  });

  it('reports no route as 404 NR and no healthy upstream as 503 UH, on the source side only', () => {
    assert.equal(
      total({ reporter: 'source', response_code: '404', response_flags: 'NR', destination_service: 'unknown' }),
      3,
    );
    assert.equal(
      total({
        reporter: 'source',
        destination_service: 'empty.default.svc.cluster.local',
        response_code: '503',
        response_flags: 'UH',
        destination_workload: 'unknown',
      }),
      2,
    );
    assert.equal(total({ reporter: 'destination', response_code: '404' }), 0);
    assert.equal(total({ reporter: 'destination', destination_service_name: 'empty' }), 0);
  });

  it("names a rollout pod's workload after its ReplicaSet and counts the pods' own answers", () => {
    assert.equal(
      total({
        reporter: 'source',
        destination_service_name: 'web-canary',
        destination_workload: 'web-bbb',
        response_code: '500',
      }),
      4,
    );
    assert.equal(
      total({
        reporter: 'source',
        destination_service_name: 'web-stable',
        destination_workload: 'web-aaa',
        response_code: '200',
      }),
      6,
    );
    assert.equal(total({ reporter: 'source' }), 5 + 3 + 2 + 4 + 6 + 2);
  });

  it("keeps a duration histogram with Istio's buckets, consistent with the counter", () => {
    const counts = find(samples, 'istio_request_duration_milliseconds_count', {});
    assert.equal(counts.length, find(samples, 'istio_requests_total', {}).length);
    for (const count of counts) {
      const { labels } = count;
      const buckets = find(samples, 'istio_request_duration_milliseconds_bucket', labels);
      assert.deepEqual(
        buckets.map((b) => b.labels.le),
        [...DURATION_BUCKETS_MS.map(String), '+Inf'],
      );
      for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.value >= buckets[i - 1]!.value);
      assert.equal(buckets.at(-1)!.value, count.value);
      assert.equal(count.value, total(labels));
      assert.ok(find(samples, 'istio_request_duration_milliseconds_sum', labels)[0]!.value >= 0);
    }
  });
});
