// The state of one reconciliation: what was observed, what the steps decided so far (actions,
// events, status fields, pause/abort bookkeeping) and when to look again. Built once per decide().
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import type { Action, Decision, ObservedReplicaSet, ObservedState, RolloutEvent } from '../types.ts';
import { classifyReplicaSets, newRevision, type ReplicaSetRoles } from './revisions.ts';
import { isAborted, newPauseBook, removeAbort, type PauseBook } from './pause.ts';

export interface EngineContext {
  readonly observed: ObservedState;
  readonly rollout: Rollout;
  /** The last written status (a copy: creating the new ReplicaSet records its condition here, as Argo does). */
  previous: RolloutStatus;
  readonly now: number;
  /** ReplicaSets by role; copies that this pass updates as it decides scale changes. */
  roles: ReplicaSetRoles;
  /** Revision number of the new ReplicaSet. */
  revision: number;
  pause: PauseBook;
  /** Status fields decided by the strategy steps (weights, analysis run statuses, selectors, restartedAt). */
  partial: RolloutStatus;
  actions: Action[];
  events: RolloutEvent[];
  requeueAfterMs: number | undefined;
  /** Problems found while deciding (an analysis argument that cannot be resolved): an InvalidSpec condition. */
  problems: string[];
}

export function buildContext(observed: ObservedState, now: number): EngineContext {
  const copy: ObservedState = {
    ...observed,
    replicaSets: observed.replicaSets.map((rs) => ({ ...rs, annotations: { ...rs.annotations } })),
  };
  const roles = classifyReplicaSets(copy);
  const previous: RolloutStatus = { ...(observed.rollout.status ?? {}) };
  if (previous.conditions) previous.conditions = [...previous.conditions];
  const partial: RolloutStatus = {};
  if (previous.restartedAt !== undefined) partial.restartedAt = previous.restartedAt;
  // Traffic weights in place carry over until a traffic step recomputes them (a pass that only
  // records a template change must not forget what the stable still serves).
  if (previous.canary?.weights) partial.canary = { weights: previous.canary.weights };
  const pause = newPauseBook(previous);
  // As Argo's newRolloutContext: a fully promoted rollout (the stable is the current revision)
  // has no update to abort, so an abort set on it is removed rather than carried out.
  if (previous.stableRS === previous.currentPodHash && isAborted(pause)) removeAbort(pause);
  return {
    observed: copy,
    rollout: observed.rollout,
    previous,
    now,
    roles,
    revision: newRevision(roles),
    pause,
    partial,
    actions: [],
    events: [],
    requeueAfterMs: undefined,
    problems: [],
  };
}

export function allReplicaSets(ctx: EngineContext): ObservedReplicaSet[] {
  const { newRS, olderRSs } = ctx.roles;
  return newRS ? [newRS, ...olderRSs] : [...olderRSs];
}

/** Ask to be called again within `ms` (the earliest request wins). */
export function requeueAfter(ctx: EngineContext, ms: number): void {
  const wait = Math.max(0, Math.ceil(ms));
  if (ctx.requeueAfterMs === undefined || wait < ctx.requeueAfterMs) ctx.requeueAfterMs = wait;
}

export function emitEvent(ctx: EngineContext, type: RolloutEvent['type'], reason: string, message: string): void {
  ctx.events.push({ type, reason, message });
}

export function rolloutName(ctx: EngineContext): string {
  return ctx.rollout.metadata.name ?? '';
}

/** Keeps role lists pointing at one object per ReplicaSet after it was replaced by an updated copy. */
export function replaceReplicaSet(ctx: EngineContext, before: ObservedReplicaSet, after: ObservedReplicaSet): void {
  const swap = (rs: ObservedReplicaSet) => (rs === before ? after : rs);
  const roles = ctx.roles;
  ctx.roles = {
    ...roles,
    newRS: roles.newRS && swap(roles.newRS),
    stableRS: roles.stableRS && swap(roles.stableRS),
    olderRSs: roles.olderRSs.map(swap),
    otherRSs: roles.otherRSs.map(swap),
  };
}

/** The decision a finished reconciliation hands to the runtime. */
export function decisionOf(ctx: EngineContext, status: RolloutStatus): Decision {
  const decision: Decision = { status, actions: ctx.actions, events: ctx.events };
  if (ctx.requeueAfterMs !== undefined) decision.requeueAfterMs = ctx.requeueAfterMs;
  return decision;
}
