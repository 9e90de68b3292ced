// The status fields every strategy shares: replica counts, the conditions Argo computes after
// each reconciliation (Healthy, Progressing, Available, Completed, Paused), and the final touches
// (pause bookkeeping, observedGeneration, phase and message, state-change events, requeue).
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import { replicasOf } from '../../api/defaults.ts';
import { nextStablePingPong } from '../../api/ping-pong.ts';
import { allReplicaSets, emitEvent, requeueAfter, rolloutName, type EngineContext } from './context.ts';
import { getCondition, Message, newCondition, Reason, removeCondition, setCondition } from './conditions.ts';
import { applyPauseBook, addAbort, clearPauses, isAborted, removeAbort } from './pause.ts';
import { calculatePhase } from './phase.ts';
import { actualReplicas, availableReplicas, readyReplicas } from './replica-counts.ts';
import { rolloutTimedOut, timeUntilDeadline, waitingForScaleDown } from './progress-deadline.ts';
import { formatLabelSelector } from './label-selector.ts';
import { isSaturated } from './saturation.ts';
import { scaleDownOnSuccess } from './workload-ref.ts';

/** Argo's calculateBaseStatus. */
export function baseStatus(ctx: EngineContext): RolloutStatus {
  const all = allReplicaSets(ctx);
  const prev = ctx.previous;
  const next: RolloutStatus = { ...ctx.partial };
  next.currentPodHash = ctx.roles.currentPodHash;
  next.replicas = actualReplicas(all);
  next.updatedReplicas = actualReplicas([ctx.roles.newRS]);
  next.readyReplicas = readyReplicas(all);
  next.availableReplicas = availableReplicas(all);
  if (prev.collisionCount !== undefined) next.collisionCount = prev.collisionCount;
  next.conditions = (prev.conditions ?? []).filter((c) => c.type !== 'InvalidSpec');
  if (next.currentPodHash !== prev.stableRS && prev.promoteFull) next.promoteFull = true;
  else delete next.promoteFull;
  next.HPAReplicas = actualReplicas(all);
  next.selector = formatLabelSelector(ctx.rollout.spec.selector);
  return next;
}

export function generationOf(ctx: EngineContext): string {
  return String(ctx.rollout.metadata.generation ?? 1);
}

/** Argo's RolloutHealthy: everything updated and available, the previous status saw this generation. */
export function rolloutHealthy(ctx: EngineContext, next: RolloutStatus): boolean {
  const replicas = replicasOf(ctx.rollout);
  const { canary, blueGreen } = ctx.rollout.spec.strategy;
  let completedStrategy = true;
  if (blueGreen) {
    const activeDone = next.blueGreen?.activeSelector === next.currentPodHash;
    const previewDone = !blueGreen.previewService || next.blueGreen?.previewSelector === next.currentPodHash;
    completedStrategy = activeDone && previewDone;
  }
  if (canary) {
    const steps = canary.steps?.length ?? 0;
    const allSteps = steps === 0 || next.currentStepIndex === undefined || next.currentStepIndex === steps;
    const currentIsStable = !!next.stableRS && next.stableRS === next.currentPodHash;
    completedStrategy = allSteps && currentIsStable && next.replicas === replicas;
  }
  return (
    next.updatedReplicas === replicas &&
    next.availableReplicas === replicas &&
    ctx.previous.observedGeneration === generationOf(ctx) &&
    completedStrategy
  );
}

function rolloutProgressing(ctx: EngineContext, next: RolloutStatus): boolean {
  const old = ctx.previous;
  let strategyProgress = false;
  if (ctx.rollout.spec.strategy.blueGreen) {
    strategyProgress =
      old.blueGreen?.activeSelector !== next.blueGreen?.activeSelector ||
      old.blueGreen?.previewSelector !== next.blueGreen?.previewSelector;
  }
  if (ctx.rollout.spec.strategy.canary) {
    const stepMoved =
      next.currentStepIndex !== undefined &&
      old.currentStepIndex !== undefined &&
      next.currentStepIndex !== old.currentStepIndex;
    strategyProgress = next.stableRS !== old.stableRS || stepMoved || next.currentStepHash !== old.currentStepHash;
  }
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) !== (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0) ||
    strategyProgress
  );
}

/** Whether the current canary step waits without a deadline (pause, analysis, experiment). */
export type IndefiniteStep = (ctx: EngineContext) => boolean;

