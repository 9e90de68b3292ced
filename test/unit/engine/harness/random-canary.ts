// Random canary scenarios for property tests: a rollout shape and a sequence of events (time,
// new images, failing pods, control requests, analysis outcomes) applied to a SimulatedCluster.
import fc from 'fast-check';
import type { CanaryStep } from '../../../../src/api/types/rollout.ts';
import { promotePatch } from '../../../../src/engine/control/promote.ts';
import type { SimulatedCluster } from './cluster.ts';

export type Event =
  | { kind: 'time'; ms: number }
  | { kind: 'image'; version: number }
  | { kind: 'failCanary'; pods: number }
  | { kind: 'failStable'; pods: number }
  | { kind: 'promote' }
  | { kind: 'promoteFull' }
  | { kind: 'abort' }
  | { kind: 'retry' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'analysis'; phase: 'Successful' | 'Failed' | 'Error' | 'Inconclusive' };

const stepArb: fc.Arbitrary<CanaryStep> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((w) => ({ setWeight: w })),
  fc.constantFrom<CanaryStep>({ pause: {} }, { pause: { duration: '5s' } }, { pause: { duration: 20 } }),
  fc.constant<CanaryStep>({ analysis: { templates: [{ templateName: 'success-rate' }] } }),
);

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 90_000 }).map((ms) => ({ kind: 'time' as const, ms })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }).map((version) => ({ kind: 'image' as const, version })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((pods) => ({ kind: 'failCanary' as const, pods })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((pods) => ({ kind: 'failStable' as const, pods })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Event>(
      { kind: 'promote' },
      { kind: 'promoteFull' },
      { kind: 'abort' },
      { kind: 'retry' },
      { kind: 'pause' },
      { kind: 'resume' },
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('Successful', 'Failed', 'Error', 'Inconclusive')
      .map((phase) => ({ kind: 'analysis' as const, phase })),
  },
);

export const scenarioArb = fc.record({
  replicas: fc.integer({ min: 1, max: 6 }),
  routed: fc.boolean(),
  dynamicStableScale: fc.boolean(),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }),
  readyDelayMs: fc.integer({ min: 0, max: 5000 }),
  events: fc.array(eventArb, { maxLength: 25 }),
});

export function apply(cluster: SimulatedCluster, event: Event): void {
  switch (event.kind) {
    case 'time':
      cluster.advance(event.ms, 2000);
      return;
    case 'image':
      cluster.setImage(`app:${event.version}`);
      return;
    case 'failCanary':
    case 'failStable': {
      const hash = event.kind === 'failCanary' ? cluster.status.currentPodHash : cluster.status.stableRS;
      const rs = [...cluster.replicaSets.values()].find((r) => r.podTemplateHash === hash);
      if (rs) cluster.failPods(rs.name, event.pods);
      return;
    }
    case 'promote':
    case 'promoteFull': {
      const patch = promotePatch(cluster.rollout, { full: event.kind === 'promoteFull' });
      if (patch.spec) cluster.updateSpec((spec) => Object.assign(spec, patch.spec));
      if (patch.status) cluster.patchStatus(patch.status);
      return;
    }
    case 'abort':
      cluster.patchStatus({ abort: true });
      return;
    case 'retry':
      if (cluster.status.abort) cluster.patchStatus({ abort: false });
      return;
    case 'pause':
      cluster.updateSpec((spec) => (spec.paused = true));
      return;
    case 'resume':
      cluster.updateSpec((spec) => (spec.paused = false));
      if ((cluster.status.pauseConditions ?? []).length > 0) cluster.patchStatus({ pauseConditions: null });
      return;
    case 'analysis':
      for (const run of cluster.analysisRuns.values()) if (run.phase === 'Running') run.phase = event.phase;
      return;
  }
}
