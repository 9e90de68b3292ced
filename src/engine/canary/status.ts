// Argo's syncRolloutStatusCanary: step index, stable promotion, abort bookkeeping, conditions.
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import { replicasOf } from '../../api/defaults.ts';
import { stepsHash } from '../../api/pod-template-hash.ts';
import { missingStepActions } from '../../api/capabilities.ts';
import { emitEvent, type EngineContext } from '../core/context.ts';
import { Message, Reason } from '../core/conditions.ts';
import { clearPauses, isAborted, removeAbort, removePause } from '../core/pause.ts';
import { baseStatus, calculateConditions, finalizeStatus, promoteStable } from '../core/status.ts';
import { rollbackWithinWindow } from '../core/rollback-window.ts';
import { atDesiredCounts } from './replica-math.ts';
import { replicaProgressThresholdMet, thresholdOf } from './replica-progress.ts';
import { completedPauseStep } from './pause-step.ts';
import { currentStep, describeStep, isIndefiniteStep, stepsOf } from './steps.ts';
import type { CurrentRuns } from './analysis.ts';
import { experimentStepCompleted } from './experiments.ts';
import type { ObservedRolloutExperiment } from '../types.ts';

const indefinite = (ctx: EngineContext) => isIndefiniteStep(ctx.rollout, ctx.previous);

export function syncCanaryStatus(
  ctx: EngineContext,
  templateChanged: boolean,
  runs: CurrentRuns,
  experiment?: ObservedRolloutExperiment,
): RolloutStatus {
  const next = baseStatus(ctx);
  const steps = stepsOf(ctx.rollout);
  const stepCount = steps.length;
  const current = currentStep(ctx.rollout, ctx.previous);
  let index = current.index;
  if (ctx.previous.stableRS !== undefined) next.stableRS = ctx.previous.stableRS;
  const stablePingPong = ctx.previous.canary?.stablePingPong;
  if (stablePingPong) next.canary = { ...next.canary, stablePingPong };
  if (ctx.rollout.spec.strategy.canary) next.currentStepHash = stepsHash(steps);

  if (templateChanged) {
    clearPauses(ctx.pause);
    removeAbort(ctx.pause);
    delete next.promoteFull;
    if (next.canary) {
      delete next.canary.currentStepAnalysisRunStatus;
      delete next.canary.currentBackgroundAnalysisRunStatus;
    }
    index = stepCount > 0 ? 0 : undefined;
    const { newRS } = ctx.roles;
    if (newRS && stepCount > 0) {
      if (ctx.previous.stableRS === newRS.podTemplateHash) {
        emitEvent(ctx, 'Normal', Reason.SkipSteps, 'Rollback to stable ReplicaSets');
        index = stepCount;
      } else if (rollbackWithinWindow(ctx) && newRS.replicas > 0) {
        emitEvent(ctx, 'Normal', Reason.SkipSteps, 'Rollback to active ReplicaSets within RollbackWindow');
        index = stepCount;
      }
    }
    setIndex(next, index);
    return finish(ctx, next);
  }

  if (ctx.previous.promoteFull || rollbackWithinWindow(ctx)) {
    clearPauses(ctx.pause);
    removeAbort(ctx.pause);
    if (stepCount > 0) index = stepCount;
  }

  const reason = fullPromotionReason(ctx);
  if (reason) {
    promoteCanary(ctx, next, reason);
    return finish(ctx, next);
  }

  if (isAborted(ctx.pause)) {
    if (stepCount > 0) index = next.stableRS === next.currentPodHash ? stepCount : 0;
    setIndex(next, index);
    return finish(ctx, next);
  }

  if (current.step && current.index !== undefined && completedCurrentStep(ctx, runs, experiment)) {
    index = current.index + 1;
    if (next.canary) delete next.canary.currentStepAnalysisRunStatus;
    emitEvent(
      ctx,
      'Normal',
      Reason.RolloutStepCompleted,
      Message.stepCompleted(index, stepCount, describeStep(current.step)),
    );
    removePause(ctx.pause, 'CanaryPauseStep');
  }
  setIndex(next, index);
  return finish(ctx, next);
}

function setIndex(next: RolloutStatus, index: number | undefined): void {
  if (index === undefined) delete next.currentStepIndex;
  else next.currentStepIndex = index;
}

function finish(ctx: EngineContext, decided: RolloutStatus): RolloutStatus {
  const next = withoutEmptyCanary(decided);
  calculateConditions(ctx, next, indefinite);
  return finalizeStatus(ctx, next, indefinite);
}

/**
 * The status without an empty `canary`, as a copy: deleting a field from an object (here its first)
 * turns it into a slow dictionary object for every later read of the pass (the look-ahead's next
 * decision copies it, the status write compares it).
 */
function withoutEmptyCanary(next: RolloutStatus): RolloutStatus {
  if (!next.canary || Object.keys(next.canary).length > 0) return next;
  const { canary: _empty, ...rest } = next;
  return rest;
}

/** Argo's shouldFullPromote for a canary. */
function fullPromotionReason(ctx: EngineContext): string {
  if (!ctx.roles.stableRS) return 'Initial deploy';
  if (isAborted(ctx.pause)) return '';
  const { newRS } = ctx.roles;
  // As Argo v1.10: a canary with fewer available pods than desired blocks promotion unless the
  // replicaProgressThreshold is met; more than desired (an HPA scaled the rollout down) does not.
  const replicas = replicasOf(ctx.rollout);
  if (
    !newRS ||
    (newRS.availableReplicas < replicas && !replicaProgressThresholdMet(thresholdOf(ctx.rollout), newRS, replicas))
  )
    return '';
  if (ctx.previous.promoteFull) return 'Full promotion requested';
  if (rollbackWithinWindow(ctx)) return 'Rollback within window';
  const stepCount = stepsOf(ctx.rollout).length;
  const previousIndex = currentStep(ctx.rollout, ctx.previous).index;
  if (stepCount === 0 || previousIndex === stepCount) {
    return `Completed all ${stepCount} canary steps`;
  }
  return '';
}

function promoteCanary(ctx: EngineContext, next: RolloutStatus, reason: string): void {
  const stepCount = stepsOf(ctx.rollout).length;
  setIndex(next, stepCount > 0 ? stepCount : undefined);
  promoteStable(ctx, next, reason);
}

/** Argo's completedCurrentCanaryStep. */
function completedCurrentStep(
  ctx: EngineContext,
  runs: CurrentRuns,
  experiment: ObservedRolloutExperiment | undefined,
): boolean {
  if (ctx.rollout.spec.paused) return false;
  const { step } = currentStep(ctx.rollout, ctx.previous);
  if (!step) return false;
  const { newRS, stableRS, otherRSs } = ctx.roles;
  const weights = ctx.partial.canary?.weights;
  // A step with an action sluice lacks waits whatever else it does (see withNotImplemented).
  if (missingStepActions(step).length > 0) return false;
  if (step.pause) return completedPauseStep(ctx, step.pause);
  if (step.setCanaryScale) return atDesiredCounts(ctx.rollout, ctx.previous, newRS, stableRS, otherRSs, weights);
  if (step.setWeight !== undefined) {
    if (!atDesiredCounts(ctx.rollout, ctx.previous, newRS, stableRS, otherRSs, weights)) return false;
    return weights?.verified !== false;
  }
  if (step.experiment) return experimentStepCompleted(experiment);
  if (step.analysis) return runs.step?.phase === 'Successful';
  if (step.setHeaderRoute || step.setMirrorRoute) return true;
  return false;
}
