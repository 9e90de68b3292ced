// The canary reference scenarios: a host-level Istio canary of four pods, through its steps by
// promotion, aborted by hand, and aborted by a failed background analysis. Argo's numbers: with
// traffic routing the stable ReplicaSet keeps all its pods until the promotion ends, the canary has
// ceil(weight x replicas) of them; the scale-down delays are 2 s so no driver waits 30 s (an
// explicit 0 would mean "never scale the old stable down" after a promotion).
import type { CanaryManifest } from './manifests.ts';
import type { Scenario } from './scenario.ts';

const manifest: CanaryManifest = {
  replicas: 4,
  traffic: 'istio-host',
  steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }],
  strategy: { scaleDownDelaySeconds: 2, abortScaleDownDelaySeconds: 2 },
};

export const canaryScenarios: Scenario[] = [
  {
    name: 'a canary promoted through its steps',
    manifest,
    steps: [
      { expect: { phase: 'Healthy', podsPerRevision: { 1: 4 }, canaryWeight: 0 } },
      {
        do: { setImage: '2.0' },
        expect: { phase: 'Paused', stepIndex: 1, canaryWeight: 25, podsPerRevision: { 1: 4, 2: 1 } },
      },
      {
        do: { promote: true },
        expect: { phase: 'Paused', stepIndex: 3, canaryWeight: 50, podsPerRevision: { 1: 4, 2: 2 } },
      },
      { do: { promote: true }, expect: { phase: 'Healthy', stepIndex: 4, canaryWeight: 0, podsPerRevision: { 2: 4 } } },
    ],
  },
  {
    name: 'a canary aborted by hand',
    manifest,
    steps: [
      { expect: { phase: 'Healthy', podsPerRevision: { 1: 4 } } },
      { do: { setImage: '2.0' }, expect: { phase: 'Paused', stepIndex: 1, canaryWeight: 25 } },
      { do: { abort: true }, expect: { phase: 'Degraded', aborted: true, canaryWeight: 0, podsPerRevision: { 1: 4 } } },
    ],
  },
  {
    name: 'a canary aborted by a failed background analysis',
    manifest: { ...manifest, backgroundAnalysis: true },
    steps: [
      { expect: { phase: 'Healthy', podsPerRevision: { 1: 4 } } },
      {
        do: { setImage: '2.0' },
        expect: { phase: 'Paused', stepIndex: 1, canaryWeight: 25, podsPerRevision: { 1: 4, 2: 1 } },
      },
      {
        do: { failAnalysis: true },
        expect: { phase: 'Degraded', aborted: true, canaryWeight: 0, podsPerRevision: { 1: 4 } },
      },
    ],
  },
];
