// What both strategies do with their AnalysisRuns: name and label a new run, resolve its
// arguments, stop runs that are no longer current, delete completed runs beyond the history
// limits, and report a current run's phase changes as `AnalysisRun<Phase>` events.
import type { AnalysisPhase } from '../../api/types/analysis.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutAnalysis } from '../../api/types/rollout-analysis.ts';
import type { RolloutAnalysisRunStatus } from '../../api/types/rollout-status.ts';
import type { Action, AnalysisRunKind, ObservedAnalysisRun } from '../types.ts';
import { DEFAULTS } from '../../api/defaults.ts';
import { emitEvent, type EngineContext } from './context.ts';
import { resolveAnalysisArgs } from './analysis-args.ts';
import { analysisRunName, analysisTypeLabel } from './naming.ts';
import {
  ANALYSIS_STEP_INDEX_LABEL,
  ANALYSIS_TYPE_LABEL,
  CONTROLLER_INSTANCE_ID_LABEL,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
} from '../../conventions/labels.ts';

const COMPLETED: ReadonlySet<string> = new Set<AnalysisPhase>(['Successful', 'Failed', 'Error', 'Inconclusive']);

export function isCompletedPhase(phase: string | undefined): boolean {
  return phase !== undefined && COMPLETED.has(phase);
}

/** Asks a run to stop unless it already finished or was asked before. */
export function terminateIfRunning(run: ObservedAnalysisRun | undefined): Action[] {
  if (!run || run.terminating || isCompletedPhase(run.phase)) return [];
  return [{ type: 'terminateAnalysisRun', name: run.name }];
}

/** Argo's collision counter: `name`, then `name.1`, `name.2`, ... */
export function freeRunName(base: string, runs: ObservedAnalysisRun[]): string {
  const taken = new Set(runs.map((r) => r.name));
  if (!taken.has(base)) return base;
  let n = 1;
  while (taken.has(`${base}.${n}`)) n++;
  return `${base}.${n}`;
}

export function runStatusOf(run: {
  name: string;
  phase: string;
  message?: string | undefined;
}): RolloutAnalysisRunStatus {
  return run.message === undefined
    ? { name: run.name, status: run.phase }
    : { name: run.name, status: run.phase, message: run.message };
}

export interface NewRun {
  kind: AnalysisRunKind;
  analysis: RolloutAnalysis;
  podTemplateHash: string;
  revision: number;
  stepIndex?: number;
  /** Field path of the analysis block, for messages (`spec.strategy.canary.steps[2].analysis`). */
  where: string;
}

export interface RunSources {
  rollout: Rollout;
  /** status.stableRS as last written (podTemplateHashValue: Stable). */
  stableHash: string | undefined;
  /** Every run the rollout owns (names already taken). */
  existingRuns: ObservedAnalysisRun[];
  now: number;
}

export type PlannedRun =
  | { action: Action & { type: 'createAnalysisRun' }; observed: ObservedAnalysisRun }
  | { problems: string[] };

/**
 * A new run as Argo's newAnalysisRunFromRollout makes it: name with collision suffix, labels,
 * annotations, resolved arguments; or the problems that keep it from being created.
 */
export function buildAnalysisRun(run: NewRun, sources: RunSources): PlannedRun {
  const { rollout } = sources;
  const resolved = resolveAnalysisArgs(
    run.analysis,
    { rollout, stableHash: sources.stableHash, latestHash: run.podTemplateHash },
    run.where,
  );
  if (resolved.problems.length > 0) return { problems: resolved.problems };
  const name = freeRunName(
    analysisRunName(rollout.metadata.name ?? '', run.podTemplateHash, run.revision, run.kind, run.stepIndex),
    sources.existingRuns,
  );
  const labels: Record<string, string> = {
    [POD_TEMPLATE_HASH_LABEL]: run.podTemplateHash,
    [ANALYSIS_TYPE_LABEL]: analysisTypeLabel(run.kind),
  };
  if (run.stepIndex !== undefined) labels[ANALYSIS_STEP_INDEX_LABEL] = String(run.stepIndex);
  const instanceId = rollout.metadata.labels?.[CONTROLLER_INSTANCE_ID_LABEL];
  if (instanceId) labels[CONTROLLER_INSTANCE_ID_LABEL] = instanceId;
  Object.assign(labels, run.analysis.analysisRunMetadata?.labels, rollout.spec.selector?.matchLabels);
  const annotations = { [REVISION_ANNOTATION]: String(run.revision), ...run.analysis.analysisRunMetadata?.annotations };
  const base = {
    type: 'createAnalysisRun' as const,
    name,
    kind: run.kind,
    podTemplateHash: run.podTemplateHash,
    analysis: resolved.analysis,
    labels,
    annotations,
  };
  const action = run.stepIndex === undefined ? base : { ...base, stepIndex: run.stepIndex };
  const observed: ObservedAnalysisRun = {
    name,
    kind: run.kind,
    podTemplateHash: run.podTemplateHash,
    phase: 'Pending',
    createdAt: sources.now,
  };
  if (run.stepIndex !== undefined) observed.stepIndex = run.stepIndex;
  return { action, observed };
}

