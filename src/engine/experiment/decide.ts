// One pass of an Experiment, as Argo's experiment controller reconciles it: a spec Argo refuses gets
// an InvalidSpec condition and nothing else; otherwise every template, then every analysis, then
// the phase and conditions, and an event when the phase changes. Pure: the runtime observes, carries out the actions, writes the status.
import { experimentContext } from './context.ts';
import { reconcileAnalysis } from './analyses.ts';
import { calculatePhase, scheduleNextLook } from './status.ts';
import { reconcileTemplate } from './templates.ts';
import { invalidSpecMessage, withInvalidSpec, withoutInvalidSpec } from './spec-check.ts';
import type { ExperimentDecision, ExperimentEvent, ObservedExperiment } from './types.ts';

export function decideExperiment(observed: ObservedExperiment, now: number): ExperimentDecision {
  const ctx = experimentContext(observed, now);
  const invalid = invalidSpecMessage(ctx.experiment);
  const before = ctx.experiment.status?.phase ?? '';
  if (invalid !== undefined) {
    const status = withInvalidSpec(ctx, invalid);
    return { status, actions: [], events: phaseEvent(before, status.phase ?? '') };
  }
  for (const template of ctx.experiment.spec.templates) reconcileTemplate(ctx, template);
  for (const analysis of ctx.experiment.spec.analyses ?? []) reconcileAnalysis(ctx, analysis);
  withoutInvalidSpec(ctx);
  calculatePhase(ctx);
  scheduleNextLook(ctx);
  const events = [...ctx.events, ...phaseEvent(before, ctx.status.phase ?? '')];
  const decision: ExperimentDecision = { status: ctx.status, actions: ctx.actions, events };
  if (ctx.requeueAfterMs !== undefined) decision.requeueAfterMs = ctx.requeueAfterMs;
  return decision;
}

/** Argo's `Experiment<Phase>` event on a change of phase, a Warning when it went wrong. */
function phaseEvent(before: string, after: string): ExperimentEvent[] {
  if (after === before || after === '') return [];
  const warning = after === 'Error' || after === 'Failed' || after === 'Inconclusive';
  return [
    {
      type: warning ? 'Warning' : 'Normal',
      reason: `Experiment${after}`,
      message: `Experiment transitioned from ${before} -> ${after}`,
    },
  ];
}
