// One analysis of an experiment (Argo's reconcileAnalysisRun): its template checked until the
// templates are available, then its AnalysisRun `<experiment>-<analysis>` created (never while
// terminating), followed until it completes, and terminated when the experiment ends first.
import type { Argument } from '../../api/types/analysis.ts';
import type { ExperimentAnalysisRunStatus, ExperimentAnalysisTemplateRef } from '../../api/types/experiment.ts';
import { CONTROLLER_INSTANCE_ID_LABEL } from '../../conventions/labels.ts';
import { emit, type ExperimentContext } from './context.ts';
import { experimentOwner } from './objects.ts';
import { isCompletedPhase, runStatusOf } from './rules.ts';
import { resolveExperimentArg } from './args.ts';

export function reconcileAnalysis(ctx: ExperimentContext, analysis: ExperimentAnalysisTemplateRef): void {
  const previous: ExperimentAnalysisRunStatus = runStatusOf(ctx.experiment.status ?? {}, analysis.name) ?? {
    name: analysis.name,
    analysisRun: '',
    phase: '',
  };
  const next = { ...previous };
  judge(ctx, analysis, next);
  if (previous.phase !== next.phase && next.phase !== '') {
    const message = `AnalysisRun '${analysis.name}' transitioned from ${previous.phase} -> ${next.phase}`;
    const warning = next.phase === 'Failed' || next.phase === 'Error' || next.phase === 'Inconclusive';
    const text = next.message ? `${message}: ${next.message}` : message;
    emit(ctx, warning ? 'Warning' : 'Normal', `AnalysisRun${next.phase}`, text);
    // A canary's experiment: the rollout gets the event too, so its notifications hear it (Argo
    // copies it as a Warning whatever the phase).
    const owner = ctx.experiment.metadata.ownerReferences?.find((ref) => ref.kind === 'Rollout');
    if (owner)
      ctx.events.push({
        type: 'Warning',
        reason: `AnalysisRun${next.phase}`,
        message: text,
        rollout: { name: owner.name, uid: owner.uid },
      });
  }
  const runs = [...(ctx.status.analysisRuns ?? [])];
  const index = runs.findIndex((entry) => entry.name === next.name);
  if (index >= 0) runs[index] = next;
  else runs.push(next);
  ctx.status.analysisRuns = runs;
}

function judge(
  ctx: ExperimentContext,
  analysis: ExperimentAnalysisTemplateRef,
  next: ExperimentAnalysisRunStatus,
): void {
  if (!ctx.experiment.status?.availableAt) {
    // Not available yet: no run, but a missing template is reported at once.
    const missing = ctx.observed.missingTemplates?.[analysis.name];
    if (missing !== undefined) {
      const kind = analysis.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      setPhase(next, 'Error', `${kind} verification failed for analysis '${analysis.name}': ${missing}`);
    }
    return;
  }
  if (next.analysisRun === '') {
    if (ctx.terminating) return;
    create(ctx, analysis, next);
    return;
  }
  if (isCompletedPhase(next.phase)) return;
  const run = ctx.observed.analysisRuns.find((entry) => entry.name === next.analysisRun);
  if (!run) {
    setPhase(next, 'Error', `analysisruns.argoproj.io "${next.analysisRun}" not found`);
    return;
  }
  if (ctx.terminating) {
    if (!isCompletedPhase(run.phase) && !run.terminating) {
      emit(ctx, 'Normal', 'AnalysisRunTerminating', `Terminating ${analysis.name} (${run.name})`);
      ctx.actions.push({ type: 'terminateAnalysisRun', name: run.name });
    }
    return;
  }
  setPhase(next, run.phase ?? 'Pending', run.message);
}

function create(
  ctx: ExperimentContext,
  analysis: ExperimentAnalysisTemplateRef,
  next: ExperimentAnalysisRunStatus,
): void {
  const args: Argument[] = [];
  for (const arg of analysis.args ?? []) {
    if (arg.value === undefined) {
      args.push({ ...arg });
      continue;
    }
    const resolved = resolveExperimentArg(arg.value, ctx.experiment, ctx.observed.replicaSets);
    if ('error' in resolved) {
      setPhase(next, 'Error', `Failed to create AnalysisRun for analysis '${analysis.name}': ${resolved.error}`);
      return;
    }
    args.push({ name: arg.name, value: resolved.value });
  }
  const name = `${ctx.experiment.metadata.name}-${analysis.name}`;
  const spec = ctx.experiment.spec;
  const instanceId = ctx.experiment.metadata.labels?.[CONTROLLER_INSTANCE_ID_LABEL];
  ctx.actions.push({
    type: 'createAnalysisRun',
    name,
    analysis: { ...analysis, args },
    ...(spec.dryRun ? { dryRun: spec.dryRun } : {}),
    ...(spec.measurementRetention ? { measurementRetention: spec.measurementRetention } : {}),
    labels: {
      ...(instanceId ? { [CONTROLLER_INSTANCE_ID_LABEL]: instanceId } : {}),
      ...spec.analysisRunMetadata?.labels,
    },
    annotations: { ...spec.analysisRunMetadata?.annotations },
    ownerReferences: [experimentOwner(ctx.experiment)],
  });
  next.analysisRun = name;
  setPhase(next, 'Pending');
}

function setPhase(
  next: ExperimentAnalysisRunStatus,
  phase: ExperimentAnalysisRunStatus['phase'],
  message?: string,
): void {
  next.phase = phase;
  if (message) next.message = message;
  else delete next.message;
}