/**
 * A run this rollout already made for `run` (its name, or its name with a collision suffix; same
 * kind, pod template and step) that is neither finished nor asked to stop. It exists when a pass
 * created it but its status write was lost (the create's answer lost, a conflict): as Argo's
 * CreateWithCollisionCounter, the pass takes it back instead of stopping it and making another.
 */
export function reclaimableRun(
  rollout: Rollout,
  runs: readonly ObservedAnalysisRun[],
  run: NewRun,
): ObservedAnalysisRun | undefined {
  const base = analysisRunName(rollout.metadata.name ?? '', run.podTemplateHash, run.revision, run.kind, run.stepIndex);
  return runs.find(
    (existing) =>
      (existing.name === base ||
        (existing.name.startsWith(`${base}.`) && /^\d+$/.test(existing.name.slice(base.length + 1)))) &&
      existing.kind === run.kind &&
      existing.podTemplateHash === run.podTemplateHash &&
      existing.stepIndex === run.stepIndex &&
      !existing.terminating &&
      !isCompletedPhase(existing.phase),
  );
}

/** buildAnalysisRun in a reconciliation: the create action is queued, problems become an InvalidSpec condition. */
export function startAnalysisRun(ctx: EngineContext, run: NewRun): ObservedAnalysisRun | undefined {
  const reclaimed = reclaimableRun(ctx.rollout, ctx.observed.analysisRuns, run);
  if (reclaimed) return reclaimed;
  const planned = buildAnalysisRun(run, {
    rollout: ctx.rollout,
    stableHash: ctx.previous.stableRS,
    existingRuns: ctx.observed.analysisRuns,
    now: ctx.now,
  });
  if ('problems' in planned) {
    ctx.problems.push(...planned.problems);
    return undefined;
  }
  ctx.actions.push(planned.action);
  return planned.observed;
}

/**
 * Argo's emitAnalysisRunStatusChanges: an `AnalysisRun<Phase>` event when the current run of a kind
 * shows a phase the last status did not record (Warning for Failed and Error).
 */
export function emitRunStatusChange(
  ctx: EngineContext,
  previous: RolloutAnalysisRunStatus | undefined,
  run: ObservedAnalysisRun | undefined,
  kind: AnalysisRunKind,
): void {
  if (!run || ctx.actions.some((a) => a.type === 'createAnalysisRun' && a.name === run.name)) return;
  if (previous && (previous.name !== run.name || previous.status === run.phase)) return;
  const type = run.phase === 'Failed' || run.phase === 'Error' ? 'Warning' : 'Normal';
  const message = `${analysisTypeLabel(kind)} Analysis Run '${run.name}' Status New: '${run.phase}' Previous: '${previous?.status ?? 'NoPreviousStatus'}'`;
  emitEvent(ctx, type, `AnalysisRun${run.phase}`, message);
}

/** Deletes completed runs that are not current beyond successfulRunHistoryLimit / unsuccessfulRunHistoryLimit, oldest first. */
export function garbageCollectRuns(ctx: EngineContext, current: ReadonlySet<string>): void {
  if (ctx.observed.analysisRuns.length === 0) return;
  const limits = ctx.rollout.spec.analysis ?? {};
  const done = ctx.observed.analysisRuns
    .filter((run) => !current.has(run.name) && isCompletedPhase(run.phase))
    .sort((a, b) => b.createdAt - a.createdAt);
  const successful = done.filter((run) => run.phase === 'Successful');
  const unsuccessful = done.filter((run) => run.phase !== 'Successful');
  const drop = [
    ...successful.slice(limits.successfulRunHistoryLimit ?? DEFAULTS.successfulRunHistoryLimit),
    ...unsuccessful.slice(limits.unsuccessfulRunHistoryLimit ?? DEFAULTS.unsuccessfulRunHistoryLimit),
  ];
  for (const run of drop) ctx.actions.push({ type: 'deleteAnalysisRun', name: run.name });
}
