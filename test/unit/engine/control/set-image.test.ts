import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { ControlError } from '../../../../src/engine/control/patch.ts';
import { setImagePatch, templateWithImage } from '../../../../src/engine/control/set-image.ts';

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
          ephemeralContainers: [{ name: 'debug', image: 'debug:1' }],
        } as NonNullable<NonNullable<Rollout['spec']['template']>['spec']>,
      },
      strategy: { canary: { steps: [{ setWeight: 20 }] } },
    },
  };
}

/** name=image of every container, init and ephemeral ones included, in order. */
function images(template: NonNullable<Rollout['spec']['template']>): string[] {
  const spec = template.spec as {
    initContainers?: Array<{ name: string; image?: string }>;
    containers: Array<{ name: string; image?: string }>;
    ephemeralContainers?: Array<{ name: string; image?: string }>;
  };
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])].map(
    (c) => `${c.name}=${c.image}`,
  );
}

describe('set image', () => {
  const cases: Array<{ container: string; expected: string[] }> = [
    { container: 'web', expected: ['init=init:1', 'web=x:2', 'side=side:1', 'debug=debug:1'] },
    { container: 'init', expected: ['init=x:2', 'web=web:1', 'side=side:1', 'debug=debug:1'] },
    { container: 'debug', expected: ['init=init:1', 'web=web:1', 'side=side:1', 'debug=x:2'] },
    { container: '*', expected: ['init=x:2', 'web=x:2', 'side=x:2', 'debug=x:2'] },
  ];
  for (const { container, expected } of cases) {
    it(`${container}=x:2 sets ${expected.filter((entry) => entry.endsWith('=x:2')).length} container(s) and leaves the rollout as it was`, () => {
      const original = rollout();
      const template = templateWithImage(original, container, 'x:2');
      assert.deepEqual(images(template), expected);
      assert.deepEqual(original, rollout());
      assert.deepEqual(template.metadata, original.spec.template?.metadata);
    });
  }

  it('as a patch: spec.template only', () => {
    const patch = setImagePatch(rollout(), 'web', 'x:2');
    assert.deepEqual(Object.keys(patch), ['spec']);
    assert.deepEqual(Object.keys(patch.spec ?? {}), ['template']);
    assert.deepEqual(images(patch.spec?.['template'] as NonNullable<Rollout['spec']['template']>), cases[0]?.expected);
  });

  it('names every container there is, and what to do, when the one asked for is missing', () => {
    assert.throws(
      () => templateWithImage(rollout(), 'api', 'x:2'),
      (error: unknown) =>
        error instanceof ControlError &&
        error.message ===
          `rollout 'web' has no container named "api" (containers: init, web, side, debug); use one of those, or * for all`,
    );
  });

  it('refuses a rollout without a pod template (workloadRef), saying where the image lives', () => {
    const referenced = rollout();
    delete referenced.spec.template;
    assert.throws(
      () => templateWithImage(referenced, 'web', 'x:2'),
      (error: unknown) =>
        error instanceof ControlError &&
        /has no spec\.template: a workloadRef rollout takes its image from the referenced workload/.test(error.message),
    );
  });
});
