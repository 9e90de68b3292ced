// `pause` steps: a CanaryPauseStep pause condition; a duration ends it, a promote (clearing the
// pause conditions) ends it too.
import type { RolloutPause } from '../../api/types/rollout.ts';
import { requeueAfter, type EngineContext } from '../core/context.ts';
import { addPause, pauseCondition } from '../core/pause.ts';
import { parseTimestamp, wholeSeconds } from '../../conventions/timestamps.ts';
import { pauseDurationSeconds } from '../../api/duration.ts';
import { currentStep, stepsOf } from './steps.ts';

/** Argo's reconcileCanaryPause: returns true while the rollout waits at a pause step. */
export function reconcilePauseStep(ctx: EngineContext): boolean {
  if (ctx.rollout.spec.paused || ctx.previous.promoteFull) return false;
  const total = stepsOf(ctx.rollout).length;
  const { step, index } = currentStep(ctx.rollout, ctx.previous);
  if (total === 0 || index === undefined || index >= total || !step?.pause) return false;
  const condition = pauseCondition(ctx.previous, 'CanaryPauseStep');
  if (!condition) {
    if (ctx.previous.controllerPause) return true;
    addPause(ctx.pause, 'CanaryPauseStep');
    // The condition starts now: its end is known already, so no runtime has to look again to learn it.
    if (step.pause.duration !== undefined) requeueUntilEnd(ctx, wholeSeconds(ctx.now), step.pause.duration);
    return true;
  }
  if (step.pause.duration === undefined) return true;
  const start = parseTimestamp(condition.startTime);
  if (start !== undefined) requeueUntilEnd(ctx, start, step.pause.duration);
  return true;
}

function requeueUntilEnd(ctx: EngineContext, start: number, duration: NonNullable<RolloutPause['duration']>): void {
  const end = start + pauseDurationSeconds(duration) * 1000;
  if (end >= ctx.now) requeueAfter(ctx, end - ctx.now + 1); // the pause is over strictly after its end, as Argo counts it
}

/** Argo's CompletedCanaryPauseStep: resumed by a person, or the duration has passed. */
export function completedPauseStep(ctx: EngineContext, pause: RolloutPause): boolean {
  const condition = pauseCondition(ctx.previous, 'CanaryPauseStep');
  if (ctx.previous.controllerPause && !condition) return true;
  if (pause.duration === undefined || !condition) return false;
  const start = parseTimestamp(condition.startTime);
  if (start === undefined) return false;
  return ctx.now > start + pauseDurationSeconds(pause.duration) * 1000;
}
