// Pre- and post-promotion analysis of a blue-green update: when each AnalysisRun is started,
// which run is current, and what its result does to the rollout (Failed/Error abort,
// Inconclusive pauses).
import type { AnalysisPhase } from '../../api/types/analysis.ts';
import type { RolloutAnalysis } from '../../api/types/rollout-analysis.ts';
import type { RolloutAnalysisRunStatus } from '../../api/types/rollout-status.ts';
import type { Action, ObservedAnalysisRun, ObservedReplicaSet } from '../types.ts';
import { resolvePodTemplateHashArgs } from './analysis-args.ts';
import { ANALYSIS_TYPE_LABEL, analysisRunName, analysisTypeLabel, POD_TEMPLATE_HASH_LABEL } from '../core/naming.ts';

export type PromotionKind = 'PrePromotion' | 'PostPromotion';

const COMPLETED: ReadonlySet<string> = new Set<AnalysisPhase>(['Successful', 'Failed', 'Error', 'Inconclusive']);

export function isCompletedPhase(phase: string | undefined): boolean {
  return phase !== undefined && COMPLETED.has(phase);
}

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
  rolloutName: string;
  selectorLabels: Record<string, string>;
  newRS: ObservedReplicaSet;
  stableHash: string | undefined;
}

export interface PromotionAnalysisOutcome {
  /** The current run after this reconcile (created now, or the observed one). */
  run?: { name: string; phase: string; message?: string };
  actions: Action[];
  effect?: { kind: 'abort'; message: string } | { kind: 'pause' };
}

export function reconcilePromotionAnalysis(input: PromotionAnalysisInput): PromotionAnalysisOutcome {
  const { current } = input;
  if (!input.analysis) return { actions: terminateIfRunning(current) };
  if (input.skip) return { ...runOf(current), actions: terminateIfRunning(current), ...effectOf(current) };
  if (input.inconclusivePause) return { ...runOf(current), actions: [], ...effectOf(current) };
  if (needsNewRun(input)) {
    const name = freeRunName(baseRunName(input), input.allRuns);
    const action = createRunAction(input, name);
    return { run: { name, phase: '' }, actions: [action] };
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
  return { run: run.message === undefined ? { name: run.name, phase: run.phase } : { name: run.name, phase: run.phase, message: run.message } };
}

export function terminateIfRunning(run: ObservedAnalysisRun | undefined): Action[] {
  if (!run || run.terminating || isCompletedPhase(run.phase)) return [];
  return [{ type: 'terminateAnalysisRun', name: run.name }];
}

function baseRunName(input: PromotionAnalysisInput): string {
  return analysisRunName(input.rolloutName, input.newRS.podTemplateHash, input.newRS.revision, input.kind);
}

/** Argo's collision counter: `name`, then `name.1`, `name.2`, ... */
function freeRunName(base: string, runs: ObservedAnalysisRun[]): string {
  const taken = new Set(runs.map((r) => r.name));
  if (!taken.has(base)) return base;
  let n = 1;
  while (taken.has(`${base}.${n}`)) n++;
  return `${base}.${n}`;
}

function createRunAction(input: PromotionAnalysisInput, name: string): Action {
  const analysis = input.analysis ?? {};
  const labels: Record<string, string> = {
    [ANALYSIS_TYPE_LABEL]: analysisTypeLabel(input.kind),
    [POD_TEMPLATE_HASH_LABEL]: input.newRS.podTemplateHash,
    ...analysis.analysisRunMetadata?.labels,
    ...input.selectorLabels,
  };
  return {
    type: 'createAnalysisRun',
    name,
    kind: input.kind,
    podTemplateHash: input.newRS.podTemplateHash,
    analysis: resolvePodTemplateHashArgs(analysis, input.stableHash, input.newRS.podTemplateHash),
    labels,
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
  if (!run) return undefined;
  return run.message === undefined ? { name: run.name, status: run.phase } : { name: run.name, status: run.phase, message: run.message };
}
