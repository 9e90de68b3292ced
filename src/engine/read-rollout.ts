// What code outside the engine reads of a rollout the engine's way, to show or count it: the phase
// as displayed, the canary's steps, current step and set weight, the condition reasons, and a pod
// template without its hash label.
export { displayedPhase, type PhaseAndMessage } from './core/phase.ts';
export { currentSetWeight, currentStep, stepsOf, type CurrentStep } from './canary/steps.ts';
export { Reason } from './core/conditions.ts';
export { withoutHashLabel } from './core/revisions.ts';
