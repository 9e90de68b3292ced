// Pre- and post-promotion analysis of a blue-green update: when each AnalysisRun is started,
// which run is current, and what its result does to the rollout (Failed/Error abort,
// Inconclusive pauses).
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutAnalysis } from '../../api/types/rollout-analysis.ts';
import type { RolloutAnalysisRunStatus } from '../../api/types/rollout-status.ts';
import type { Action, ObservedAnalysisRun, ObservedReplicaSet } from '../types.ts';
import {
  buildAnalysisRun,
  reclaimableRun,
  runStatusOf,
  terminateIfRunning,
  type NewRun,
} from '../core/analysis-runs.ts';

export type PromotionKind = 'PrePromotion' | 'PostPromotion';

export interface PromotionAnalysisInput {
  kind: PromotionKind;
  analysis: RolloutAnalysis | undefined;
  /** Not the moment for this run (see skipPrePromotion / skipPostPromotion): stop the current one. */
  skip: boolean;
  current: ObservedAnalysisRun | undefined;
  allRuns: ObservedAnalysisRun[];
  inconclusivePause: boolean;
  controllerPause: boolean;
  blueGreenPause: boolean;
  /** status.abortedAt is set: a retry after an abort starts a new run. */
  abortedAtSet: boolean;
  /** The Rollout (name, selector, labels and fields that arguments refer to). */
  rollout: Rollout;
  newRS: ObservedReplicaSet;
  stableHash: string | undefined;
  now: number;
}

export interface PromotionAnalysisOutcome {
  /** The current run after this reconcile (created now, or the observed one). */
  run?: { name: string; phase: string; message?: string };
  actions: Action[];
  effect?: { kind: 'abort'; message: string } | { kind: 'pause' };
  /** Arguments that could not be resolved: no run is created. */
  problems?: string[];
}

export function reconcilePromotionAnalysis(input: PromotionAnalysisInput): PromotionAnalysisOutcome {
  const { current } = input;
  if (!input.analysis) return { actions: terminateIfRunning(current) };
  if (input.skip) return { ...runOf(current), actions: terminateIfRunning(current), ...effectOf(current) };
  if (input.inconclusivePause) return { ...runOf(current), actions: [], ...effectOf(current) };
  if (needsNewRun(input)) {
    const run: NewRun = {
      kind: input.kind,
      analysis: input.analysis,
      podTemplateHash: input.newRS.podTemplateHash,
      revision: input.newRS.revision,
      where: `spec.strategy.blueGreen.${input.kind === 'PrePromotion' ? 'prePromotionAnalysis' : 'postPromotionAnalysis'}`,
    };
    const reclaimed = reclaimableRun(input.rollout, input.allRuns, run);
    if (reclaimed) return { ...runOf(reclaimed), actions: [], ...effectOf(reclaimed) };
    const planned = buildAnalysisRun(run, {
      rollout: input.rollout,
      stableHash: input.stableHash,
      existingRuns: input.allRuns,
      now: input.now,
    });
    if ('problems' in planned) return { actions: [], problems: planned.problems };
    return { run: { name: planned.action.name, phase: '' }, actions: [planned.action] };
  }
  return { ...runOf(current), actions: [], ...effectOf(current) };
}

function needsNewRun(input: PromotionAnalysisInput): boolean {
  if (!input.current) return true;
  // Paused by the controller for something other than the blue-green pause: a person resumed
  // after an inconclusive result, which asks for a fresh run.
  if (input.controllerPause && !input.blueGreenPause) return input.current.phase === 'Inconclusive';
  return input.abortedAtSet;
}

function effectOf(run: ObservedAnalysisRun | undefined): Pick<PromotionAnalysisOutcome, 'effect'> {
  if (!run) return {};
  if (run.phase === 'Inconclusive') return { effect: { kind: 'pause' } };
  if (run.phase === 'Failed' || run.phase === 'Error') return { effect: { kind: 'abort', message: run.message ?? '' } };
  return {};
}

function runOf(run: ObservedAnalysisRun | undefined): Pick<PromotionAnalysisOutcome, 'run'> {
  if (!run) return {};
  return {
    run:
      run.message === undefined
        ? { name: run.name, phase: run.phase }
        : { name: run.name, phase: run.phase, message: run.message },
  };
}

/** The run the last written status names for this kind, when it still exists. */
export function currentRunOf(
  kind: PromotionKind,
  recorded: RolloutAnalysisRunStatus | undefined,
  runs: ObservedAnalysisRun[],
): ObservedAnalysisRun | undefined {
  if (!recorded) return undefined;
  return runs.find((r) => r.name === recorded.name && r.kind === kind);
}

export function toRunStatus(run: PromotionAnalysisOutcome['run']): RolloutAnalysisRunStatus | undefined {
  return run ? runStatusOf(run) : undefined;
}
