// The promotion AnalysisRuns of one reconcile (Argo's reconcileAnalysisRuns for blue-green):
// start, keep or stop the pre- and post-promotion runs, stop every other run, and turn their
// results into an abort (Failed, Error) or an InconclusiveAnalysisRun pause.
import type { RolloutAnalysisRunStatus } from '../../api/types/rollout-status.ts';
import type { ObservedAnalysisRun } from '../types.ts';
import type { EngineContext } from '../core/context.ts';
import { emitRunStatusChange, garbageCollectRuns, runStatusOf, terminateIfRunning } from '../core/analysis-runs.ts';
import { addAbort, addPause, isAborted, pauseCondition } from '../core/pause.ts';
import { hasScaleDownDeadline } from '../core/scale-down-delay.ts';
import { currentNewRS, type BlueGreenFacts } from './facts.ts';
import { isSaturated } from '../core/saturation.ts';
import {
  reconcilePromotionAnalysis,
  toRunStatus,
  type PromotionAnalysisOutcome,
  type PromotionKind,
} from './promotion-analysis.ts';
import { skipsPostPromotion } from './replica-sets.ts';

export interface PromotionRunStatuses {
  prePromotion?: RolloutAnalysisRunStatus;
  postPromotion?: RolloutAnalysisRunStatus;
}

export function reconcileBlueGreenAnalysis(ctx: EngineContext, facts: BlueGreenFacts): PromotionRunStatuses {
  const prev = ctx.previous;
  // As Argo's shouldCancelCurrentAnalysis: a fully promoted rollout runs no promotion analysis, so
  // a run that failed before a full promotion aborts nothing after it.
  const fullyPromoted = prev.stableRS !== undefined && prev.stableRS === prev.currentPodHash;
  const skipAll =
    fullyPromoted ||
    isAborted(ctx.pause) ||
    prev.promoteFull === true ||
    hasScaleDownDeadline(facts.newRS) ||
    !prev.stableRS;
  if (skipAll) {
    for (const run of ctx.observed.analysisRuns) ctx.actions.push(...terminateIfRunning(run));
    return statusesOf(
      facts.prePromotionRun && runStatusOf(facts.prePromotionRun),
      facts.postPromotionRun && runStatusOf(facts.postPromotionRun),
    );
  }
  const pre = reconcileKind(ctx, facts, 'PrePromotion', skipsPrePromotion(ctx, facts));
  const post = reconcileKind(ctx, facts, 'PostPromotion', skipsPostPromotion(ctx, facts));
  emitRunStatusChange(
    ctx,
    prev.blueGreen?.prePromotionAnalysisRunStatus,
    observedRun(ctx, pre.run?.name),
    'PrePromotion',
  );
  emitRunStatusChange(
    ctx,
    prev.blueGreen?.postPromotionAnalysisRunStatus,
    observedRun(ctx, post.run?.name),
    'PostPromotion',
  );
  const current = new Set([pre.run?.name, post.run?.name].filter((n): n is string => !!n));
  for (const run of ctx.observed.analysisRuns) {
    if (!current.has(run.name)) ctx.actions.push(...terminateIfRunning(run));
  }
  garbageCollectRuns(ctx, current);
  return statusesOf(toRunStatus(pre.run), toRunStatus(post.run));
}

function reconcileKind(
  ctx: EngineContext,
  facts: BlueGreenFacts,
  kind: PromotionKind,
  skip: boolean,
): PromotionAnalysisOutcome {
  const prev = ctx.previous;
  const outcome = reconcilePromotionAnalysis({
    kind,
    analysis: kind === 'PrePromotion' ? facts.strategy.prePromotionAnalysis : facts.strategy.postPromotionAnalysis,
    skip,
    current: kind === 'PrePromotion' ? facts.prePromotionRun : facts.postPromotionRun,
    allRuns: ctx.observed.analysisRuns,
    inconclusivePause: facts.inconclusivePause,
    controllerPause: prev.controllerPause === true,
    blueGreenPause: pauseCondition(prev, 'BlueGreenPause') !== undefined,
    abortedAtSet: prev.abortedAt !== undefined,
    rollout: ctx.rollout,
    newRS: currentNewRS(ctx, facts),
    stableHash: prev.stableRS,
    now: ctx.now,
  });
  ctx.actions.push(...outcome.actions);
  ctx.problems.push(...(outcome.problems ?? []));
  if (outcome.effect?.kind === 'abort') addAbort(ctx.pause, outcome.effect.message);
  if (outcome.effect?.kind === 'pause') addPause(ctx.pause, 'InconclusiveAnalysisRun');
  return outcome;
}

/**
 * Not the moment for pre-promotion analysis: first deploy, the active Service already on the new
 * revision, or the preview not yet at its size with every pod available.
 */
function skipsPrePromotion(ctx: EngineContext, facts: BlueGreenFacts): boolean {
  const newRS = currentNewRS(ctx, facts);
  const hash = newRS.podTemplateHash;
  const active = facts.activeSelector;
  if (ctx.previous.stableRS === hash || active === '' || active === hash) return true;
  const previewCount = facts.strategy.previewReplicaCount;
  if (previewCount !== undefined) return newRS.replicas !== previewCount || newRS.availableReplicas !== previewCount;
  return !isSaturated(newRS, facts.desiredReplicas);
}

function observedRun(ctx: EngineContext, name: string | undefined): ObservedAnalysisRun | undefined {
  return name === undefined ? undefined : ctx.observed.analysisRuns.find((run) => run.name === name);
}

function statusesOf(
  pre: RolloutAnalysisRunStatus | undefined,
  post: RolloutAnalysisRunStatus | undefined,
): PromotionRunStatuses {
  const out: PromotionRunStatuses = {};
  if (pre) out.prePromotion = pre;
  if (post) out.postPromotion = post;
  return out;
}
