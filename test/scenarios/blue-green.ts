// The blue-green reference scenarios: two pods, promoted by hand, and aborted by hand. The preview
// runs beside the active revision until promoted; the scale-down delays are 2 s so no driver waits
// 30 s.
import type { BlueGreenManifest } from './manifests.ts';
import type { Scenario } from './scenario.ts';

const manifest: BlueGreenManifest = {
  replicas: 2,
  blueGreen: { autoPromotionEnabled: false, scaleDownDelaySeconds: 2, abortScaleDownDelaySeconds: 2 },
};

export const blueGreenScenarios: Scenario[] = [
  {
    name: 'a blue-green rollout promoted by hand',
    manifest,
    steps: [
      { expect: { phase: 'Healthy', podsPerRevision: { 1: 2 }, activeRevision: 1 } },
      {
        do: { setImage: '2.0' },
        expect: { phase: 'Paused', podsPerRevision: { 1: 2, 2: 2 }, activeRevision: 1, previewRevision: 2 },
      },
      {
        do: { promote: true },
        expect: { phase: 'Healthy', podsPerRevision: { 2: 2 }, activeRevision: 2, previewRevision: 2 },
      },
    ],
  },
  {
    name: 'a blue-green rollout aborted by hand',
    manifest,
    steps: [
      { expect: { phase: 'Healthy', podsPerRevision: { 1: 2 }, activeRevision: 1 } },
      { do: { setImage: '2.0' }, expect: { phase: 'Paused', activeRevision: 1, previewRevision: 2 } },
      {
        do: { abort: true },
        expect: { phase: 'Degraded', aborted: true, podsPerRevision: { 1: 2 }, activeRevision: 1 },
      },
    ],
  },
];
