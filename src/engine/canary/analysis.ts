// AnalysisRuns of a canary: the inline run of an `analysis` step and the background run
// (`strategy.canary.analysis`, from `startingStep`). Failed or Error aborts; Inconclusive pauses.
import type { RolloutAnalysis } from '../../api/types/rollout-analysis.ts';
import type { RolloutAnalysisRunStatus } from '../../api/types/rollout-status.ts';
import type { AnalysisRunKind, ObservedAnalysisRun } from '../types.ts';
import { DEFAULTS } from '../../api/defaults.ts';
import { rolloutName, type EngineContext } from '../core/context.ts';
import { getCondition, Message, Reason } from '../core/conditions.ts';
import { addAbort, addPause, isAborted, pauseCondition } from '../core/pause.ts';
import { ANALYSIS_STEP_INDEX_LABEL, ANALYSIS_TYPE_LABEL, analysisRunName, analysisTypeLabel, POD_TEMPLATE_HASH_LABEL } from '../core/naming.ts';
import { beforeStartingStep, currentStep } from './steps.ts';

const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

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
  if (isAborted(ctx.pause) || ctx.previous.promoteFull) {
    terminate(ctx, ctx.observed.analysisRuns);
    recordStatuses(ctx, runs);
    return runs;
  }
  const next: CurrentRuns = { step: reconcileStepRun(ctx, runs.step), background: reconcileBackgroundRun(ctx, runs.background) };
  recordStatuses(ctx, next);
  const current = new Set([next.step?.name, next.background?.name]);
  terminate(ctx, ctx.observed.analysisRuns.filter((run) => !current.has(run.name)));
  garbageCollect(ctx, current);

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

function createRun(ctx: EngineContext, kind: AnalysisRunKind, analysis: RolloutAnalysis, stepIndex?: number): ObservedAnalysisRun {
  const hash = ctx.roles.currentPodHash;
  const name = uniqueName(ctx, analysisRunName(rolloutName(ctx), hash, ctx.revision, kind, stepIndex));
  const labels: Record<string, string> = { [POD_TEMPLATE_HASH_LABEL]: hash, [ANALYSIS_TYPE_LABEL]: analysisTypeLabel(kind) };
  if (stepIndex !== undefined) labels[ANALYSIS_STEP_INDEX_LABEL] = String(stepIndex);
  const action = { type: 'createAnalysisRun' as const, name, kind, podTemplateHash: hash, analysis: resolveArgs(ctx, analysis), labels };
  ctx.actions.push(stepIndex === undefined ? action : { ...action, stepIndex });
  const run: ObservedAnalysisRun = { name, kind, podTemplateHash: hash, phase: 'Pending', createdAt: ctx.now };
  if (stepIndex !== undefined) run.stepIndex = stepIndex;
  return run;
}

/** A run that would reuse a taken name gets `.1`, `.2`, ... as Argo's collision counter does. */
function uniqueName(ctx: EngineContext, base: string): string {
  const taken = new Set(ctx.observed.analysisRuns.map((r) => r.name));
  if (!taken.has(base)) return base;
  let n = 1;
  while (taken.has(`${base}.${n}`)) n++;
  return `${base}.${n}`;
}

/** podTemplateHashValue args become values; other args are passed on as written. */
function resolveArgs(ctx: EngineContext, analysis: RolloutAnalysis): RolloutAnalysis {
  if (!analysis.args) return analysis;
  const args = analysis.args.map((arg) => {
    const which = arg.valueFrom?.podTemplateHashValue;
    if (!which) return arg;
    const value = which === 'Stable' ? (ctx.previous.stableRS ?? '') : ctx.roles.currentPodHash;
    return { name: arg.name, value };
  });
  return { ...analysis, args };
}

function recordStatuses(ctx: EngineContext, runs: CurrentRuns): void {
  const canary = { ...ctx.partial.canary };
  delete canary.currentStepAnalysisRunStatus;
  delete canary.currentBackgroundAnalysisRunStatus;
  if (runs.step) canary.currentStepAnalysisRunStatus = runStatus(runs.step);
  if (runs.background) canary.currentBackgroundAnalysisRunStatus = runStatus(runs.background);
  ctx.partial.canary = canary;
}

function runStatus(run: ObservedAnalysisRun): RolloutAnalysisRunStatus {
  const status: RolloutAnalysisRunStatus = { name: run.name, status: run.phase };
  if (run.message) status.message = run.message;
  return status;
}

function terminate(ctx: EngineContext, runs: ObservedAnalysisRun[]): void {
  for (const run of runs) {
    if (run.terminating || COMPLETED.has(run.phase)) continue;
    ctx.actions.push({ type: 'terminateAnalysisRun', name: run.name });
  }
}

/** Keeps successfulRunHistoryLimit / unsuccessfulRunHistoryLimit completed runs that are not current. */
function garbageCollect(ctx: EngineContext, current: Set<string | undefined>): void {
  const limits = ctx.rollout.spec.analysis ?? {};
  const done = ctx.observed.analysisRuns.filter((run) => !current.has(run.name) && COMPLETED.has(run.phase)).sort((a, b) => b.createdAt - a.createdAt);
  const successful = done.filter((run) => run.phase === 'Successful');
  const unsuccessful = done.filter((run) => run.phase !== 'Successful');
  const drop = [
    ...successful.slice(limits.successfulRunHistoryLimit ?? DEFAULTS.successfulRunHistoryLimit),
    ...unsuccessful.slice(limits.unsuccessfulRunHistoryLimit ?? DEFAULTS.unsuccessfulRunHistoryLimit),
  ];
  for (const run of drop) ctx.actions.push({ type: 'deleteAnalysisRun', name: run.name });
}

export function isCompleted(run: ObservedAnalysisRun | undefined): boolean {
  return run !== undefined && COMPLETED.has(run.phase);
}
