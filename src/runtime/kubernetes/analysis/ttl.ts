// spec.ttlStrategy of a completed AnalysisRun: when it may be deleted (epoch ms), as Argo reads it.
// secondsAfterSuccess / secondsAfterFailure win over secondsAfterCompletion for their outcome.
import type { AnalysisRun } from '../../../api/types/analysis.ts';

export function ttlExpiry(run: AnalysisRun): number | undefined {
  const ttl = run.spec.ttlStrategy;
  const completedAt = run.status?.completedAt ? Date.parse(run.status.completedAt) : Number.NaN;
  if (ttl === undefined || Number.isNaN(completedAt)) return undefined;
  const phase = run.status?.phase;
  const seconds =
    phase === 'Successful'
      ? (ttl.secondsAfterSuccess ?? ttl.secondsAfterCompletion)
      : phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive'
        ? (ttl.secondsAfterFailure ?? ttl.secondsAfterCompletion)
        : undefined;
  return seconds === undefined ? undefined : completedAt + seconds * 1000;
}
