// What a Rollout names by name, with the field naming each: its Services and its analyses. Both
// runtimes check these exist before acting (a missing one is an InvalidSpec problem at that field).
import { deepFreeze, isFrozenObject } from './deep-freeze.ts';
import type { Rollout } from './types/rollout.ts';
import type { RolloutAnalysis } from './types/rollout-analysis.ts';

export type ServiceReference = { readonly field: string; readonly name: string };
export type AnalysisReference = { readonly field: string; readonly analysis: RolloutAnalysis | undefined };

/**
 * What a frozen spec names (deepFreeze: the controller's, read once per change of the Rollout), by
 * the spec: every pass looks its references up. The lists are frozen too.
 */
const servicesOfSpec = new WeakMap<object, readonly ServiceReference[]>();
const analysesOfSpec = new WeakMap<object, readonly AnalysisReference[]>();

function remembered<T>(memo: WeakMap<object, readonly T[]>, rollout: Rollout, make: () => T[]): readonly T[] {
  if (!isFrozenObject(rollout.spec)) return make();
  let known = memo.get(rollout.spec);
  if (!known) memo.set(rollout.spec, (known = deepFreeze(make())));
  return known;
}

/** The Services a rollout names (canary/stable, ping/pong, active/preview). */
export function referencedServices(rollout: Rollout): readonly ServiceReference[] {
  return remembered(servicesOfSpec, rollout, () => servicesNamed(rollout));
}

function servicesNamed(rollout: Rollout): ServiceReference[] {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  const refs: Array<{ field: string; name: string | undefined }> = [
    { field: 'spec.strategy.canary.canaryService', name: canary?.canaryService },
    { field: 'spec.strategy.canary.stableService', name: canary?.stableService },
    { field: 'spec.strategy.canary.pingPong.pingService', name: canary?.pingPong?.pingService },
    { field: 'spec.strategy.canary.pingPong.pongService', name: canary?.pingPong?.pongService },
    { field: 'spec.strategy.blueGreen.activeService', name: blueGreen?.activeService },
    { field: 'spec.strategy.blueGreen.previewService', name: blueGreen?.previewService },
  ];
  return refs.filter((ref): ref is { field: string; name: string } => typeof ref.name === 'string' && ref.name !== '');
}

/** Every place a rollout may name AnalysisTemplates: its steps, background analysis, pre- and post-promotion analysis. */
export function namedAnalyses(rollout: Rollout): readonly AnalysisReference[] {
  return remembered(analysesOfSpec, rollout, () => analysesNamed(rollout));
}

function analysesNamed(rollout: Rollout): AnalysisReference[] {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  return [
    ...(canary?.steps ?? []).map((step, index) => ({
      field: `spec.strategy.canary.steps[${index}].analysis`,
      analysis: step.analysis,
    })),
    { field: 'spec.strategy.canary.analysis', analysis: canary?.analysis },
    { field: 'spec.strategy.blueGreen.prePromotionAnalysis', analysis: blueGreen?.prePromotionAnalysis },
    { field: 'spec.strategy.blueGreen.postPromotionAnalysis', analysis: blueGreen?.postPromotionAnalysis },
  ];
}
