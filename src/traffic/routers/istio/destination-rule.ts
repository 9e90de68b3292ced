// The DestinationRule of subset-level splitting: the canary subset selects the canary pods and the
// stable subset the stable pods through the `rollouts-pod-template-hash` label; a weighted experiment
// template gets a subset named after its Service (removed once the experiment is no longer weighed).
// Every other subset and field is left as it is.
import type { DestinationRule } from '../../../api/types/istio.ts';
import type { IstioDestinationRuleRef } from '../../../api/types/traffic-routing.ts';
import type { DesiredTraffic, TrafficProblem, WeightedDestination } from '../../desired.ts';

export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** Written on the DestinationRule so the rollout that manages it can be found (as Argo Rollouts marks it). */
export const MANAGED_BY_ANNOTATION = 'argo-rollouts.argoproj.io/managed-by-rollouts';

interface SubsetEntry {
  name?: unknown;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

function setHash(subset: SubsetEntry, hash: string): void {
  const current = subset.labels?.[POD_TEMPLATE_HASH_LABEL];
  if (hash) {
    if (current === hash) return;
    subset.labels = { ...(subset.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  } else if (current !== undefined && subset.labels) {
    delete subset.labels[POD_TEMPLATE_HASH_LABEL];
  }
}

export function subsetsOf(rule: DestinationRule): SubsetEntry[] {
  const subsets = (rule.spec as { subsets?: unknown } | undefined)?.subsets;
  return Array.isArray(subsets) ? (subsets as SubsetEntry[]) : [];
}

/** A clone of `current` with the canary and stable subsets pointing at the desired hashes, or the problems. */
export function updateDestinationRule(
  current: DestinationRule,
  ref: IstioDestinationRuleRef,
  desired: Pick<DesiredTraffic, 'canaryHash' | 'stableHash' | 'additional'>,
  rolloutName: string,
  object: string,
): { destinationRule: DestinationRule; problems: TrafficProblem[] } {
  const next = structuredClone(current);
  const subsets = subsetsOf(next);
  const problems: TrafficProblem[] = [];
  const wanted: Array<[string, string, string]> = [
    [ref.canarySubsetName, desired.canaryHash, 'canarySubsetName'],
    [ref.stableSubsetName, desired.stableHash, 'stableSubsetName'],
  ];
  for (const [name, hash, field] of wanted) {
    const subset = subsets.find((entry) => entry.name === name);
    if (!subset) {
      const names = subsets.map((entry) => `'${String(entry.name)}'`).join(', ') || 'none';
      problems.push({
        object,
        path: 'spec.subsets',
        message: `no subset named '${name}' (spec.strategy.canary.trafficRouting.istio.destinationRule.${field}); its subsets are ${names}: add the subset or fix the name`,
      });
      continue;
    }
    setHash(subset, hash);
  }
  if (problems.length > 0) return { destinationRule: current, problems };
  placeExperimentSubsets(next, ref, desired.additional ?? [], rolloutName);
  if (next.metadata.annotations?.[MANAGED_BY_ANNOTATION] !== rolloutName) {
    next.metadata = {
      ...next.metadata,
      annotations: { ...(next.metadata.annotations ?? {}), [MANAGED_BY_ANNOTATION]: rolloutName },
    };
  }
  return { destinationRule: next, problems };
}

/**
 * As Argo's UpdateHash: a subset per experiment destination (its Service's name, its pod template
 * hash), and the subsets of experiments no longer weighed (named `<rollout>-...`, with a hash label)
 * dropped.
 */
function placeExperimentSubsets(
  rule: DestinationRule,
  ref: IstioDestinationRuleRef,
  additional: readonly WeightedDestination[],
  rolloutName: string,
): void {
  const subsets = subsetsOf(rule);
  const wanted = new Map(additional.map((destination) => [destination.serviceName, destination.podTemplateHash]));
  const fixed = new Set([ref.canarySubsetName, ref.stableSubsetName, ...(ref.additionalSubsetNames ?? [])]);
  const kept = subsets.filter((subset) => {
    const name = String(subset.name);
    if (fixed.has(name) || wanted.has(name)) return true;
    return !(name.startsWith(`${rolloutName}-`) && subset.labels?.[POD_TEMPLATE_HASH_LABEL] !== undefined);
  });
  for (const [name, hash] of wanted) {
    const subset = kept.find((entry) => entry.name === name);
    if (subset) setHash(subset, hash);
    else kept.push({ name, labels: { [POD_TEMPLATE_HASH_LABEL]: hash } });
  }
  if (kept.length !== subsets.length || wanted.size > 0) (rule.spec as { subsets?: unknown }).subsets = kept;
}

export function destinationRuleHost(rule: DestinationRule | undefined): string {
  const host = rule?.spec?.host;
  return typeof host === 'string' ? host : '';
}

/**
 * A clone of `rule` without what a rollout injected into it (each subset's
 * `rollouts-pod-template-hash` label and the managed-by annotation), for a rollout that no longer
 * names it; undefined when `rolloutName` does not manage it (another rollout does, or none).
 */
export function releasedDestinationRule(rule: DestinationRule, rolloutName: string): DestinationRule | undefined {
  if (rule.metadata.annotations?.[MANAGED_BY_ANNOTATION] !== rolloutName) return undefined;
  const next = structuredClone(rule);
  const annotations = { ...(next.metadata.annotations ?? {}) };
  delete annotations[MANAGED_BY_ANNOTATION];
  next.metadata = { ...next.metadata, annotations };
  for (const subset of subsetsOf(next)) setHash(subset, '');
  return next;
}
