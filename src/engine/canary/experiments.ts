// Experiments of a canary (Argo's reconcileExperiments): the `experiment` step creates its
// Experiment, completes once it is Successful, aborts the rollout when it fails or errs and pauses
// it when Inconclusive; an abort, a full promotion or a step left behind terminates it; finished
// experiments beyond the run history limits, or of revisions gone, are deleted.
import { DEFAULTS } from '../../api/defaults.ts';
import { emitEvent, type EngineContext } from '../core/context.ts';
import { addAbort, addPause, isAborted, pauseCondition } from '../core/pause.ts';
import type { ObservedRolloutExperiment } from '../types.ts';
import { experimentBaseName, experimentForStep } from './experiment-object.ts';
import { currentStep } from './steps.ts';

const FINISHED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

function finished(experiment: ObservedRolloutExperiment): boolean {
  return experiment.phase !== undefined && FINISHED.has(experiment.phase);
}

/** The experiment the last status names as current. */
export function currentExperiment(ctx: EngineContext): ObservedRolloutExperiment | undefined {
  const name = ctx.previous.canary?.currentExperiment;
  return name ? ctx.observed.experiments?.find((experiment) => experiment.name === name) : undefined;
}

/** Carries out the experiment step; returns the experiment the step waits on (undefined when none). */
export function reconcileCanaryExperiments(ctx: EngineContext): ObservedRolloutExperiment | undefined {
  const all = ctx.observed.experiments ?? [];
  let current = currentExperiment(ctx);
  const others = all.filter((experiment) => experiment !== current);
  if (isAborted(ctx.pause) || ctx.previous.promoteFull) {
    terminate(ctx, all);
    return undefined;
  }
  if (pauseCondition(ctx.previous, 'InconclusiveAnalysisRun')) return current;
  const { step, index } = currentStep(ctx.rollout, ctx.previous);
  const experimentStep = step?.experiment;
  if (experimentStep && index !== undefined) {
    if (!current) current = create(ctx, experimentStep, index);
    if (current) judge(ctx, current);
  }
  const left = current && !experimentStep ? [...others, current] : others;
  terminate(ctx, left);
  collectGarbage(ctx, left);
  return experimentStep ? current : undefined;
}

function create(
  ctx: EngineContext,
  step: NonNullable<ReturnType<typeof currentStep>['step']>['experiment'] & object,
  index: number,
): ObservedRolloutExperiment | undefined {
  if (!ctx.roles.stableRS || !ctx.roles.newRS) return undefined;
  const base = experimentBaseName(ctx, index);
  const taken = ctx.observed.experiments ?? [];
  // A running experiment of this name is this step's (a status write lost); a finished one is not reused.
  let name = base;
  for (let n = 1; ; n++) {
    const existing = taken.find((experiment) => experiment.name === name);
    if (!existing) break;
    if (!finished(existing) && existing.podTemplateHash === ctx.roles.currentPodHash) return existing;
    name = `${base}-${n}`;
  }
  const built = experimentForStep(ctx, step, index, name);
  if ('problems' in built) {
    ctx.problems.push(...built.problems);
    return undefined;
  }
  ctx.actions.push({ type: 'createExperiment', experiment: built.experiment });
  emitEvent(ctx, 'Normal', 'ExperimentCreated', `Created Experiment '${name}'`);
  return { name, podTemplateHash: ctx.roles.currentPodHash, createdAt: ctx.now, templates: [] };
}

function judge(ctx: EngineContext, experiment: ObservedRolloutExperiment): void {
  switch (experiment.phase) {
    case 'Inconclusive':
      addPause(ctx.pause, 'InconclusiveExperiment');
      return;
    case 'Error':
    case 'Failed':
      addAbort(
        ctx.pause,
        `Experiment analysis phase is error/failed${experiment.message ? `: ${experiment.message}` : ''}`,
      );
      return;
    case 'Successful':
      return;
    default:
      ctx.partial.canary = { ...ctx.partial.canary, currentExperiment: experiment.name };
  }
}

function terminate(ctx: EngineContext, experiments: ObservedRolloutExperiment[]): void {
  for (const experiment of experiments) {
    if (experiment.terminating || finished(experiment)) continue;
    if (ctx.actions.some((action) => action.type === 'terminateExperiment' && action.name === experiment.name))
      continue;
    ctx.actions.push({ type: 'terminateExperiment', name: experiment.name });
  }
}

/** Argo's FilterExperimentsToDelete: experiments of revisions gone, and finished ones beyond the history limits. */
function collectGarbage(ctx: EngineContext, experiments: ObservedRolloutExperiment[]): void {
  if (experiments.length === 0) return;
  const hashes = new Set(ctx.observed.replicaSets.map((rs) => rs.podTemplateHash));
  const limits = ctx.rollout.spec.analysis ?? {};
  let successful = limits.successfulRunHistoryLimit ?? DEFAULTS.successfulRunHistoryLimit;
  let unsuccessful = limits.unsuccessfulRunHistoryLimit ?? DEFAULTS.unsuccessfulRunHistoryLimit;
  for (const experiment of [...experiments].sort((a, b) => b.createdAt - a.createdAt)) {
    let drop = !hashes.has(experiment.podTemplateHash);
    if (!drop && experiment.phase === 'Successful') drop = successful-- <= 0;
    else if (!drop && finished(experiment)) drop = unsuccessful-- <= 0;
    if (drop) ctx.actions.push({ type: 'deleteExperiment', name: experiment.name });
  }
}

/** The experiment step is complete once its experiment is Successful (Argo's completedCurrentCanaryStep). */
export function experimentStepCompleted(experiment: ObservedRolloutExperiment | undefined): boolean {
  return experiment?.phase === 'Successful';
}

/** The weighted destinations of the current experiment while it runs (Argo's calculateWeightDestinationsFromExperiment). */
export function experimentDestinations(ctx: EngineContext) {
  const { step } = currentStep(ctx.rollout, ctx.previous);
  const experiment = currentExperiment(ctx);
  if (!step?.experiment || experiment?.phase !== 'Running') return [];
  return experiment.templates.flatMap((template) => {
    const weight = step.experiment?.templates.find((entry) => entry.name === template.name)?.weight;
    // A template without its Service yet has nothing to route to.
    if (weight === undefined || !template.serviceName) return [];
    return [{ serviceName: template.serviceName, podTemplateHash: template.podTemplateHash ?? '', weight }];
  });
}
