// AnalysisRuns of a canary: the inline run of an `analysis` step and the background run
// (`strategy.canary.analysis`, from `startingStep`). Failed or Error aborts; Inconclusive pauses.
import type { RolloutAnalysis } from '../../api/types/rollout-analysis.ts';
import type { RolloutAnalysisRunStatus } from '../../api/types/rollout-status.ts';
import type { AnalysisRunKind, ObservedAnalysisRun } from '../types.ts';
import { rolloutName, type EngineContext } from '../core/context.ts';
import { getCondition, Message, Reason } from '../core/conditions.ts';
import { addAbort, addPause, pauseCondition } from '../core/pause.ts';
import {
  emitRunStatusChange,
  garbageCollectRuns,
  startAnalysisRun,
  runStatusOf,
  terminateIfRunning,
  type NewRun,
} from '../core/analysis-runs.ts';
import { beforeStartingStep, currentStep } from './steps.ts';
import { hasScaleDownDeadline } from '../core/scale-down-delay.ts';
import { rollbackWithinWindow } from '../core/rollback-window.ts';

export interface CurrentRuns {
  step: ObservedAnalysisRun | undefined;
  background: ObservedAnalysisRun | undefined;
}

function isRetry(ctx: EngineContext): boolean {
  return (
    !ctx.previous.abort &&
    getCondition(ctx.observed.rollout.status ?? {}, 'Progressing')?.reason === Reason.RolloutAborted
  );
}

/** The runs the last status names as current (none right after a retry: they run again). */
export function currentRuns(ctx: EngineContext): CurrentRuns {
  if (isRetry(ctx)) return { step: undefined, background: undefined };
  const byName = (status: RolloutAnalysisRunStatus | undefined) =>
    status ? ctx.observed.analysisRuns.find((run) => run.name === status.name) : undefined;
  return {
    step: byName(ctx.previous.canary?.currentStepAnalysisRunStatus),
    background: byName(ctx.previous.canary?.currentBackgroundAnalysisRunStatus),
  };
}

/** Argo's reconcileAnalysisRuns for a canary; records run statuses and adds abort or pause. */
export function reconcileCanaryAnalysis(ctx: EngineContext): CurrentRuns {
  const runs = currentRuns(ctx);
  if (skipsAnalysis(ctx)) {
    terminate(ctx, ctx.observed.analysisRuns);
    recordStatuses(ctx, runs);
    return runs;
  }
  const next: CurrentRuns = {
    step: reconcileStepRun(ctx, runs.step),
    background: reconcileBackgroundRun(ctx, runs.background),
  };
  emitRunStatusChange(ctx, ctx.previous.canary?.currentBackgroundAnalysisRunStatus, next.background, 'Background');
  emitRunStatusChange(ctx, ctx.previous.canary?.currentStepAnalysisRunStatus, next.step, 'Step');
  recordStatuses(ctx, next);
  const current = new Set([next.step?.name, next.background?.name]);
  terminate(
    ctx,
    ctx.observed.analysisRuns.filter((run) => !current.has(run.name) && !madeAheadOfItsStep(ctx, run)),
  );
  garbageCollectRuns(
    ctx,
    new Set([next.step?.name, next.background?.name].filter((n): n is string => n !== undefined)),
  );

  for (const run of [next.step, next.background]) {
    if (!run) continue;
    if (hasFailed(run)) abortFor(ctx, run);
    else if (run.phase === 'Inconclusive') addPause(ctx.pause, 'InconclusiveAnalysisRun');
  }
  return next;
}

/**
 * Aborts now when a current run has failed, before traffic and Services are reconciled. Argo finds
 * the failure after setting traffic, so that pass still routes to the canary; when its status write
 * is refused, the pass that repeats it would send requests back to the canary it had just left.
 */
export function abortOnFailedRun(ctx: EngineContext): void {
  // Not skipsAnalysis: a canary ReplicaSet that the refused pass already marked for scale-down
  // looks like a return to an older revision. The runs' pod template hashes tell them apart.
  if (ctx.previous.abort || ctx.previous.promoteFull || !ctx.previous.stableRS) return;
  const runs = currentRuns(ctx);
  const step = runs.step && stepRunApplies(ctx, runs.step) ? runs.step : undefined;
  const background = runs.background && backgroundRunApplies(ctx, runs.background) ? runs.background : undefined;
  const failed = [step, background].find((run) => run !== undefined && hasFailed(run));
  if (failed) abortFor(ctx, failed);
}

function hasFailed(run: ObservedAnalysisRun): boolean {
  return run.phase === 'Failed' || run.phase === 'Error';
}

function abortFor(ctx: EngineContext, run: ObservedAnalysisRun): void {
  addAbort(ctx.pause, run.message ?? Message.analysisRunFailed(run.name, rolloutName(ctx)));
}

/**
 * Argo's reconcileAnalysisRuns: no analysis on a first deploy, an abort, a full promotion, or a
 * return to a revision still up (scale-down delay, rollbackWindow). An abort found in this pass
 * (abortOnFailedRun) does not count: the runs of this pass are still reconciled and reported.
 */
