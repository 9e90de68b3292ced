import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import { applyControlPatch, controlPatch, ControlError } from '../../../../../src/runtime/local/api/control-actions.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';

const NOW = Date.parse('2026-01-02T15:04:05Z');

function rollout(): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          initContainers: [{ name: 'init', image: 'init:1' }],
          containers: [
            { name: 'web', image: 'web:1' },
            { name: 'side', image: 'side:1' },
          ],
        },
      },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    },
    status: {
      currentStepIndex: 1,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-02T15:00:00Z' }],
      currentPodHash: 'b',
      stableRS: 'a',
    },
  };
}

describe('control actions', () => {
  const images = (r: Rollout | undefined) =>
    [...(r?.spec.template?.spec?.initContainers ?? []), ...(r?.spec.template?.spec?.containers ?? [])].map(
      (c) => `${c.name}=${c.image}`,
    );
  const cases: Array<{ container: string; expected: string[] }> = [
    { container: 'web', expected: ['init=init:1', 'web=web:2', 'side=side:1'] },
    { container: 'init', expected: ['init=web:2', 'web=web:1', 'side=side:1'] },
    { container: '*', expected: ['init=web:2', 'web=web:2', 'side=web:2'] },
  ];
  for (const c of cases) {
    it(`set-image ${c.container}=web:2`, () => {
      const store = new ObjectStore();
      store.put(rollout());
      const patch = controlPatch('set-image', rollout(), [], { container: c.container, image: 'web:2' }, NOW);
      const updated = applyControlPatch(store, 'default', 'web', patch);
      assert.deepEqual(images(updated), c.expected);
      assert.equal(updated?.metadata.generation, 2);
    });
  }

  it('refuses set-image for a container that does not exist, naming the containers', () => {
    assert.throws(
      () => controlPatch('set-image', rollout(), [], { container: 'nope', image: 'x' }, NOW),
      (error: unknown) =>
        error instanceof ControlError &&
        /has no container named "nope" \(containers: init, web, side\)/.test(error.message),
    );
  });

  it('promote clears the pause conditions in status and keeps the rest of the status', () => {
    const store = new ObjectStore();
    store.put(rollout());
    store.writeStatus({ kind: 'Rollout', namespace: 'default', name: 'web' }, rollout().status);
    const updated = applyControlPatch(store, 'default', 'web', controlPatch('promote', rollout(), [], {}, NOW));
    assert.deepEqual(updated?.status, { currentStepIndex: 1, currentPodHash: 'b', stableRS: 'a' });
    assert.equal(updated?.metadata.generation, 1);
  });

  it('pause sets spec.paused and restart spec.restartAt', () => {
    const store = new ObjectStore();
    store.put(rollout());
    applyControlPatch(store, 'default', 'web', controlPatch('pause', rollout(), [], {}, NOW));
    const restarted = applyControlPatch(store, 'default', 'web', controlPatch('restart', rollout(), [], {}, NOW));
    assert.equal(restarted?.spec.paused, true);
    assert.equal(restarted?.spec.restartAt, '2026-01-02T15:04:05Z');
  });

  it('retry of a rollout that is not aborted is refused', () => {
    assert.throws(() => controlPatch('retry', rollout(), [], {}, NOW), ControlError);
  });
});
