// What every blue-green decision of one reconcile reads: the strategy, the selectors as last
// written, the current promotion AnalysisRuns and the pause/abort state from the last status.
import type { BlueGreenStrategy } from '../../api/types/rollout.ts';
import type { ObservedAnalysisRun, ObservedReplicaSet } from '../types.ts';
import { replicasOf } from '../../api/defaults.ts';
import type { EngineContext } from '../core/context.ts';
import { pauseCondition } from '../core/pause.ts';
import { currentRunOf } from './promotion-analysis.ts';
import type { PauseProgressInput } from './pause.ts';
import { newReplicaSetTarget } from './replica-targets.ts';

export interface BlueGreenFacts {
  strategy: BlueGreenStrategy;
  desiredReplicas: number;
  newRS: ObservedReplicaSet;
  /** What the active Service selects now ('' for no revision): as the runtime reports it, else as last written in status. */
  activeSelector: string;
  previewSelector: string;
  /** The runtime reports the Services' selectors (so unchanged ones need no action). */
  selectorsObserved: boolean;
  /** spec.paused or an InconclusiveAnalysisRun pause: nothing moves. */
  halted: boolean;
  inconclusivePause: boolean;
  /** The promotion runs the last written status names, when they still exist. */
  prePromotionRun: ObservedAnalysisRun | undefined;
  postPromotionRun: ObservedAnalysisRun | undefined;
}

export function blueGreenFacts(
  ctx: EngineContext,
  strategy: BlueGreenStrategy,
  newRS: ObservedReplicaSet,
): BlueGreenFacts {
  const prev = ctx.previous;
  const inconclusivePause = pauseCondition(prev, 'InconclusiveAnalysisRun') !== undefined;
  const runs = ctx.observed.analysisRuns;
  return {
    strategy,
    desiredReplicas: replicasOf(ctx.rollout),
    newRS,
    activeSelector: selectorOf(ctx, strategy.activeService, prev.blueGreen?.activeSelector),
    previewSelector: strategy.previewService
      ? selectorOf(ctx, strategy.previewService, prev.blueGreen?.previewSelector)
      : '',
    selectorsObserved: ctx.observed.serviceSelectors !== undefined,
    halted: ctx.rollout.spec.paused === true || inconclusivePause,
    inconclusivePause,
    prePromotionRun: unlessRetried(
      ctx,
      currentRunOf('PrePromotion', prev.blueGreen?.prePromotionAnalysisRunStatus, runs),
    ),
    postPromotionRun: unlessRetried(
      ctx,
      currentRunOf('PostPromotion', prev.blueGreen?.postPromotionAnalysisRunStatus, runs),
    ),
  };
}

function selectorOf(ctx: EngineContext, service: string, recorded: string | undefined): string {
  const observed = ctx.observed.serviceSelectors?.[service];
  return observed ?? recorded ?? '';
}

/**
 * On a retry (abort lifted, abortedAt still set) the run that failed is history: keeping it as
 * current would abort the retried update again at once.
 */
function unlessRetried(ctx: EngineContext, run: ObservedAnalysisRun | undefined): ObservedAnalysisRun | undefined {
  const prev = ctx.previous;
  const retrying = prev.abortedAt !== undefined && prev.abort !== true;
  if (retrying && (run?.phase === 'Failed' || run?.phase === 'Error')) return undefined;
  return run;
}

/** The new ReplicaSet as this pass has it now (it may have been scaled or annotated). */
export function currentNewRS(ctx: EngineContext, facts: BlueGreenFacts): ObservedReplicaSet {
  return ctx.roles.newRS ?? facts.newRS;
}

/** The preview's replica target, read from the last written status as Argo does. */
export function previewTarget(ctx: EngineContext, facts: BlueGreenFacts): number {
  const prev = ctx.previous;
  return newReplicaSetTarget({
    strategy: facts.strategy,
    desiredReplicas: facts.desiredReplicas,
    newHash: facts.newRS.podTemplateHash,
    activeSelector: facts.activeSelector,
    currentPodHash: prev.currentPodHash,
    promoteFull: prev.promoteFull === true,
    paused: ctx.rollout.spec.paused === true || (prev.pauseConditions ?? []).length > 0,
    scaleUpPreviewCheckPoint: prev.blueGreen?.scaleUpPreviewCheckPoint === true,
  });
}

/** Pre-promotion analysis is not configured, or its current run succeeded. */
export function prePromotionComplete(facts: BlueGreenFacts): boolean {
  if (!facts.strategy.prePromotionAnalysis) return true;
  return facts.prePromotionRun?.phase === 'Successful';
}

export function replicaSetByHash(ctx: EngineContext, hash: string): ObservedReplicaSet | undefined {
  if (hash === '') return undefined;
  const { newRS, olderRSs } = ctx.roles;
  if (newRS?.podTemplateHash === hash) return newRS;
  return olderRSs.find((rs) => rs.podTemplateHash === hash);
}

/** What the pause decisions read from the last written status (see pause.ts). */
export function pauseProgressInput(ctx: EngineContext, facts: BlueGreenFacts): Omit<PauseProgressInput, 'addingPause'> {
  const prev = ctx.previous;
  return {
    strategy: facts.strategy,
    pauseConditions: prev.pauseConditions,
    controllerPause: prev.controllerPause === true,
    scaleUpPreviewCheckPoint: prev.blueGreen?.scaleUpPreviewCheckPoint === true,
    now: ctx.now,
  };
}
