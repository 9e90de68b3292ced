// The engine's entry point: decide(observed, now) -> Decision. Pure: the same observation at the
// same instant always gives the same decision. See docs/adr/0002-engine-interface.md.
import type { Decision, ObservedState } from './types.ts';
import { buildContext, decisionOf } from './core/context.ts';
import { invalidSpecStatus, specProblems } from './core/spec-check.ts';
import { reconcileCanary } from './canary/reconcile.ts';
import { reconcileBlueGreen } from './bluegreen/reconcile.ts';

export function decide(observed: ObservedState, now: number): Decision {
  const generation = String(observed.rollout.metadata.generation ?? 1);
  const problems = specProblems(observed.rollout, observed.referenceErrors);
  if (problems.length > 0) {
    return {
      status: invalidSpecStatus(observed.rollout.status ?? {}, problems, generation, now),
      actions: [],
      events: [],
    };
  }
  if (observed.rollout.spec.strategy.blueGreen) return reconcileBlueGreen(observed, now);
  const ctx = buildContext(observed, now);
  return decisionOf(ctx, reconcileCanary(ctx));
}
