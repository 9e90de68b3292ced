// One pass of an Experiment, as Argo's experiment controller reconciles it: a spec Argo refuses gets
// an InvalidSpec condition and nothing else; otherwise every template, then every analysis, then
// the phase and conditions. Pure: the runtime observes, carries out the actions, writes the status.
import { experimentContext } from './context.ts';
import { reconcileAnalysis } from './analyses.ts';
import { calculatePhase, scheduleNextLook } from './status.ts';
import { reconcileTemplate } from './templates.ts';
import { invalidSpecMessage, withInvalidSpec, withoutInvalidSpec } from './spec-check.ts';
import type { ExperimentDecision, ObservedExperiment } from './types.ts';

export function decideExperiment(observed: ObservedExperiment, now: number): ExperimentDecision {
  const ctx = experimentContext(observed, now);
  const invalid = invalidSpecMessage(ctx.experiment);
  if (invalid !== undefined) return { status: withInvalidSpec(ctx, invalid), actions: [], events: [] };
  for (const template of ctx.experiment.spec.templates) reconcileTemplate(ctx, template);
  for (const analysis of ctx.experiment.spec.analyses ?? []) reconcileAnalysis(ctx, analysis);
  withoutInvalidSpec(ctx);
  calculatePhase(ctx);
  scheduleNextLook(ctx);
  const decision: ExperimentDecision = { status: ctx.status, actions: ctx.actions, events: ctx.events };
  if (ctx.requeueAfterMs !== undefined) decision.requeueAfterMs = ctx.requeueAfterMs;
  return decision;
}
