// The step list of the dashboard's rollout page: each canary step with whether it is done, the
// current one, or still to come; for a blue-green rollout its phases (pre-promotion analysis, the
// preview waiting for promotion, the switch of the active service, post-promotion analysis).
import type { CanaryStep, Rollout } from '../api/types/rollout.ts';
import type { RolloutAnalysis } from '../api/types/rollout-analysis.ts';
import { stepsOf } from '../engine/read-rollout.ts';

export type StepKind =
  | 'setWeight'
  | 'pause'
  | 'analysis'
  | 'experiment'
  | 'setCanaryScale'
  | 'setHeaderRoute'
  | 'setMirrorRoute'
  | 'plugin';

export type StepState = 'done' | 'current' | 'pending';

/** One step as the page lists it (the contract's StepView). */
export interface StepView {
  index: number;
  text: string;
  kind: StepKind;
  state: StepState;
}

export function stepViews(rollout: Rollout): StepView[] {
  if (rollout.spec.strategy.canary) return canarySteps(rollout);
  if (rollout.spec.strategy.blueGreen) return blueGreenPhases(rollout);
  return [];
}

function canarySteps(rollout: Rollout): StepView[] {
  const steps = stepsOf(rollout);
  const status = rollout.status;
  // Without a status the controller has not seen the rollout yet: nothing is under way.
  const current = status?.currentStepIndex;
  return steps.map((step, index) => {
    const { kind, text } = describeStep(step);
    let state: StepState = 'pending';
    if (current !== undefined) state = index < current ? 'done' : index === current ? 'current' : 'pending';
    return { index, kind, text, state };
  });
}

/** What a canary step does, in a few words. */
export function describeStep(step: CanaryStep): { kind: StepKind; text: string } {
  if (step.setWeight !== undefined) return { kind: 'setWeight', text: `setWeight: ${step.setWeight}` };
  if (step.pause !== undefined) {
    const duration = step.pause.duration;
    if (duration === undefined) return { kind: 'pause', text: 'pause (until promoted)' };
    return { kind: 'pause', text: `pause: ${typeof duration === 'number' ? `${duration}s` : duration}` };
  }
  if (step.analysis !== undefined) return { kind: 'analysis', text: `analysis: ${templateNames(step.analysis)}` };
  if (step.experiment !== undefined) {
    const names = step.experiment.templates.map((template) => template.name).join(', ');
    const duration = step.experiment.duration ? ` for ${step.experiment.duration}` : '';
    return { kind: 'experiment', text: `experiment: ${names}${duration}` };
  }
  if (step.setCanaryScale !== undefined) {
    const scale = step.setCanaryScale;
    const what = scale.matchTrafficWeight
      ? 'matchTrafficWeight'
      : scale.replicas !== undefined
        ? `replicas ${scale.replicas}`
        : `weight ${scale.weight ?? 0}`;
    return { kind: 'setCanaryScale', text: `setCanaryScale: ${what}` };
  }
  if (step.setHeaderRoute !== undefined)
    return {
      kind: 'setHeaderRoute',
      text: `setHeaderRoute: ${step.setHeaderRoute.name ?? ''}${step.setHeaderRoute.match ? '' : ' (removed)'}`,
    };
  if (step.setMirrorRoute !== undefined) {
    const mirror = step.setMirrorRoute;
    const share = mirror.match && mirror.percentage !== undefined ? ` (${mirror.percentage}%)` : '';
    return { kind: 'setMirrorRoute', text: `setMirrorRoute: ${mirror.name}${mirror.match ? share : ' (removed)'}` };
  }
  if (step.plugin !== undefined) return { kind: 'plugin', text: `plugin: ${step.plugin.name}` };
  return { kind: 'plugin', text: 'unknown step' };
}

function templateNames(analysis: RolloutAnalysis): string {
  return (analysis.templates ?? []).map((template) => template.templateName ?? '').join(', ');
}

function blueGreenPhases(rollout: Rollout): StepView[] {
  const strategy = rollout.spec.strategy.blueGreen;
  if (!strategy) return [];
  const status = rollout.status;
  const phases: Array<{ kind: StepKind; text: string; stage: number }> = [];
  if (strategy.prePromotionAnalysis)
    phases.push({
      kind: 'analysis',
      text: `pre-promotion analysis: ${templateNames(strategy.prePromotionAnalysis)}`,
      stage: 0,
    });
  const waits =
    strategy.autoPromotionEnabled === false
      ? 'preview: pause (until promoted)'
      : strategy.autoPromotionSeconds
        ? `preview: pause: ${strategy.autoPromotionSeconds}s`
        : 'preview: promoted once ready';
  phases.push({ kind: 'pause', text: waits, stage: 1 });
  phases.push({ kind: 'setWeight', text: 'switch the active service to the new version', stage: 2 });
  if (strategy.postPromotionAnalysis)
    phases.push({
      kind: 'analysis',
      text: `post-promotion analysis: ${templateNames(strategy.postPromotionAnalysis)}`,
      stage: 3,
    });
  const stage = blueGreenStage(rollout);
  return phases.map((phase, index) => ({
    index,
    kind: phase.kind,
    text: phase.text,
    state: phase.stage < stage ? 'done' : phase.stage === stage ? 'current' : 'pending',
  }));

  /** 0 pre-promotion analysis, 1 preview, 2 switching, 3 post-promotion analysis, 4 complete; -1 not started. */
  function blueGreenStage(subject: Rollout): number {
    if (!status?.currentPodHash) return -1;
    if (status.abort) return -1;
    if (status.stableRS === status.currentPodHash) return 4;
    const active = status.blueGreen?.activeSelector;
    if (active === status.currentPodHash) return subject.spec.strategy.blueGreen?.postPromotionAnalysis ? 3 : 4;
    const paused = (status.pauseConditions ?? []).some((condition) => condition.reason === 'BlueGreenPause');
    if (paused) return 1;
    if (strategy?.prePromotionAnalysis && status.blueGreen?.prePromotionAnalysisRunStatus?.status !== 'Successful')
      return 0;
    return 1;
  }
}
