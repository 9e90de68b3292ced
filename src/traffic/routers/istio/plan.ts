// The pure core of the Istio traffic router: (rollout, desired traffic, current objects) -> the
// objects to write. Runtimes read the VirtualServices and the DestinationRule, call this, and
// write the objects marked `changed`. Any problem anywhere means nothing is written: live traffic
// never changes on a rejected input.
import { jsonEqual } from '../../../api/json-equal.ts';
import type { DestinationRule, VirtualService } from '../../../api/types/istio.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic, TrafficProblem } from '../../desired.ts';
import { destinationRuleHost, updateDestinationRule } from './destination-rule.ts';
import { istioRefsOf, objectLabel, type IstioRefs } from './references.ts';
import { updateVirtualService } from './virtual-service.ts';

export interface IstioObjects {
  /** The referenced VirtualServices as read (any order; matched by namespace and name). */
  virtualServices: VirtualService[];
  destinationRule?: DestinationRule;
}

export interface PlannedObject<T> {
  namespace: string;
  name: string;
  object: T;
  /** True when `object` differs from what was read and must be written. */
  changed: boolean;
}

export interface IstioPlan {
  virtualServices: Array<PlannedObject<VirtualService>>;
  destinationRule?: PlannedObject<DestinationRule>;
  problems: TrafficProblem[];
}

const ROLLOUT_FIELD = 'spec.strategy.canary.trafficRouting.istio';

function findObject<T extends { metadata: { name?: string; namespace?: string } }>(
  objects: T[],
  namespace: string,
  name: string,
  fallbackNamespace: string,
): T | undefined {
  return objects.find((o) => o.metadata.name === name && (o.metadata.namespace ?? fallbackNamespace) === namespace);
}

function desiredProblems(desired: DesiredTraffic, rollout: string): TrafficProblem[] {
  const weight = desired.canaryWeight;
  if (Number.isInteger(weight) && weight >= 0 && weight <= 100) return [];
  return [
    {
      object: rollout,
      path: 'canaryWeight',
      message: `the canary weight ${weight} is not a whole number between 0 and 100`,
    },
  ];
}

function refsProblems(refs: IstioRefs, rollout: string): TrafficProblem[] {
  const problems: TrafficProblem[] = [];
  if (refs.virtualServices.length === 0) {
    problems.push({
      object: rollout,
      path: ROLLOUT_FIELD,
      message: 'names no VirtualService: set virtualService or virtualServices',
    });
  }
  if (!refs.destinationRule && (!refs.canaryService || !refs.stableService)) {
    problems.push({
      object: rollout,
      path: 'spec.strategy.canary',
      message:
        'host-level Istio splitting needs both canaryService and stableService; for subset-level splitting set trafficRouting.istio.destinationRule',
    });
  }
  return problems;
}

/** The rollout's references; the Services in the roles `desired` gives them when they take turns (ping-pong). */
function refsFor(rollout: Rollout, desired: DesiredTraffic): IstioRefs | undefined {
  const refs = istioRefsOf(rollout);
  if (!refs || !desired.services) return refs;
  return { ...refs, stableService: desired.services.stable, canaryService: desired.services.canary };
}

export function planIstioTraffic(rollout: Rollout, desired: DesiredTraffic, current: IstioObjects): IstioPlan {
  const refs = refsFor(rollout, desired);
  const rolloutLabel = objectLabel('Rollout', rollout.metadata.namespace, rollout.metadata.name);
  const unchanged = (problems: TrafficProblem[]): IstioPlan => ({
    virtualServices: current.virtualServices.map((vs) => ({
      namespace: vs.metadata.namespace ?? refs?.namespace ?? 'default',
      name: vs.metadata.name ?? '',
      object: vs,
      changed: false,
    })),
    ...(current.destinationRule
      ? {
          destinationRule: {
            namespace: current.destinationRule.metadata.namespace ?? refs?.namespace ?? 'default',
            name: current.destinationRule.metadata.name ?? '',
            object: current.destinationRule,
            changed: false,
          },
        }
      : {}),
    problems,
  });
  if (!refs)
    return unchanged([
      { object: rolloutLabel, path: ROLLOUT_FIELD, message: 'the rollout does not use Istio traffic routing' },
    ]);
  const problems = [...desiredProblems(desired, rolloutLabel), ...refsProblems(refs, rolloutLabel)];
  if (problems.length > 0) return unchanged(problems);

  let destinationRule: PlannedObject<DestinationRule> | undefined;
  if (refs.destinationRule) {
    const ref = refs.destinationRule;
    const label = objectLabel('DestinationRule', ref.namespace, ref.name);
    const found =
      current.destinationRule && findObject([current.destinationRule], ref.namespace, ref.name, refs.namespace);
    if (!found) {
      problems.push({
        object: label,
        path: '',
        message: `not found (${ROLLOUT_FIELD}.destinationRule.name): create it or fix the name`,
      });
    } else {
      const update = updateDestinationRule(found, ref, desired, refs.rolloutName, label);
      problems.push(...update.problems);
      destinationRule = {
        namespace: ref.namespace,
        name: ref.name,
        object: update.destinationRule,
        changed: !jsonEqual(update.destinationRule, found),
      };
    }
  }
  const canaryHost = refs.destinationRule ? destinationRuleHost(current.destinationRule) : refs.canaryService;

  const virtualServices: Array<PlannedObject<VirtualService>> = [];
  for (const ref of refs.virtualServices) {
    const found = findObject(current.virtualServices, ref.namespace, ref.name, refs.namespace);
    if (!found) {
      problems.push({
        object: objectLabel('VirtualService', ref.namespace, ref.name),
        path: '',
        message: `not found (${ref.field}.name): create it or fix the name`,
      });
      continue;
    }
    const update = updateVirtualService(found, ref, refs, desired, canaryHost);
    problems.push(...update.problems);
    virtualServices.push({
      namespace: ref.namespace,
      name: ref.name,
      object: update.virtualService,
      changed: !jsonEqual(update.virtualService, found),
    });
  }
  if (problems.length > 0) return unchanged(problems);
  return { virtualServices, ...(destinationRule ? { destinationRule } : {}), problems };
}
