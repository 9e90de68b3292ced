// Rollout manifests for engine tests.
import type { CanaryStep, CanaryStrategy, Rollout } from '../../../../src/api/types/rollout.ts';

export interface CanaryFixture {
  name?: string;
  replicas?: number;
  steps?: CanaryStep[];
  image?: string;
  canary?: Partial<CanaryStrategy>;
}

export function canaryRollout(fixture: CanaryFixture = {}): Rollout {
  const canary: CanaryStrategy = { ...(fixture.canary ?? {}) };
  if (fixture.steps) canary.steps = fixture.steps;
  const rollout: Rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: fixture.name ?? 'app', namespace: 'default', generation: 1 },
    spec: {
      selector: { matchLabels: { app: fixture.name ?? 'app' } },
      template: {
        metadata: { labels: { app: fixture.name ?? 'app' } },
        spec: { containers: [{ name: 'app', image: fixture.image ?? 'app:1' }] },
      },
      strategy: { canary },
    },
  };
  if (fixture.replicas !== undefined) rollout.spec.replicas = fixture.replicas;
  return rollout;
}

/** Istio host-level split: stable and canary Services, one VirtualService. */
export function istioHostLevel(): Partial<CanaryStrategy> {
  return {
    stableService: 'app-stable',
    canaryService: 'app-canary',
    trafficRouting: { istio: { virtualService: { name: 'app-vs', routes: ['primary'] } } },
  };
}

/** Istio subset-level split: one Service, a DestinationRule with stable and canary subsets. */
export function istioSubsetLevel(): Partial<CanaryStrategy> {
  return {
    trafficRouting: {
      istio: {
        virtualService: { name: 'app-vs', routes: ['primary'] },
        destinationRule: { name: 'app-dr', canarySubsetName: 'canary', stableSubsetName: 'stable' },
      },
      managedRoutes: [{ name: 'header-route' }],
    },
  };
}
