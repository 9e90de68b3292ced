// Reading the canary steps: the current step, the weight in effect, setCanaryScale, and how Argo
// names a step in its events.
import type { CanaryStep, Rollout, SetCanaryScale } from '../../api/types/rollout.ts';
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import { pauseDurationSeconds } from '../../api/duration.ts';
import { maxTrafficWeightOf } from '../../api/defaults.ts';
import { abortScaleDownDelay } from '../core/scale-down-delay.ts';

export function stepsOf(rollout: Rollout): CanaryStep[] {
  return rollout.spec.strategy.canary?.steps ?? [];
}

export interface CurrentStep {
  /** undefined when every step was carried out (or there are no steps). */
  step: CanaryStep | undefined;
  /** undefined when the rollout has no steps. */
  index: number | undefined;
}

/** Argo's GetCurrentCanaryStep, reading status.currentStepIndex (0 when unset). */
export function currentStep(rollout: Rollout, status: RolloutStatus): CurrentStep {
  const steps = stepsOf(rollout);
  if (steps.length === 0) return { step: undefined, index: undefined };
  const index = status.currentStepIndex ?? 0;
  return { step: steps[index], index };
}

/** The last setWeight at or before the current step; the whole (maxTrafficWeight, 100 by default) after the last step; 0 while aborted. */
export function currentSetWeight(rollout: Rollout, status: RolloutStatus): number {
  if (status.abort) return 0;
  const { step, index } = currentStep(rollout, status);
  if (!step || index === undefined) return maxTrafficWeightOf(rollout);
  const steps = stepsOf(rollout);
  for (let i = index; i >= 0; i--) {
    const weight = steps[i]?.setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/** The setCanaryScale in effect (traffic routing only), or undefined when replicas follow the weight. */
export function setCanaryScaleInEffect(rollout: Rollout, status: RolloutStatus): SetCanaryScale | undefined {
  const canary = rollout.spec.strategy.canary;
  if (!canary?.trafficRouting) return undefined;
  if (status.abort && abortScaleDownDelay(rollout).seconds !== undefined) return undefined;
  const { step, index } = currentStep(rollout, status);
  if (!step || index === undefined) return undefined;
  const steps = stepsOf(rollout);
  for (let i = index; i >= 0; i--) {
    const scale = steps[i]?.setCanaryScale;
    if (!scale) continue;
    if (scale.matchTrafficWeight) return undefined;
    return scale;
  }
  return undefined;
}

/** Argo's GetCanaryReplicasOrWeight: a fixed canary replica count, or the weight replicas follow. */
export function canaryReplicasOrWeight(rollout: Rollout, status: RolloutStatus): { replicas?: number; weight: number } {
  if (status.promoteFull || !status.stableRS || status.currentPodHash === status.stableRS)
    return { weight: maxTrafficWeightOf(rollout) };
  const scale = setCanaryScaleInEffect(rollout, status);
  if (scale?.replicas !== undefined) return { replicas: scale.replicas, weight: 0 };
  if (scale?.weight !== undefined) return { weight: scale.weight };
  return { weight: currentSetWeight(rollout, status) };
}

/** Argo's CanaryStepString, used in RolloutStepCompleted events. */
export function describeStep(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause) {
    if (step.pause.duration === undefined) return 'pause';
    return `pause: ${formatPauseDuration(step.pause.duration)}`;
  }
  if (step.experiment) return 'experiment';
  if (step.analysis) return 'analysis';
  if (step.setCanaryScale) {
    if (step.setCanaryScale.weight !== undefined) return `setCanaryScale{weight: ${step.setCanaryScale.weight}}`;
    if (step.setCanaryScale.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
    if (step.setCanaryScale.replicas !== undefined) return `setCanaryScale{replicas: ${step.setCanaryScale.replicas}}`;
  }
  if (step.setHeaderRoute) return `setHeaderRoute: ${step.setHeaderRoute.name ?? ''}`;
  if (step.setMirrorRoute) return `setMirrorRoute: ${step.setMirrorRoute.name}`;
  if (step.plugin) return `plugin: ${step.plugin.name}`;
  return 'invalid';
}

function formatPauseDuration(duration: number | string): string {
  return typeof duration === 'number' ? String(duration) : duration;
}

export function pauseSeconds(step: CanaryStep): number | undefined {
  if (step.pause?.duration === undefined) return undefined;
  return pauseDurationSeconds(step.pause.duration);
}

/** Steps that wait without a progress deadline: pause, analysis, experiment. */
export function isIndefiniteStep(rollout: Rollout, status: RolloutStatus): boolean {
  const { step } = currentStep(rollout, status);
  return (
    step !== undefined && (step.experiment !== undefined || step.analysis !== undefined || step.pause !== undefined)
  );
}

/** Whether the analysis block starts only at a later step (`analysis.startingStep`). */
export function beforeStartingStep(rollout: Rollout, status: RolloutStatus): boolean {
  const startingStep = rollout.spec.strategy.canary?.analysis?.startingStep;
  if (startingStep === undefined) return false;
  const { index } = currentStep(rollout, status);
  if (index === undefined) return false;
  return index < startingStep;
}
