// The BlueGreenPause: when the engine pauses a blue-green update before switching the active
// Service, and when that pause is over (a person promoted it, or autoPromotionSeconds passed).
import type { BlueGreenStrategy } from '../../api/types/rollout.ts';
import type { PauseCondition } from '../../api/types/rollout-status.ts';

/** The engine manages a pause only when auto-promotion is off or delayed. */
export function needsControllerPause(strategy: BlueGreenStrategy): boolean {
  if (strategy.autoPromotionEnabled === false) return true;
  return (strategy.autoPromotionSeconds ?? 0) > 0;
}

export function blueGreenPauseOf(conditions: PauseCondition[] | undefined): PauseCondition | undefined {
  return conditions?.find((c) => c.reason === 'BlueGreenPause');
}

export interface PauseProgressInput {
  strategy: BlueGreenStrategy;
  pauseConditions: PauseCondition[] | undefined;
  controllerPause: boolean;
  scaleUpPreviewCheckPoint: boolean;
  /** True when this very reconcile adds a pause condition: the pause cannot be over yet. */
  addingPause: boolean;
  now: number;
}

/** When autoPromotionSeconds ends a pause that started at `startTime` (epoch ms), or undefined. */
export function autoPromotionDeadline(strategy: BlueGreenStrategy, startTime: string): number | undefined {
  const seconds = strategy.autoPromotionSeconds ?? 0;
  if (strategy.autoPromotionEnabled === false || seconds <= 0) return undefined;
  return Date.parse(startTime) + seconds * 1000;
}

/**
 * True once the blue-green pause is behind us: promoted by a person (the pause condition was
 * removed while status.controllerPause stays set), or autoPromotionSeconds have passed since the
 * pause began, or no pause is needed at all.
 */
export function completedBlueGreenPause(input: PauseProgressInput): boolean {
  const { strategy } = input;
  if (input.addingPause) return false;
  if (input.scaleUpPreviewCheckPoint) return true;
  if (!needsControllerPause(strategy)) return true;
  const pause = blueGreenPauseOf(input.pauseConditions);
  if (strategy.autoPromotionEnabled !== false) {
    if (!pause) return false;
    const deadline = autoPromotionDeadline(strategy, pause.startTime);
    return deadline !== undefined && input.now > deadline;
  }
  return input.controllerPause && !pause;
}

export interface PauseDecisionInput extends Omit<PauseProgressInput, 'addingPause'> {
  aborted: boolean;
  /** The new ReplicaSet has its target count, all available. */
  newReady: boolean;
  /** spec.paused or an InconclusiveAnalysisRun pause: nothing moves. */
  halted: boolean;
  /** No pause for this update: see isFastTracked. */
  fastTracked: boolean;
  prePromotionComplete: boolean;
}

export type PauseDecision =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'remove' }
  /** Paused, not over yet; look again at `at` (epoch ms) when auto-promotion will end it. */
  | { kind: 'wait'; at?: number };

/** What to do with the BlueGreenPause condition in this reconcile. */
export function decideBlueGreenPause(input: PauseDecisionInput): PauseDecision {
  if (input.aborted || !input.newReady || input.halted) return { kind: 'none' };
  if (input.fastTracked || input.scaleUpPreviewCheckPoint || !needsControllerPause(input.strategy)) {
    return { kind: 'remove' };
  }
  if (!input.prePromotionComplete) return { kind: 'none' };
  const pause = blueGreenPauseOf(input.pauseConditions);
  if (pause) {
    if (completedBlueGreenPause({ ...input, addingPause: false })) return { kind: 'remove' };
    const deadline = autoPromotionDeadline(input.strategy, pause.startTime);
    // Auto-promotion ends the pause strictly after the deadline.
    return deadline === undefined ? { kind: 'wait' } : { kind: 'wait', at: deadline + 1 };
  }
  // No pause condition while controllerPause is set: a person promoted the rollout.
  if (input.controllerPause) return { kind: 'none' };
  return { kind: 'add' };
}
