// One reconciliation of a canary rollout, in Argo's order: new ReplicaSet and revision, history
// clean-up, services, traffic, experiments, analysis, ReplicaSet scaling, pause step, then the status.
// One difference: a failed analysis run or experiment aborts before traffic and Services, not after them.
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import { stepsHash } from '../../api/pod-template-hash.ts';
import { capabilitySentence, missingStepActions } from '../../api/capabilities.ts';
import { formatPath } from '../../api/manifests/field-path.ts';
import type { EngineContext } from '../core/context.ts';
import { newCondition, Reason, setCondition } from '../core/conditions.ts';
import { cleanUpRevisionHistory } from '../core/history.ts';
import { ensureNewReplicaSet } from '../core/new-replicaset.ts';
import { reconcileEphemeralMetadata } from '../core/ephemeral-metadata.ts';
import { hasAddedPause } from '../core/pause.ts';
import { podTemplateOrStepsChanged } from '../core/revisions.ts';
import { pausedConditions } from '../core/status.ts';
import { abortOnFailedRun, reconcileCanaryAnalysis, type CurrentRuns } from './analysis.ts';
import { reconcileCanaryReplicaSets } from './replica-sets.ts';
import { reconcilePauseStep } from './pause-step.ts';
import { reconcileCanaryServices } from './services.ts';
import { reconcileTraffic } from './traffic.ts';
import { syncCanaryStatus } from './status.ts';
import { currentStep, stepsOf } from './steps.ts';
import { reconcileRestart } from '../core/restart.ts';
import { reconcileCanaryExperiments } from './experiments.ts';

export function reconcileCanary(ctx: EngineContext): RolloutStatus {
  pausedConditions(ctx);
  const steps = stepsOf(ctx.rollout);
  const noRuns: CurrentRuns = { step: undefined, background: undefined };
  // As Argo (newRolloutContext), the new ReplicaSet is created before anything else, so its
  // RolloutUpdated and NewReplicaSetCreated events come before the status' RolloutNotCompleted.
  ensureNewReplicaSet(ctx, true);
  if (podTemplateOrStepsChanged(ctx.observed, ctx.roles, stepsHash(steps))) return syncCanaryStatus(ctx, true, noRuns);
  reconcileRestart(ctx);
  reconcileEphemeralMetadata(ctx);
  cleanUpRevisionHistory(ctx, ctx.roles.otherRSs);
  abortOnFailedRun(ctx);
  // Before traffic, as a failed analysis run: a failed experiment takes the canary's traffic back in this pass.
  const experiment = reconcileCanaryExperiments(ctx);
  // The Services are decided from the traffic (a canary Service goes back to stable once no weight
  // is left on it), but their Events come first, as Argo points the Services
  // (reconcileStableAndCanaryService) before it writes the weights (reconcileTrafficRouting).
  const beforeTraffic = ctx.events.length;
  const traffic = reconcileTraffic(ctx);
  const trafficEvents = ctx.events.splice(beforeTraffic);
  reconcileCanaryServices(ctx, traffic.canaryServiceToStable);
  ctx.events.push(...trafficEvents);
  const runs = reconcileCanaryAnalysis(ctx);
  if (hasAddedPause(ctx.pause)) return withNotImplemented(ctx, syncCanaryStatus(ctx, false, runs, experiment));
  if (!reconcileCanaryReplicaSets(ctx)) reconcilePauseStep(ctx);
  return withNotImplemented(ctx, syncCanaryStatus(ctx, false, runs, experiment));
}

/**
 * A step with an action the capability table says sluice lacks (plugin) holds the
 * rollout there (completedCurrentStep never completes it) with an InvalidSpec condition that says
 * so, in the table's sentence; promote skips the step, abort goes back to stable.
 */
function withNotImplemented(ctx: EngineContext, status: RolloutStatus): RolloutStatus {
  const { step, index } = currentStep(ctx.rollout, status);
  const lacking = step ? missingStepActions(step) : [];
  if (lacking.length === 0 || index === undefined || status.abort) return status;
  const path = (field: string) => formatPath(['spec', 'strategy', 'canary', 'steps', index, field]);
  const message = lacking
    .map((capability) => `${path(capability.field)}: ${capabilitySentence(capability)}`)
    .join('; ');
  setCondition(status, newCondition('InvalidSpec', 'True', Reason.NotImplemented, message, ctx.now));
  return { ...status, phase: 'Degraded', message: `InvalidSpec: ${message}` };
}
