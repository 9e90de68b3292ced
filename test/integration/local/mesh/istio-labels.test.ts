// How the mesh names workloads in Istio's labels, and how a Service port reaches a pod's port.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  workloadOfPod,
  canonicalRevision,
  canonicalService,
} from '../../../../src/runtime/local/metrics/istio-labels.ts';
import { endpointPortFor, servicePortFor } from '../../../../src/runtime/local/services/target-port.ts';
import type { PodEndpoint } from '../../../../src/runtime/local/services/endpoint-source.ts';

function endpoint(pod: string, labels: Record<string, string>): PodEndpoint {
  return {
    pod,
    namespace: 'ns',
    labels,
    ip: '127.0.0.1',
    ready: true,
    terminating: false,
    ports: [
      { containerPort: 8080, name: 'http', protocol: 'TCP', port: 41000 },
      { containerPort: 9090, name: 'admin', protocol: 'TCP', port: 41001 },
      { containerPort: 53, name: 'dns', protocol: 'UDP', port: 41002 },
    ],
  };
}

describe('destination workload', () => {
  const cases: Array<[string, string, Record<string, string>, string]> = [
    [
      'a Rollout pod: its ReplicaSet',
      'checkout-6d4f8b7c9-x2x9z',
      { app: 'checkout', 'rollouts-pod-template-hash': '6d4f8b7c9' },
      'checkout-6d4f8b7c9',
    ],
    [
      'a hash that is not in the name: the app label',
      'checkout-abc',
      { app: 'checkout', 'rollouts-pod-template-hash': '6d4f8b7c9' },
      'checkout',
    ],
    ['no hash: the app label', 'db-0', { app: 'db' }, 'db'],
    ['nothing: the pod name', 'lonely', {}, 'lonely'],
  ];
  for (const [name, pod, labels, expected] of cases)
    it(name, () => assert.equal(workloadOfPod(endpoint(pod, labels)).name, expected));

  it("takes canonical names by Istio's label precedence", () => {
    const w = workloadOfPod(
      endpoint('p', {
        app: 'a',
        version: 'v2',
        'app.kubernetes.io/name': 'shop',
        'service.istio.io/canonical-revision': 'r7',
      }),
    );
    assert.equal(canonicalService(w), 'shop');
    assert.equal(canonicalRevision(w), 'r7');
    assert.equal(canonicalRevision(workloadOfPod(endpoint('p', {}))), 'latest');
  });
});

describe('targetPort', () => {
  const pod = endpoint('p', {});
  const cases: Array<[string, number | string | undefined, number, number | undefined]> = [
    ['unset: same number as port, declared', undefined, 8080, 41000],
    ['declared number', 9090, 80, 41001],
    ['numeric string', '9090', 80, 41001],
    ['undeclared number: the main port', 7000, 80, 41000],
    ['named port', 'admin', 80, 41001],
    ['unknown name: none', 'metrics', 80, undefined],
    ['UDP ports are not TCP targets', 'dns', 80, undefined],
  ];
  for (const [name, targetPort, port, expected] of cases) {
    it(name, () =>
      assert.equal(endpointPortFor(pod, { port, ...(targetPort !== undefined ? { targetPort } : {}) }), expected),
    );
  }

  it('picks the Service port a request addresses, else the first TCP one', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service' as const,
      metadata: { name: 's' },
      spec: { ports: [{ port: 53, protocol: 'UDP' }, { port: 80 }, { port: 443 }] },
    };
    assert.equal(servicePortFor(service, 443)?.port, 443);
    assert.equal(servicePortFor(service, 8080)?.port, 80);
    assert.equal(servicePortFor(service)?.port, 80);
  });
});
