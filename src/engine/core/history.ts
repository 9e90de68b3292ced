// revisionHistoryLimit: delete the oldest scaled-down ReplicaSets beyond the limit, with the
// AnalysisRuns that belong to them.
import type { ObservedReplicaSet } from '../types.ts';
import { revisionHistoryLimitOf } from '../../api/defaults.ts';
import type { EngineContext } from './context.ts';

export function cleanUpRevisionHistory(ctx: EngineContext, otherRSs: ObservedReplicaSet[]): void {
  const limit = revisionHistoryLimitOf(ctx.rollout);
  const excess = otherRSs.length - limit;
  if (excess <= 0) return;
  const oldestFirst = [...otherRSs].sort((a, b) => a.createdAt - b.createdAt || a.revision - b.revision);
  for (const rs of oldestFirst.slice(0, excess)) {
    if (rs.replicas !== 0 || rs.currentReplicas !== 0) continue;
    ctx.actions.push({ type: 'deleteReplicaSet', name: rs.name });
    for (const run of ctx.observed.analysisRuns) {
      if (run.podTemplateHash === rs.podTemplateHash) ctx.actions.push({ type: 'deleteAnalysisRun', name: run.name });
    }
  }
}
