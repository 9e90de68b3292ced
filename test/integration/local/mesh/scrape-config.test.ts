// The file_sd targets and prometheus.yml sluice writes for the local runtime.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  meshTargetGroups,
  podTargetGroups,
  prometheusYaml,
  type ScrapePod,
} from '../../../../src/runtime/local/prometheus/scrape-config.ts';

function pod(
  name: string,
  annotations: Record<string, string>,
  ports = [
    { containerPort: 8080, name: 'http', protocol: 'TCP', port: 40001 },
    { containerPort: 9100, name: 'metrics', protocol: 'TCP', port: 40002 },
  ],
): ScrapePod {
  return {
    pod: name,
    namespace: 'shop',
    labels: { app: 'cart', 'rollouts-pod-template-hash': 'abc' },
    annotations,
    ip: '127.0.0.1',
    ports,
  };
}

describe('scrape config', () => {
  it('points the mesh job at /stats/prometheus on the metrics port', () => {
    assert.deepEqual(meshTargetGroups({ host: '127.0.0.1', port: 15090 }), [
      { targets: ['127.0.0.1:15090'], labels: { __metrics_path__: '/stats/prometheus', component: 'mesh' } },
    ]);
  });

  const cases: Array<{ name: string; pod: ScrapePod; expected: { target: string; path: string } | undefined }> = [
    { name: 'not annotated', pod: pod('a', {}), expected: undefined },
    { name: 'scrape "false"', pod: pod('a', { 'prometheus.io/scrape': 'false' }), expected: undefined },
    {
      name: 'defaults: first port, /metrics',
      pod: pod('a', { 'prometheus.io/scrape': 'true' }),
      expected: { target: '127.0.0.1:40001', path: '/metrics' },
    },
    {
      name: 'annotated container port maps to its loopback port',
      pod: pod('a', { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' }),
      expected: { target: '127.0.0.1:40002', path: '/metrics' },
    },
    {
      name: 'annotated path',
      pod: pod('a', { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/stats' }),
      expected: { target: '127.0.0.1:40001', path: '/stats' },
    },
    {
      name: 'undeclared port number: the main port',
      pod: pod('a', { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '7777' }),
      expected: { target: '127.0.0.1:40001', path: '/metrics' },
    },
    { name: 'no port at all', pod: pod('a', { 'prometheus.io/scrape': 'true' }, []), expected: undefined },
  ];
  for (const c of cases) {
    it(`pods: ${c.name}`, () => {
      const groups = podTargetGroups([c.pod]);
      if (!c.expected) {
        assert.deepEqual(groups, []);
        return;
      }
      assert.equal(groups.length, 1);
      assert.deepEqual(groups[0]!.targets, [c.expected.target]);
      assert.equal(groups[0]!.labels.__metrics_path__, c.expected.path);
      assert.equal(groups[0]!.labels.pod, 'a');
      assert.equal(groups[0]!.labels.namespace, 'shop');
      assert.equal(groups[0]!.labels.app, 'cart');
      assert.equal(groups[0]!.labels.label_rollouts_pod_template_hash, 'abc');
    });
  }

  it('writes both file_sd jobs into prometheus.yml', () => {
    const yaml = prometheusYaml('/state/prometheus/targets', { scrapeIntervalSeconds: 2 });
    assert.match(yaml, /scrape_interval: 2s/);
    assert.match(
      yaml,
      /job_name: sluice-mesh\n {4}file_sd_configs:\n {6}- files: \["\/state\/prometheus\/targets\/mesh.json"\]/,
    );
    assert.match(
      yaml,
      /job_name: kubernetes-pods\n {4}file_sd_configs:\n {6}- files: \["\/state\/prometheus\/targets\/pods.json"\]/,
    );
  });
});