function skipsAnalysis(ctx: EngineContext): boolean {
  return (
    ctx.previous.abort === true ||
    ctx.previous.promoteFull === true ||
    !ctx.previous.stableRS ||
    hasScaleDownDeadline(ctx.roles.newRS) ||
    rollbackWithinWindow(ctx)
  );
}

function fullyPromoted(ctx: EngineContext): boolean {
  return !!ctx.previous.stableRS && ctx.previous.stableRS === ctx.previous.currentPodHash;
}

function needsNewRun(ctx: EngineContext, run: ObservedAnalysisRun | undefined): boolean {
  if (!run) return true;
  if (run.phase === 'Inconclusive')
    return ctx.previous.controllerPause === true && !pauseCondition(ctx.previous, 'InconclusiveAnalysisRun');
  return false;
}

function reconcileStepRun(ctx: EngineContext, run: ObservedAnalysisRun | undefined): ObservedAnalysisRun | undefined {
  const { step, index } = currentStep(ctx.rollout, ctx.previous);
  if (!step?.analysis || index === undefined || fullyPromoted(ctx)) return undefined;
  if (run && !stepRunApplies(ctx, run)) run = undefined;
  if (!needsNewRun(ctx, run)) return run;
  return createRun(ctx, 'Step', step.analysis, index);
}

/** `run` is the run of the current step's analysis, for the current pod template. */
function stepRunApplies(ctx: EngineContext, run: ObservedAnalysisRun): boolean {
  const { step, index } = currentStep(ctx.rollout, ctx.previous);
  return (
    !!step?.analysis &&
    index !== undefined &&
    !fullyPromoted(ctx) &&
    run.stepIndex === index &&
    run.podTemplateHash === ctx.roles.currentPodHash
  );
}

function reconcileBackgroundRun(
  ctx: EngineContext,
  run: ObservedAnalysisRun | undefined,
): ObservedAnalysisRun | undefined {
  const analysis = ctx.rollout.spec.strategy.canary?.analysis;
  if (!analysis || !wantsBackgroundRun(ctx)) return undefined;
  if (run && !backgroundRunApplies(ctx, run)) run = undefined;
  if (!needsNewRun(ctx, run)) return run;
  const { startingStep: _startingStep, ...block } = analysis;
  return createRun(ctx, 'Background', block);
}

function wantsBackgroundRun(ctx: EngineContext): boolean {
  const analysis = ctx.rollout.spec.strategy.canary?.analysis;
  if (!analysis || (analysis.templates ?? []).length === 0 || fullyPromoted(ctx)) return false;
  return !!ctx.previous.stableRS && !!ctx.previous.currentPodHash && !beforeStartingStep(ctx.rollout, ctx.previous);
}

/** `run` is the background run this pass wants, for the current pod template. */
function backgroundRunApplies(ctx: EngineContext, run: ObservedAnalysisRun): boolean {
  return wantsBackgroundRun(ctx) && run.podTemplateHash === ctx.roles.currentPodHash;
}

/**
 * A step run of this pod template for a step not reached yet: a pass that moved to that step and
 * made its run lost its status write (a conflict), so the status is still on an earlier step. It is
 * left running and taken back when the step comes (reclaimableRun), not stopped and made again.
 */
function madeAheadOfItsStep(ctx: EngineContext, run: ObservedAnalysisRun): boolean {
  const { index } = currentStep(ctx.rollout, ctx.previous);
  return (
    run.kind === 'Step' &&
    run.podTemplateHash === ctx.roles.currentPodHash &&
    run.stepIndex !== undefined &&
    index !== undefined &&
    run.stepIndex > index
  );
}

function createRun(
  ctx: EngineContext,
  kind: AnalysisRunKind,
  analysis: RolloutAnalysis,
  stepIndex?: number,
): ObservedAnalysisRun | undefined {
  const where =
    stepIndex === undefined ? 'spec.strategy.canary.analysis' : `spec.strategy.canary.steps[${stepIndex}].analysis`;
  const run: NewRun = { kind, analysis, podTemplateHash: ctx.roles.currentPodHash, revision: ctx.revision, where };
  if (stepIndex !== undefined) run.stepIndex = stepIndex;
  return startAnalysisRun(ctx, run);
}

function recordStatuses(ctx: EngineContext, runs: CurrentRuns): void {
  const canary = { ...ctx.partial.canary };
  delete canary.currentStepAnalysisRunStatus;
  delete canary.currentBackgroundAnalysisRunStatus;
  if (runs.step) canary.currentStepAnalysisRunStatus = runStatusOf(runs.step);
  if (runs.background) canary.currentBackgroundAnalysisRunStatus = runStatusOf(runs.background);
  ctx.partial.canary = canary;
}

function terminate(ctx: EngineContext, runs: ObservedAnalysisRun[]): void {
  for (const run of runs) ctx.actions.push(...terminateIfRunning(run));
}
