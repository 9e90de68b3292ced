// ONE rollout pass, the same for both runtimes: observe once through the ports, plan the pass
// (planPass: the look-ahead and the abort's return of traffic first), carry out the actions once in
// the engine's order, record the decision's events and wait until the sink has them, then write the
// status the engine decided: whoever sees the new status can already list its events (Argo records
// most of a reconcile's events before its status patch; sluice records all of them). The first pass of a
// rollout the runtime had not seen records RolloutAddedToInformer first (informer-events.ts), and a
// Service or DestinationRule the rollout stopped naming is released (released-references.ts). It decides nothing
// and keeps no time of its own: what happens next (again at once, after a delay, on a change) is
// the runtime's driver's to choose from the outcome, with its own work queue.
import { jsonEqual } from '../../api/json-equal.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import type { Action, ObservedState } from '../../engine/types.ts';
import { addedToInformerEvent } from './informer-events.ts';
import { applyAction } from './apply-action.ts';
import { observeRollout } from './observe.ts';
import { actionsOf, planPass, type PassPlan } from './plan-pass.ts';
import { releaseDroppedReferences } from './released-references.ts';
import type { MissingObjectHints, RolloutMemory, RolloutPorts } from './ports.ts';

export interface PassOptions {
  ports: RolloutPorts;
  memory: RolloutMemory;
  now: number;
  hints: MissingObjectHints;
  /** Problems with the Rollout's spec as stored; none when the runtime checked it on the way in. */
  specProblems?: (rollout: Rollout) => string[];
  /** Asked before each action: false stops the pass there (the rollout was removed meanwhile). */
  proceed?: () => boolean;
  /** Hears the plan before any of it is carried out (log lines). */
  onPlan?: (plan: PassPlan, observed: ObservedState) => void;
}

export type PassOutcome =
  /** Observing or planning failed: nothing was changed. */
  | { kind: 'observeFailed'; error: Error }
  /** An action failed: the actions before it are carried out, nothing after it, and no status written. */
  | { kind: 'actionFailed'; plan: PassPlan; action: Action; error: Error }
  /** `proceed` said stop. */
  | { kind: 'stopped'; plan: PassPlan }
  /** Only the abort's return of traffic to stable was carried out: the rest is for the next pass, at once. */
  | { kind: 'returnedToStable'; plan: PassPlan }
  /** The actions are carried out but the Rollout changed meanwhile: its status was not written; decide again. */
  | { kind: 'conflict'; plan: PassPlan }
  /** The Rollout is gone. */
  | { kind: 'gone'; plan: PassPlan }
  /** The whole decision is carried out and its status written; `statusChanged` when it differs from the one read. */
  | { kind: 'done'; plan: PassPlan; statusChanged: boolean };

export async function runRolloutPass(rollout: Stored<Rollout>, options: PassOptions): Promise<PassOutcome> {
  const { ports, memory, now } = options;
  if (!memory.announced) {
    await ports.events.record(rollout, addedToInformerEvent(rollout), now);
    memory.announced = true;
  }
  let plan: PassPlan;
  try {
    await releaseDroppedReferences(rollout, memory, ports.writer);
    const observed = await observeRollout(rollout, {
      reader: ports.reader,
      workloads: ports.workloads,
      router: ports.router,
      appliedTraffic: memory.appliedTraffic,
      hints: options.hints,
      ...(options.specProblems ? { specProblems: options.specProblems } : {}),
    });
    plan = planPass(observed, now);
    options.onPlan?.(plan, observed);
  } catch (error) {
    return { kind: 'observeFailed', error: error as Error };
  }

  for (const action of actionsOf(plan)) {
    if (options.proceed && !options.proceed()) return { kind: 'stopped', plan };
    try {
      await applyAction(action, {
        ports,
        rollout,
        now,
        trafficApplied: (traffic) => (memory.appliedTraffic = traffic),
      });
    } catch (error) {
      return { kind: 'actionFailed', plan, action, error: error as Error };
    }
  }
  // Under a burst of aborts every rollout's traffic goes back before any one's Services, ReplicaSets and status.
  if (plan.alone) return { kind: 'returnedToStable', plan };

  const { decision } = plan;
  // As Argo, a status write that then conflicts leaves its events recorded; the next pass decides again.
  await Promise.all(decision.events.map((event) => ports.events.record(rollout, event, now)));
  const written = await ports.writer.writeRolloutStatus(rollout, decision.status);
  if (written !== 'written') return { kind: written, plan };
  // Compared only when asked (the local runtime asks; the controller's passes, mostly steady, do not).
  return {
    kind: 'done',
    plan,
    get statusChanged() {
      return !jsonEqual(decision.status, rollout.status ?? {});
    },
  };
}
