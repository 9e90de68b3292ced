// Services and a DestinationRule a Rollout stops naming (a blue-green rollout turned canary, a
// canary whose trafficRouting is dropped) get back what the loop injected into them: a Service
// loses its `rollouts-pod-template-hash` selector, a DestinationRule its subsets' hash labels and
// its managed-by annotation. As Argo's controller, which compares the Rollout before and after an
// update (removedKeys in rollout/controller.go) and cleans what the new spec no longer names, the
// loop compares the names of this pass with those of the last pass it ran for the rollout. What a
// pass cannot see (the Rollout deleted, or changed while no controller ran) is found from the
// objects' side: each carries the managed-by annotation naming its rollout (isAbandoned; the
// cluster's controller checks every such object at start and on each change, managed-objects.ts).
import { deepFreeze, isFrozenObject } from '../../api/deep-freeze.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import { MANAGED_BY_ROLLOUTS_ANNOTATION, POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import type { RolloutMemory, RolloutWriter } from './ports.ts';

export interface RolloutReferences {
  readonly services: readonly string[];
  readonly destinationRules: readonly string[];
}

/** The references of each frozen spec (deepFreeze: the controller's, read once per change of the Rollout), frozen. */
const referencesOfSpec = new WeakMap<object, RolloutReferences>();

/** The Services (Argo's GetRolloutServiceKeys) and the DestinationRule a Rollout names, in its namespace. */
export function referencesOf(rollout: Rollout): RolloutReferences {
  if (!isFrozenObject(rollout.spec)) return referencesNamed(rollout);
  let known = referencesOfSpec.get(rollout.spec);
  if (!known) referencesOfSpec.set(rollout.spec, (known = deepFreeze(referencesNamed(rollout))));
  return known;
}

function referencesNamed(rollout: Rollout): RolloutReferences {
  const { blueGreen, canary } = rollout.spec.strategy;
  const named = (names: Array<string | undefined>): string[] => names.filter((name): name is string => !!name);
  const services = blueGreen
    ? named([blueGreen.activeService, blueGreen.previewService])
    : named([
        canary?.canaryService,
        canary?.stableService,
        canary?.pingPong?.pingService,
        canary?.pingPong?.pongService,
      ]);
  return { services, destinationRules: named([canary?.trafficRouting?.istio?.destinationRule?.name]) };
}

export type ManagedKind = 'Service' | 'DestinationRule';

interface ManagedObject {
  metadata: { name?: string; annotations?: Record<string, string> };
  spec?: unknown;
}

/** The rollout a Service or DestinationRule says manages it (the managed-by annotation), or undefined. */
export function managingRollout(object: ManagedObject): string | undefined {
  const name = object.metadata.annotations?.[MANAGED_BY_ROLLOUTS_ANNOTATION];
  return name === undefined || name === '' ? undefined : name;
}

/**
 * Whether what a rollout injected into this Service or DestinationRule is to be removed, as Argo's
 * Service and DestinationRule controllers decide: the object carries the managed-by annotation and
 * the rollout it names (`rollout`, undefined when there is none) is gone or names it no more. A
 * Service that selects no revision is left as it is (Argo's Service controller looks no further).
 * This catches what the pass-to-pass comparison above cannot see: a Rollout deleted, or changed
 * while no controller ran.
 */
export function isAbandoned(kind: ManagedKind, object: ManagedObject, rollout: Rollout | undefined): boolean {
  if (managingRollout(object) === undefined) return false;
  if (kind === 'Service') {
    const selector = (object.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (selector?.[POD_TEMPLATE_HASH_LABEL] === undefined) return false;
  }
  if (rollout === undefined) return true;
  const named = referencesOf(rollout);
  return !(kind === 'Service' ? named.services : named.destinationRules).includes(object.metadata.name ?? '');
}

/** What `previous` names and `current` does not. */
export function releasedReferences(previous: RolloutReferences, current: RolloutReferences): RolloutReferences {
  const gone = (before: readonly string[], now: readonly string[]): string[] =>
    before.filter((name) => !now.includes(name));
  return {
    services: gone(previous.services, current.services),
    destinationRules: gone(previous.destinationRules, current.destinationRules),
  };
}

/**
 * Releases what the rollout named in the last pass and names no more, then remembers what it names
 * now. The first pass after a start has nothing to compare with and only remembers. A write that
 * fails throws, with the names kept, so the next pass releases them again.
 */
export async function releaseDroppedReferences(
  rollout: Stored<Rollout>,
  memory: RolloutMemory,
  writer: RolloutWriter,
): Promise<void> {
  const current = referencesOf(rollout);
  const previous = memory.references;
  // The same list as the last pass's (the same frozen spec): nothing was dropped.
  if (previous && previous !== current) {
    const namespace = rollout.metadata.namespace;
    const released = releasedReferences(previous, current);
    for (const service of released.services)
      await writer.setServiceSelector(namespace, service, '', rollout.metadata.name);
    for (const rule of released.destinationRules)
      await writer.releaseDestinationRule(namespace, rule, rollout.metadata.name);
  }
  memory.references = current;
}
