// ReplicaSets and AnalysisRuns for the blue-green decision tests.
import type { ObservedAnalysisRun, ObservedReplicaSet } from '../../../../src/engine/types.ts';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

export function rs(hash: string, fields: Partial<ObservedReplicaSet> = {}): ObservedReplicaSet {
  const replicas = fields.replicas ?? 3;
  return {
    name: `myapp-${hash}`,
    podTemplateHash: hash,
    revision: 1,
    template: {},
    replicas,
    currentReplicas: replicas,
    readyReplicas: fields.availableReplicas ?? replicas,
    availableReplicas: replicas,
    createdAt: T0,
    annotations: {},
    ...fields,
  };
}

export function run(name: string, fields: Partial<ObservedAnalysisRun> = {}): ObservedAnalysisRun {
  return { name, kind: 'PrePromotion', podTemplateHash: 'green', phase: 'Running', createdAt: T0, ...fields };
}

export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString().replace('.000Z', 'Z');
}
