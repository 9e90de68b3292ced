import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { dataPlaneNotes } from '../../../../src/runtime/local/data-plane-notes.ts';

// Only trafficRouting matters here: the rest of a Rollout (selector, template) is left out on purpose.
const withRouting = (trafficRouting: Record<string, unknown>) =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'demo' },
    spec: { strategy: { canary: { trafficRouting } } },
  }) as unknown as Rollout;

test('an ALB rollout is told at sluice run that its load balancer cannot be imitated locally', () => {
  const [note, ...more] = dataPlaneNotes(withRouting({ alb: { ingresses: ['a', 'b'], servicePort: 80 } }));
  assert.deepEqual(more, []);
  assert.match(
    note ?? '',
    /^rollout demo\/web routes with trafficRouting\.alb: .*Ingress a, b .*cannot be imitated locally/,
  );
});

test('NGINX and Istio rollouts run with real traffic locally: nothing to say', () => {
  assert.deepEqual(dataPlaneNotes(withRouting({ nginx: { stableIngress: 'web' } })), []);
  assert.deepEqual(dataPlaneNotes(withRouting({ istio: { virtualService: { name: 'vs' } } })), []);
});
