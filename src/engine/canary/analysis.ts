// AnalysisRuns of a canary: the inline run of an `analysis` step and the background run
// (`strategy.canary.analysis`, from `startingStep`). Failed or Error aborts; Inconclusive pauses.
import type { RolloutAnalysis } from '../../api/types/rollout-analysis.ts';
import type { RolloutAnalysisRunStatus } from '../../api/types/rollout-status.ts';
import type { AnalysisRunKind, ObservedAnalysisRun } from '../types.ts';
import { rolloutName, type EngineContext } from '../core/context.ts';
import { getCondition, Message, Reason } from '../core/conditions.ts';
import { addAbort, addPause, isAborted, pauseCondition } from '../core/pause.ts';
import { emitRunStatusChange, garbageCollectRuns, startAnalysisRun, runStatusOf, terminateIfRunning, type NewRun } from '../core/analysis-runs.ts';
import { beforeStartingStep, currentStep } from './steps.ts';
import { hasScaleDownDeadline } from '../core/scale-down-delay.ts';
import { rollbackWithinWindow } from '../core/rollback-window.ts';

export interface CurrentRuns {
  step: ObservedAnalysisRun | undefined;
  background: ObservedAnalysisRun | undefined;
}

function isRetry(ctx: EngineContext): boolean {
  return !ctx.previous.abort && getCondition(ctx.observed.rollout.status ?? {}, 'Progressing')?.reason === Reason.RolloutAborted;
}

/** The runs the last status names as current (none right after a retry: they run again). */
export function currentRuns(ctx: EngineContext): CurrentRuns {
  if (isRetry(ctx)) return { step: undefined, background: undefined };
  const byName = (status: RolloutAnalysisRunStatus | undefined) =>
    status ? ctx.observed.analysisRuns.find((run) => run.name === status.name) : undefined;
  return { step: byName(ctx.previous.canary?.currentStepAnalysisRunStatus), background: byName(ctx.previous.canary?.currentBackgroundAnalysisRunStatus) };
}

/** Argo's reconcileAnalysisRuns for a canary; records run statuses and adds abort or pause. */
export function reconcileCanaryAnalysis(ctx: EngineContext): CurrentRuns {
  const runs = currentRuns(ctx);
  // Argo's reconcileAnalysisRuns: no analysis on a first deploy, an abort, a full promotion, or a
  // return to a revision still up (scale-down delay, rollbackWindow).
  const skip = isAborted(ctx.pause) || ctx.previous.promoteFull || !ctx.previous.stableRS || hasScaleDownDeadline(ctx.roles.newRS) || rollbackWithinWindow(ctx);
  if (skip) {
    terminate(ctx, ctx.observed.analysisRuns);
    recordStatuses(ctx, runs);
    return runs;
  }
  const next: CurrentRuns = { step: reconcileStepRun(ctx, runs.step), background: reconcileBackgroundRun(ctx, runs.background) };
  emitRunStatusChange(ctx, ctx.previous.canary?.currentBackgroundAnalysisRunStatus, next.background, 'Background');
  emitRunStatusChange(ctx, ctx.previous.canary?.currentStepAnalysisRunStatus, next.step, 'Step');
  recordStatuses(ctx, next);
  const current = new Set([next.step?.name, next.background?.name]);
  terminate(ctx, ctx.observed.analysisRuns.filter((run) => !current.has(run.name)));
  garbageCollectRuns(ctx, new Set([next.step?.name, next.background?.name].filter((n): n is string => n !== undefined)));

  for (const run of [next.step, next.background]) {
    if (!run) continue;
    if (run.phase === 'Failed' || run.phase === 'Error') {
      addAbort(ctx.pause, run.message ?? Message.analysisRunFailed(run.name, rolloutName(ctx)));
    } else if (run.phase === 'Inconclusive') {
      addPause(ctx.pause, 'InconclusiveAnalysisRun');
    }
  }
  return next;
}

function fullyPromoted(ctx: EngineContext): boolean {
  return !!ctx.previous.stableRS && ctx.previous.stableRS === ctx.previous.currentPodHash;
}

function needsNewRun(ctx: EngineContext, run: ObservedAnalysisRun | undefined): boolean {
  if (!run) return true;
  if (run.phase === 'Inconclusive') return ctx.previous.controllerPause === true && !pauseCondition(ctx.previous, 'InconclusiveAnalysisRun');
  return false;
}

function reconcileStepRun(ctx: EngineContext, run: ObservedAnalysisRun | undefined): ObservedAnalysisRun | undefined {
  const { step, index } = currentStep(ctx.rollout, ctx.previous);
  if (!step?.analysis || index === undefined || fullyPromoted(ctx)) return undefined;
  if (run && (run.stepIndex !== index || run.podTemplateHash !== ctx.roles.currentPodHash)) run = undefined;
  if (!needsNewRun(ctx, run)) return run;
  return createRun(ctx, 'Step', step.analysis, index);
}

function reconcileBackgroundRun(ctx: EngineContext, run: ObservedAnalysisRun | undefined): ObservedAnalysisRun | undefined {
  const analysis = ctx.rollout.spec.strategy.canary?.analysis;
  if (!analysis || (analysis.templates ?? []).length === 0 || fullyPromoted(ctx)) return undefined;
  if (!ctx.previous.stableRS || !ctx.previous.currentPodHash || beforeStartingStep(ctx.rollout, ctx.previous)) return undefined;
  if (run && run.podTemplateHash !== ctx.roles.currentPodHash) run = undefined;
  if (!needsNewRun(ctx, run)) return run;
  const { startingStep: _startingStep, ...block } = analysis;
  return createRun(ctx, 'Background', block);
}

function createRun(ctx: EngineContext, kind: AnalysisRunKind, analysis: RolloutAnalysis, stepIndex?: number): ObservedAnalysisRun | undefined {
  const where = stepIndex === undefined ? 'spec.strategy.canary.analysis' : `spec.strategy.canary.steps[${stepIndex}].analysis`;
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

