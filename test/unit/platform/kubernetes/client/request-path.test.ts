import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  labelSelectorString,
  queryString,
  resourcePath,
} from '../../../../../src/platform/kubernetes/client/request-path.ts';
import {
  apiVersionOf,
  coreResources,
  resourceForKind,
} from '../../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources, istioResources, resourceTable } from '../../../../../src/runtime/kubernetes/resources.ts';

describe('resourcePath', () => {
  const cases: [string, string][] = [
    [resourcePath(coreResources.pods, { namespace: 'demo' }), '/api/v1/namespaces/demo/pods'],
    [resourcePath(coreResources.pods), '/api/v1/pods'],
    [
      resourcePath(coreResources.pods, { namespace: 'demo', name: 'web-1', subresource: 'eviction' }),
      '/api/v1/namespaces/demo/pods/web-1/eviction',
    ],
    [resourcePath(coreResources.nodes, { namespace: 'ignored', name: 'n1' }), '/api/v1/nodes/n1'],
    [
      resourcePath(coreResources.replicaSets, { namespace: 'demo', name: 'web-abc' }),
      '/apis/apps/v1/namespaces/demo/replicasets/web-abc',
    ],
    [
      resourcePath(argoResources.rollouts, { namespace: 'demo', name: 'web', subresource: 'status' }),
      '/apis/argoproj.io/v1alpha1/namespaces/demo/rollouts/web/status',
    ],
    [
      resourcePath(argoResources.clusterAnalysisTemplates, { name: 'rate' }),
      '/apis/argoproj.io/v1alpha1/clusteranalysistemplates/rate',
    ],
    [
      resourcePath(coreResources.leases, { namespace: 'kube-system', name: 'sluice' }),
      '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/sluice',
    ],
    [
      resourcePath(istioResources('v1').virtualServices, { namespace: 'demo' }),
      '/apis/networking.istio.io/v1/namespaces/demo/virtualservices',
    ],
    [resourcePath(coreResources.secrets, { namespace: 'a b', name: 'x/y' }), '/api/v1/namespaces/a%20b/secrets/x%2Fy'],
  ];
  cases.forEach(([actual, expected]) => {
    it(expected, () => assert.equal(actual, expected));
  });

  it('refuses an empty name and a subresource without a name', () => {
    assert.throws(() => resourcePath(coreResources.pods, { namespace: 'demo', name: '' }), /Pod name is required/);
    assert.throws(
      () => resourcePath(coreResources.pods, { namespace: 'demo', subresource: 'status' }),
      /needs an object name/,
    );
  });
});

describe('queryString', () => {
  it('keeps defined values in order and encodes them', () => {
    assert.equal(
      queryString({ watch: 1, labelSelector: 'app=web,tier in (a,b)', continue: undefined, allowWatchBookmarks: true }),
      '?watch=1&labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29&allowWatchBookmarks=true',
    );
    assert.equal(queryString({ a: undefined, b: '' }), '');
  });

  it('labelSelectorString joins equality requirements', () => {
    assert.equal(
      labelSelectorString({ app: 'web', 'argo-rollouts.argoproj.io/instance-id': 'a' }),
      'app=web,argo-rollouts.argoproj.io/instance-id=a',
    );
  });
});

describe('resource table', () => {
  it('finds kinds, telling Istio versions apart', () => {
    const table = resourceTable({ istioVersion: 'v1beta1' });
    assert.equal(resourceForKind(table, 'Rollout')?.plural, 'rollouts');
    assert.equal(resourceForKind(table, 'VirtualService', 'networking.istio.io/v1beta1')?.version, 'v1beta1');
    assert.equal(resourceForKind(table, 'VirtualService', 'networking.istio.io/v1alpha3'), undefined);
    assert.equal(apiVersionOf(table.pods), 'v1');
    assert.equal(apiVersionOf(table.jobs), 'batch/v1');
    assert.equal(table.rollouts.strategicMerge, false);
    assert.equal(table.replicaSets.strategicMerge, true);
    assert.equal(table.clusterAnalysisTemplates.namespaced, false);
  });
});
