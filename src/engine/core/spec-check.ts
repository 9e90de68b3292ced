// Checks the engine makes before acting: an invalid spec (or a referenced object the runtime could
// not find), or a feature the capability table (src/api/capabilities.ts) holds the whole Rollout
// for, gets an InvalidSpec condition and the rollout is left as it was.
import { isFrozenObject } from '../../api/deep-freeze.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import { pauseDurationSeconds } from '../../api/duration.ts';
import { maxTrafficWeightOf } from '../../api/defaults.ts';
import { capabilitySentence, missingFeatures } from '../../api/capabilities.ts';
import { formatPath } from '../../api/manifests/field-path.ts';
import { getCondition, newCondition, Reason, setCondition } from './conditions.ts';
import { workloadRefWithTemplate, workloadRefWithTemplateMessage } from './workload-ref.ts';

/** Problems that stop the engine from acting on this rollout, each a full sentence. */
export function specProblems(rollout: Rollout, referenceErrors: string[] = []): string[] {
  // As Argo, this one is found first and alone: the workloadRef is not resolved, nothing else checked.
  if (workloadRefWithTemplate(rollout)) return [workloadRefWithTemplateMessage(rollout)];
  return [...referenceErrors, ...problemsOfSpec(rollout)];
}

/**
 * The problems of the spec (they depend on nothing else), remembered by its identity when it is
 * frozen (deepFreeze: the controller's, read once per change of the Rollout): a pass decides two to
 * four times from one spec.
 */
const frozenSpecProblems = new WeakMap<object, readonly string[]>();

function problemsOfSpec(rollout: Rollout): readonly string[] {
  const frozen = isFrozenObject(rollout.spec);
  const known = frozen ? frozenSpecProblems.get(rollout.spec) : undefined;
  if (known) return known;
  const problems = checkSpec(rollout);
  if (frozen) frozenSpecProblems.set(rollout.spec, problems);
  return problems;
}

function checkSpec(rollout: Rollout): string[] {
  const problems: string[] = [];
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  if (!canary && !blueGreen)
    problems.push("Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'");
  if (canary && blueGreen) problems.push('Multiple Strategies can not be listed');
  if (!rollout.spec.selector) problems.push("Rollout has missing field '.spec.selector'");
  else if (
    Object.keys(rollout.spec.selector.matchLabels ?? {}).length === 0 &&
    (rollout.spec.selector.matchExpressions ?? []).length === 0
  ) {
    problems.push('This rollout is selecting all pods. A non-empty selector is required.');
  }
  for (const use of missingFeatures(rollout, 'rollout'))
    problems.push(`${formatPath(use.path)}: ${capabilitySentence(use.capability)}`);
  const pingPong = canary?.pingPong;
  if (pingPong) {
    // Argo's messages (InvalidPingPongProvidedMessage, DuplicatedPingPongServicesMessage), with the field.
    if (!pingPong.pingService || !pingPong.pongService) {
      problems.push(
        `spec.strategy.canary.pingPong.${pingPong.pingService ? 'pongService' : 'pingService'}: Ping service and Pong service must to be set to use Ping-Pong feature`,
      );
    } else if (pingPong.pingService === pingPong.pongService) {
      problems.push(
        'spec.strategy.canary.pingPong.pingService: This rollout uses the same service for the ping and pong services, but two different services are required.',
      );
    }
  }
  for (const [index, step] of (canary?.steps ?? []).entries()) {
    if (step.pause?.duration !== undefined) {
      try {
        pauseDurationSeconds(step.pause.duration);
      } catch (error) {
        problems.push(`spec.strategy.canary.steps[${index}].pause.duration: ${(error as Error).message}`);
      }
    }
    const total = maxTrafficWeightOf(rollout);
    if (step.setWeight !== undefined && (step.setWeight < 0 || step.setWeight > total)) {
      problems.push(
        `spec.strategy.canary.steps[${index}].setWeight: ${step.setWeight} must be between 0 and ${total} (maxTrafficWeight)`,
      );
    }
  }
  return problems;
}

/** The status for a rollout the engine refuses to act on: InvalidSpec, phase Degraded, nothing else touched. */
export function invalidSpecStatus(
  previous: RolloutStatus,
  problems: string[],
  generation: string,
  now: number,
): RolloutStatus {
  const next: RolloutStatus = { ...previous, conditions: [...(previous.conditions ?? [])] };
  const message = problems.join('; ');
  // The same problems keep the condition as it is, as Argo's createInvalidRolloutCondition does (its
  // status is then written only for a new generation). The condition is the status read's, which a
  // runtime's cache holds: it is never changed in place.
  if (getCondition(next, 'InvalidSpec')?.message !== message) {
    next.conditions = (next.conditions ?? []).filter((c) => c.type !== 'InvalidSpec');
    setCondition(next, newCondition('InvalidSpec', 'True', Reason.InvalidSpec, message, now));
  }
  next.observedGeneration = generation;
  next.phase = 'Degraded';
  next.message = `InvalidSpec: ${message}`;
  return next;
}
