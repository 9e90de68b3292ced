import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisTemplate } from '../../../../../src/api/types/analysis.ts';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { Action } from '../../../../../src/engine/types.ts';
import { analysisRunToCreate, observeAnalysisRuns } from '../../../../../src/runtime/rollouts/analysis-runs.ts';
import { storeReader } from '../../../../../src/runtime/local/controller/store-ports.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';

const NOW = Date.parse('2026-01-02T15:04:05Z');
const rollout: Stored<Rollout> = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'demo', uid: 'u1', resourceVersion: '1' },
  spec: { strategy: { canary: {} } },
};
const template: AnalysisTemplate = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'check', namespace: 'demo' },
  spec: { args: [{ name: 'url' }], metrics: [{ name: 'up', provider: { web: { url: '{{args.url}}' } } }] },
};

function action(templateName: string): Extract<Action, { type: 'createAnalysisRun' }> {
  return {
    type: 'createAnalysisRun',
    name: 'web-abc-2-1',
    kind: 'Step',
    podTemplateHash: 'abc',
    stepIndex: 1,
    analysis: { templates: [{ templateName }], args: [{ name: 'url', value: 'http://x' }] },
    labels: { 'rollouts-pod-template-hash': 'abc', 'rollout-type': 'Step', 'step-index': '1' },
    annotations: { 'rollout.argoproj.io/revision': '2' },
  };
}

describe('AnalysisRuns of a rollout in the local store', () => {
  it('builds the run from the template in the store, owned by the rollout', () => {
    const store = new ObjectStore();
    store.put(template);
    const run = analysisRunToCreate(action('check'), rollout, storeReader(store), NOW);
    assert.deepEqual(run.spec.args, [{ name: 'url', value: 'http://x' }]);
    assert.equal(run.spec.metrics[0]?.name, 'up');
    assert.deepEqual(
      run.status,
      { phase: 'Running', startedAt: new Date(NOW).toISOString().replace(/\.\d{3}Z$/, 'Z') },
      'Running from the start: no reader sees it without a phase',
    );
    assert.deepEqual(
      run.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid]),
      [['Rollout', 'web', 'u1']],
    );
  });

  it('gives a run in Error, saying why, when the template is missing', () => {
    const run = analysisRunToCreate(action('missing'), rollout, storeReader(new ObjectStore()), NOW);
    assert.equal(run.status?.phase, 'Error');
    assert.match(run.status?.message ?? '', /AnalysisTemplate "missing" not found/);
  });

  it('observes the runs it owns as the engine expects them', () => {
    const store = new ObjectStore({ now: () => NOW });
    store.put(template);
    store.put({
      ...analysisRunToCreate(action('check'), rollout, storeReader(store), NOW),
      spec: { ...analysisRunToCreate(action('check'), rollout, storeReader(store), NOW).spec, terminate: true },
    });
    store.writeStatus({ kind: 'AnalysisRun', namespace: 'demo', name: 'web-abc-2-1' }, { phase: 'Running' });
    store.put({
      ...analysisRunToCreate(action('check'), rollout, storeReader(store), NOW),
      metadata: { name: 'other', namespace: 'demo' },
    });
    assert.deepEqual(observeAnalysisRuns(rollout, storeReader(store)), [
      {
        name: 'web-abc-2-1',
        kind: 'Step',
        podTemplateHash: 'abc',
        stepIndex: 1,
        phase: 'Running',
        terminating: true,
        createdAt: NOW,
      },
    ]);
  });
});
