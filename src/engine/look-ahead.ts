// decideAhead(observed, now): decide, then keep deciding from the state the actions lead to for as
// long as that state can be foreseen exactly. A pass that ends a pause only moves the step in the
// status; the traffic for the new step would come in the next pass, after the runtime's caches show
// the status write. Deciding that next pass at once puts the new weight in the same reconcile: one
// round trip instead of two, and one status write.
//
// Foreseeable: the rollout's status and annotations, traffic, Service selectors, ReplicaSet sizes
// and annotations. Not foreseeable (the look-ahead stops before deciding again): a ReplicaSet created
// or deleted, pods restarted, AnalysisRuns created or ended, pod template metadata, a router that
// verifies what it applied (until it reports, the next pass would see the traffic unverified).
import type { Rollout } from '../api/types/rollout.ts';
import { decide } from './decide.ts';
import { jsonEqual } from '../api/json-equal.ts';
import { applyMetadataChanges } from './metadata-changes.ts';
import { REVISION_ANNOTATION } from '../conventions/labels.ts';
import type { Action, Decision, ObservedReplicaSet, ObservedState } from './types.ts';

/** Passes decided at most in one call; the engine settles in two or three. */
const MAX_PASSES = 4;

export function decideAhead(observed: ObservedState, now: number): Decision {
  let decision = decide(observed, now);
  // Nothing to do and the status as observed (most passes: a resync, an event that changes nothing):
  // the state after the decision is the one observed, and deciding from it again would give it again.
  const read = observed.rollout.status;
  if (decision.actions.length === 0 && read !== undefined && sameFields(decision.status, read)) return decision;
  let state = observed;
  for (let pass = 2; pass <= MAX_PASSES; pass++) {
    const next = stateAfter(state, decision);
    if (next === undefined) break;
    const following = decide(next, now);
    if (following.actions.length === 0 && sameStatus(following, decision)) {
      // Nothing more to do, but the state reached may have a time of its own (a pause that just began).
      if (following.requeueAfterMs !== undefined) decision = { ...decision, requeueAfterMs: following.requeueAfterMs };
      break;
    }
    decision = {
      status: following.status,
      actions: ordered(decision.actions, following.actions, observed),
      events: [...decision.events, ...following.events],
      ...(following.requeueAfterMs !== undefined ? { requeueAfterMs: following.requeueAfterMs } : {}),
    };
    state = next;
    if (following.actions.length === 0) break;
  }
  return decision;
}

/**
 * The later pass's actions after the earlier ones, except a return of all traffic to the current
 * stable version (an abort): it goes first, since nothing before it protects users and each write
 * ahead of it delays it. Only when the earlier actions move no traffic and no Service selector, so
 * the order cannot matter to where requests go.
 */
export function ordered(earlier: Action[], later: Action[], observed: ObservedState): Action[] {
  const movesRequests = (action: Action): boolean =>
    action.type === 'setTraffic' || action.type === 'setServiceSelector';
  const first = later.findIndex((action) => isReturnToStable(action, observed));
  if (first === -1 || earlier.some(movesRequests)) return [...earlier, ...later];
  return [later[first]!, ...earlier, ...later.slice(0, first), ...later.slice(first + 1)];
}

/** `action` sends all traffic to the stable version the router serves now, with no header or mirror route. */
export function isReturnToStable(action: Action, observed: ObservedState): boolean {
  const stableHash = observed.traffic?.applied?.stableHash;
  if (action.type !== 'setTraffic' || stableHash === undefined) return false;
  const { traffic } = action;
  return (
    traffic.canaryWeight === 0 &&
    traffic.stableHash === stableHash &&
    traffic.headerRoutes.length === 0 &&
    traffic.mirrorRoutes.length === 0
  );
}

function sameStatus(a: Decision, b: Decision): boolean {
  return jsonEqual(a.status, b.status);
}

/**
 * The same values with the same fields (in any order), a field set to undefined not the same as one
 * left out: what the engine reads from one it reads from the other.
 */
function sameFields(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameFields(a[index], b[index])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Own members by for-in (no array of keys made per object); arrays are walked by index above.
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key)) continue;
    if (!Object.hasOwn(right, key) || !sameFields(left[key], right[key])) return false;
    count++;
  }
  for (const key in right) if (Object.hasOwn(right, key)) count--;
  return count === 0;
}

/** What the next pass would observe once every action of `decision` is carried out, or undefined when that cannot be known. */
export function stateAfter(observed: ObservedState, decision: Decision): ObservedState | undefined {
  const rollout: Rollout = { ...observed.rollout, metadata: { ...observed.rollout.metadata }, status: decision.status };
  const next: ObservedState = { ...observed, rollout, replicaSets: [...observed.replicaSets] };
  if (observed.serviceSelectors) next.serviceSelectors = { ...observed.serviceSelectors };
  for (const action of decision.actions) {
    if (!foresee(next, action)) return undefined;
  }
  return next;
}

function foresee(state: ObservedState, action: Action): boolean {
  switch (action.type) {
    case 'setTraffic':
      if (state.traffic === undefined || state.traffic.verified !== 'cannot-verify') return false;
      state.traffic = { applied: structuredClone(action.traffic), verified: 'cannot-verify' };
      return true;
    case 'setServiceSelector':
      if (state.serviceSelectors === undefined) return false;
      state.serviceSelectors[action.service] = action.podTemplateHash;
      return true;
    case 'scaleReplicaSet':
      return changeReplicaSet(state, action.name, (rs) =>
        withAnnotations({ ...rs, replicas: action.replicas }, action.annotations),
      );
    case 'updateReplicaSetMetadata':
      if (action.podLabels !== undefined || action.podAnnotations !== undefined) return false;
      return changeReplicaSet(state, action.name, (rs) => withAnnotations(rs, action.annotations));
    case 'scaleDeployment':
      if (state.workloadRefDeployment?.name !== action.name) return false;
      state.workloadRefDeployment = { ...state.workloadRefDeployment, replicas: action.replicas };
      return true;
    case 'setRolloutAnnotations':
      state.rollout.metadata.annotations = applyMetadataChanges(
        state.rollout.metadata.annotations ?? {},
        action.annotations,
      );
      return true;
    case 'createReplicaSet':
    case 'deleteReplicaSet':
    case 'deletePod':
    case 'createAnalysisRun':
    case 'terminateAnalysisRun':
    case 'deleteAnalysisRun':
    case 'createExperiment':
    case 'terminateExperiment':
    case 'deleteExperiment':
      return false;
  }
}

function changeReplicaSet(
  state: ObservedState,
  name: string,
  change: (rs: ObservedReplicaSet) => ObservedReplicaSet,
): boolean {
  const index = state.replicaSets.findIndex((rs) => rs.name === name);
  if (index === -1) return false;
  state.replicaSets[index] = change(state.replicaSets[index]!);
  return true;
}

/** The ReplicaSet with its annotations changed; its revision is read from them, as a runtime reads it. */
function withAnnotations(
  rs: ObservedReplicaSet,
  changes: Record<string, string | null> | undefined,
): ObservedReplicaSet {
  const annotations = applyMetadataChanges(rs.annotations, changes);
  const revision = Number(annotations[REVISION_ANNOTATION]);
  return { ...rs, annotations, revision: Number.isInteger(revision) && revision > 0 ? revision : rs.revision };
}
