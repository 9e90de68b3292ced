// AnalysisRun arguments that name a pod-template hash (`valueFrom.podTemplateHashValue`) are
// resolved by the engine, which knows the revisions; other `valueFrom` forms stay for the runtime.
import type { RolloutAnalysis } from '../../api/types/rollout-analysis.ts';

export function resolvePodTemplateHashArgs(analysis: RolloutAnalysis, stableHash: string | undefined, latestHash: string): RolloutAnalysis {
  if (!analysis.args) return analysis;
  const args = analysis.args.map((arg) => {
    const which = arg.valueFrom?.podTemplateHashValue;
    if (!which) return arg;
    const value = which === 'Stable' ? (stableHash ?? '') : latestHash;
    return { name: arg.name, value };
  });
  return { ...analysis, args };
}
