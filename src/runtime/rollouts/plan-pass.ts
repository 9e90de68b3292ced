// The one place the runtimes ask the engine what to do: decideAhead (the passes that can be foreseen
// are decided at once) and returnToStableAlone (an abort's return of all traffic to stable goes out
// on its own, ahead of everything else the abort changes). Both runtimes plan every pass here.
import { decideAhead } from '../../engine/look-ahead.ts';
import { returnToStableAlone } from '../../engine/return-to-stable.ts';
import type { Action, Decision, ObservedState } from '../../engine/types.ts';

export interface PassPlan {
  decision: Decision;
  /**
   * Set when the pass carries out only this action (an abort's return of traffic to stable) and
   * writes nothing else: the rest of the decision, status included, is decided again in the next pass.
   */
  alone?: Action;
}

export function planPass(observed: ObservedState, now: number): PassPlan {
  const decision = decideAhead(observed, now);
  const alone = returnToStableAlone(observed, decision, now);
  return alone ? { decision, alone } : { decision };
}

/** The actions the pass carries out. */
export function actionsOf(plan: PassPlan): Action[] {
  return plan.alone ? [plan.alone] : plan.decision.actions;
}
