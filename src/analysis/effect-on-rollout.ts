// What a run's phase means for the rollout that created it.
import type { AnalysisPhase } from '../api/types/analysis.ts';

/**
 * - continue: the run is Successful; the rollout goes on (an inline step completes, a pre-promotion
 *   run allows the switch, a post-promotion run lets the new version become stable);
 * - abort: the run Failed or ended in Error; the rollout aborts and goes back to stable;
 * - pause-inconclusive: the run is Inconclusive; the rollout pauses (InconclusiveAnalysisRun) until
 *   someone promotes or aborts it;
 * - wait: the run has not completed (no phase yet, Pending or Running).
 */
export type RolloutEffect = 'continue' | 'abort' | 'pause-inconclusive' | 'wait';

export function effectOnRollout(phase: AnalysisPhase | undefined): RolloutEffect {
  switch (phase) {
    case 'Successful':
      return 'continue';
    case 'Failed':
    case 'Error':
      return 'abort';
    case 'Inconclusive':
      return 'pause-inconclusive';
    default:
      return 'wait';
  }
}
