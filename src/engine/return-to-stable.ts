// An abort's return of all traffic to the stable version, on its own. Under a burst of aborts a
// runtime that carries out only this write, and leaves the rest of the decision (Services,
// ReplicaSets, status) to the rollout's next pass, makes every rollout safe before it finishes any
// one of them.
import { decide } from './decide.ts';
import { isReturnToStable, stateAfter } from './look-ahead.ts';
import type { Action, Decision, ObservedState } from './types.ts';

/**
 * The decision's first action when the decision aborts, that action returns all traffic to stable,
 * other actions follow it, and the pass after that action alone (the status unwritten) would leave
 * the traffic where it is. Otherwise undefined: the decision must be carried out whole. The last
 * condition matters for an abort that a pass finds only after setting traffic (a progress
 * deadline): its next pass would send the requests back to the canary before it aborted again.
 */
export function returnToStableAlone(observed: ObservedState, decision: Decision, now: number): Action | undefined {
  const [first, ...rest] = decision.actions;
  if (decision.status.abort !== true || first === undefined || rest.length === 0 || !isReturnToStable(first, observed))
    return undefined;
  const after = stateAfter(observed, { status: observed.rollout.status ?? {}, actions: [first], events: [] });
  if (after === undefined) return undefined;
  return decide(after, now).actions.some((action) => action.type === 'setTraffic') ? undefined : first;
}