/** Argo's calculateRolloutConditions. */
export function calculateConditions(
  ctx: EngineContext,
  next: RolloutStatus,
  indefiniteStep: IndefiniteStep,
): RolloutStatus {
  const prev = ctx.previous;
  const isPaused = (prev.pauseConditions ?? []).length > 0 || ctx.rollout.spec.paused === true;
  const aborted = isAborted(ctx.pause);
  const name = rolloutName(ctx);
  const newRSName = ctx.roles.newRS?.name;
  const healthy = rolloutHealthy(ctx, next);

  let becameUnhealthy = false;
  const healthyBefore = getCondition(prev, 'Healthy');
  if (!isPaused && healthy) {
    setCondition(next, newCondition('Healthy', 'True', Reason.RolloutHealthy, Message.healthy, ctx.now));
  } else if (healthyBefore) {
    becameUnhealthy = setCondition(
      next,
      newCondition('Healthy', 'False', Reason.RolloutHealthy, Message.notHealthy, ctx.now),
    );
  }

  if (aborted) {
    let message = Message.aborted(ctx.revision);
    if (ctx.pause.abortMessage) message = `${message}: ${ctx.pause.abortMessage}`;
    if (setCondition(next, newCondition('Progressing', 'False', Reason.RolloutAborted, message, ctx.now))) {
      emitEvent(ctx, 'Warning', Reason.RolloutAborted, message);
    }
  }

  const progressingBefore = getCondition(prev, 'Progressing');
  if (!aborted) {
    if (healthy) {
      const message = Message.replicaSetCompleted(newRSName ?? '');
      setCondition(next, newCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, message, ctx.now));
    } else if (rolloutProgressing(ctx, next) || becameUnhealthy) {
      let message = newRSName ? Message.replicaSetProgressing(newRSName) : Message.rolloutProgressing(name);
      let reason: string = Reason.ReplicaSetUpdated;
      if (next.stableRS === next.currentPodHash && becameUnhealthy) {
        reason = Reason.ReplicaSetNotAvailable;
        message = Message.notAvailable;
      }
      const condition = newCondition('Progressing', 'True', reason, message, ctx.now);
      if (progressingBefore?.status === 'True') condition.lastTransitionTime = progressingBefore.lastTransitionTime;
      removeCondition(next, 'Progressing');
      setCondition(next, condition);
    } else if (!indefiniteStep(ctx) && !waitingForScaleDown(ctx.roles) && rolloutTimedOut(ctx.rollout, next, ctx.now)) {
      const message = newRSName ? Message.replicaSetTimedOut(newRSName) : Message.rolloutTimedOut(name);
      const changed = setCondition(next, newCondition('Progressing', 'False', Reason.TimedOut, message, ctx.now));
      if (ctx.rollout.spec.progressDeadlineAbort && (changed || !isAborted(ctx.pause))) {
        addAbort(ctx.pause, message);
        emitEvent(ctx, 'Warning', Reason.RolloutAborted, message);
      }
    }
  }

  const replicas = replicasOf(ctx.rollout);
  const available = ctx.rollout.spec.strategy.canary
    ? availableReplicas(allReplicaSets(ctx)) >= replicas
    : blueGreenActiveSaturated(ctx, next);
  setCondition(
    next,
    available
      ? newCondition('Available', 'True', Reason.Available, Message.available, ctx.now)
      : newCondition('Available', 'False', Reason.Available, Message.notAvailable, ctx.now),
  );

  const completed = !!next.stableRS && next.stableRS === next.currentPodHash;
  const completedChanged = setCondition(
    next,
    newCondition('Completed', completed ? 'True' : 'False', Reason.RolloutCompleted, Reason.RolloutCompleted, ctx.now),
  );
  if (!completed && completedChanged) {
    emitEvent(
      ctx,
      'Normal',
      Reason.RolloutNotCompleted,
      Message.rolloutNotCompleted(ctx.revision, next.currentPodHash ?? ''),
    );
  }
  return next;
}

function blueGreenActiveSaturated(ctx: EngineContext, next: RolloutStatus): boolean {
  const active = next.blueGreen?.activeSelector;
  if (!active) return false;
  return isSaturated(
    allReplicaSets(ctx).find((r) => r.podTemplateHash === active),
    replicasOf(ctx.rollout),
  );
}

