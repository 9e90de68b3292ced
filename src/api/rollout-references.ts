// What a Rollout names by name, with the field naming each: its Services and its analyses. Both
// runtimes check these exist before acting (a missing one is an InvalidSpec problem at that field).
import type { Rollout } from './types/rollout.ts';
import type { RolloutAnalysis } from './types/rollout-analysis.ts';

/** The Services a rollout names (canary/stable, ping/pong, active/preview). */
export function referencedServices(rollout: Rollout): Array<{ field: string; name: string }> {
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
export function namedAnalyses(rollout: Rollout): Array<{ field: string; analysis: RolloutAnalysis | undefined }> {
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
