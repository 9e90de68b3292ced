import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import { LOCAL_HINTS, storeReader } from '../../../../../src/runtime/local/controller/store-ports.ts';
import { referenceProblems } from '../../../../../src/runtime/rollouts/observe.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';

const canary: Rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'demo' },
  spec: {
    strategy: {
      canary: {
        analysis: { templates: [{ templateName: 'background' }] },
        steps: [
          { setWeight: 10 },
          { analysis: { templates: [{ templateName: 'step' }, { templateName: 'global', clusterScope: true }] } },
        ],
      },
    },
  },
};

/** The problems of the rollout as if it lived in `namespace`, read from `store`. */
function missingTemplates(rollout: Rollout, namespace: string, store: ObjectStore): string[] {
  return referenceProblems(
    { ...rollout, metadata: { ...rollout.metadata, name: 'web', namespace, uid: 'u1', resourceVersion: '1' } },
    storeReader(store),
    LOCAL_HINTS.object,
  );
}

describe('missing templates, read from the local store', () => {
  it('names every template the store does not hold, with its field', () => {
    assert.deepEqual(missingTemplates(canary, 'demo', new ObjectStore()), [
      'spec.strategy.canary.steps[1].analysis.templates[0].templateName: AnalysisTemplate "step" not found in namespace "demo"; apply it with the rollout',
      'spec.strategy.canary.steps[1].analysis.templates[1].templateName: ClusterAnalysisTemplate "global" not found; apply it with the rollout',
      'spec.strategy.canary.analysis.templates[0].templateName: AnalysisTemplate "background" not found in namespace "demo"; apply it with the rollout',
    ]);
  });

  it('finds templates in the rollout namespace and cluster templates anywhere', () => {
    const store = new ObjectStore();
    for (const name of ['step', 'background'])
      store.put({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisTemplate',
        metadata: { name, namespace: 'demo' },
        spec: { metrics: [] },
      });
    store.put({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ClusterAnalysisTemplate',
      metadata: { name: 'global' },
      spec: { metrics: [] },
    });
    assert.deepEqual(missingTemplates(canary, 'demo', store), []);
    assert.equal(missingTemplates(canary, 'other', store).length, 2);
  });
});