/** Argo's checkPausedConditions: the Paused condition and the Progressing paused/resumed/retry marks. */
export function pausedConditions(ctx: EngineContext): void {
  const prev = ctx.previous;
  const progressing = getCondition(prev, 'Progressing');
  const progressingPaused = progressing?.reason === Reason.RolloutPaused;
  const isPaused = (prev.pauseConditions ?? []).length > 0 || ctx.rollout.spec.paused === true;
  const abortCondition = progressing?.reason === Reason.RolloutAborted;
  if (isPaused !== progressingPaused && !abortCondition) {
    const reason = isPaused ? Reason.RolloutPaused : Reason.RolloutResumed;
    const message = isPaused ? Message.paused : Message.resumed;
    setCondition(prev, newCondition('Progressing', 'Unknown', reason, message, ctx.now));
  }
  if (!prev.abort && abortCondition) {
    setCondition(prev, newCondition('Progressing', 'Unknown', Reason.RolloutRetry, Message.retry, ctx.now));
  }
  const paused = getCondition(prev, 'Paused');
  const pausedTrue = paused?.status === 'True';
  if (isPaused !== pausedTrue && !abortCondition) {
    setCondition(
      prev,
      newCondition('Paused', isPaused ? 'True' : 'False', Reason.RolloutPaused, Message.paused, ctx.now),
    );
  }
}

/**
 * status.workloadObservedGeneration: the generation of the Deployment a workloadRef rollout takes
 * its template from, as last seen (Argo reads it from the workload-generation annotation its
 * template-reference informer keeps); empty without a workloadRef.
 */
function recordWorkloadGeneration(ctx: EngineContext, next: RolloutStatus): void {
  if (!ctx.rollout.spec.workloadRef) {
    delete next.workloadObservedGeneration;
    return;
  }
  const generation = ctx.observed.workloadRefDeployment?.generation;
  if (generation !== undefined) next.workloadObservedGeneration = String(generation);
}

/** Argo's persistRolloutStatus: pause/abort fields, observedGeneration, phase, events, requeue. */
export function finalizeStatus(ctx: EngineContext, next: RolloutStatus, indefiniteStep: IndefiniteStep): RolloutStatus {
  applyPauseBook(ctx.pause, next, ctx.now);
  next.observedGeneration = generationOf(ctx);
  recordWorkloadGeneration(ctx, next);
  if (ctx.problems.length > 0) {
    setCondition(next, newCondition('InvalidSpec', 'True', Reason.InvalidSpec, ctx.problems.join('; '), ctx.now));
  }
  const { phase, message } = calculatePhase(ctx.rollout.spec, next);
  next.phase = phase;
  next.message = message;

  const wasPaused = (ctx.previous.pauseConditions ?? []).length > 0;
  const nowPaused = (next.pauseConditions ?? []).length > 0;
  if (wasPaused !== nowPaused) {
    const first = next.pauseConditions?.[0];
    if (first) emitEvent(ctx, 'Normal', Reason.RolloutPaused, `${Message.paused} (${first.reason})`);
    else if (next.abortedAt === undefined) emitEvent(ctx, 'Normal', Reason.RolloutResumed, Message.resumed);
  }
  requeueForDeadline(ctx, next, indefiniteStep);
  return next;
}

function requeueForDeadline(ctx: EngineContext, next: RolloutStatus, indefiniteStep: IndefiniteStep): void {
  const current = getCondition(ctx.previous, 'Progressing');
  if (!current) return;
  const isPaused = (ctx.previous.pauseConditions ?? []).length > 0 || ctx.rollout.spec.paused === true;
  if (
    rolloutHealthy(ctx, next) ||
    current.reason === Reason.TimedOut ||
    isPaused ||
    ctx.previous.abort ||
    indefiniteStep(ctx)
  )
    return;
  const wait = timeUntilDeadline(ctx.rollout, ctx.previous, ctx.now);
  if (wait !== undefined) requeueAfter(ctx, wait);
}

/** Argo's promoteStable: the update is over, the new revision becomes the stable one. */
export function promoteStable(ctx: EngineContext, next: RolloutStatus, reason: string): void {
  clearPauses(ctx.pause);
  removeAbort(ctx.pause);
  delete next.promoteFull;
  scaleDownOnSuccess(ctx);
  const hash = ctx.roles.currentPodHash;
  if (next.stableRS === hash) return;
  next.stableRS = hash;
  // As Argo: with pingPong the other Service (the canary until now, selecting these pods) becomes the stable one.
  if (ctx.rollout.spec.strategy.canary?.pingPong)
    next.canary = { ...next.canary, stablePingPong: nextStablePingPong(ctx.previous.canary?.stablePingPong) };
  emitEvent(ctx, 'Normal', Reason.RolloutCompleted, Message.rolloutCompleted(ctx.revision, hash, reason));
}
