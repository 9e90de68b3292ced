// Pod-template shapes that Argo Rollouts' CRDs store (Kubernetes or the controller judge them
// later) and that a fully typed schema refuses: sluice's CRDs must store them too. Used by the
// unit test with the API server's validation code and by the apply test on a real API server.
import type { Json } from '../../../support/json.ts';

export function rollout(podSpec: Json, name = 'web'): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
      strategy: { canary: { steps: [{ setWeight: 20 }] } },
    },
  };
}

const container = (resources: Json) => ({ containers: [{ name: 'web', image: 'web:1', resources }] });

/** Pod-template shapes Argo's CRDs store (Kubernetes or the controller judge them later). */
export const SHAPES: Array<[string, Json]> = [
  ['a whole-number CPU request', rollout(container({ requests: { cpu: 1 } }))],
  ['a fractional CPU request as a number', rollout(container({ requests: { cpu: 0.5 }, limits: { cpu: 1.5 } }))],
  ['a CPU request as a string', rollout(container({ requests: { cpu: '0.001' } }))],
  [
    'a malformed memory request (judged when the pods are made)',
    rollout(container({ requests: { memory: 'invalid' } })),
  ],
  [
    'an init container resource limit as a number',
    rollout({
      ...container({}),
      initContainers: [{ name: 'init', image: 'init:1', resources: { limits: { memory: 134217728.5 } } }],
    }),
  ],
  [
    'a volume with a field Kubernetes does not know',
    rollout({ ...container({}), volumes: [{ name: 'data', emptyDir: {}, sizeLimitt: '1Gi' }] }),
  ],
  [
    'a volume with a wrongly typed field',
    rollout({ ...container({}), volumes: [{ name: 'data', emptyDir: { sizeLimit: 0.5 } }] }),
  ],
  [
    'template metadata with creationTimestamp: null (kubectl create --dry-run output)',
    withTemplateMetadata({ labels: { app: 'web' }, creationTimestamp: null }),
  ],
];

function withTemplateMetadata(metadata: Json): Json {
  const object = rollout(container({}));
  object.spec.template.metadata = metadata;
  return object;
}
