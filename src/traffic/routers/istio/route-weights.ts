// Weights on one weighted route (http, tls or tcp alike): which destination is the canary, which
// the stable, and the new weights. Destinations are recognised as Argo Rollouts does: host-level by
// the Service name (the part of `host` before the first dot, so `svc`, `svc.ns` and
// `svc.ns.svc.cluster.local` all match), subset-level by the DestinationRule subset name.
import type { TrafficProblem, WeightedDestination } from '../../desired.ts';
import type { IstioRefs } from './references.ts';

export type DestinationRole = 'canary' | 'stable' | 'additional' | 'other';

interface DestinationEntry {
  destination?: { host?: string; subset?: string; [field: string]: unknown };
  weight?: number;
  [field: string]: unknown;
}

/** The Service name a destination host designates: `name` of `name`, `name.ns`, `name.ns.svc.cluster.local`. */
export function serviceNameOfHost(host: string): string {
  const dot = host.indexOf('.');
  if (dot < 0) return host;
  return dot === 0 ? '' : host.slice(0, dot);
}

export function roleOf(entry: unknown, refs: IstioRefs): DestinationRole {
  const destination = (entry as DestinationEntry | undefined)?.destination;
  const host = serviceNameOfHost(destination?.host ?? '');
  const subset = destination?.subset ?? '';
  const rule = refs.destinationRule;
  if ((refs.canaryService && host === refs.canaryService) || (subset && subset === rule?.canarySubsetName))
    return 'canary';
  if ((refs.stableService && host === refs.stableService) || (subset && subset === rule?.stableSubsetName))
    return 'stable';
  if (subset && rule?.additionalSubsetNames?.includes(subset)) return 'additional';
  return 'other';
}

export function weightOf(entry: unknown): number {
  const weight = (entry as DestinationEntry | undefined)?.weight;
  return typeof weight === 'number' ? weight : 0;
}

function describe(entry: unknown): string {
  const destination = (entry as DestinationEntry | undefined)?.destination;
  const subset = destination?.subset ? `, subset ${destination.subset}` : '';
  return `host ${destination?.host ?? '(none)'}${subset}`;
}

function roleNames(refs: IstioRefs): { canary: string; stable: string } {
  const rule = refs.destinationRule;
  if (rule)
    return {
      canary: `the canary subset '${rule.canarySubsetName}'`,
      stable: `the stable subset '${rule.stableSubsetName}'`,
    };
  return { canary: `the canary Service '${refs.canaryService}'`, stable: `the stable Service '${refs.stableService}'` };
}

/** Problems that stop a route from being weighted: no destinations, one destination, a missing role. */
export function routeDestinationProblems(
  destinations: unknown,
  refs: IstioRefs,
  object: string,
  path: string,
): TrafficProblem[] {
  const names = roleNames(refs);
  if (!Array.isArray(destinations) || destinations.length === 0) {
    return [
      {
        object,
        path,
        message: `the route has no destinations: add one for ${names.stable} with weight 100 and one for ${names.canary} with weight 0`,
      },
    ];
  }
  if (destinations.length === 1) {
    return [
      {
        object,
        path,
        message:
          `the route has a single destination (${describe(destinations[0])}), so its traffic cannot be split: ` +
          `a weighted route needs a destination for ${names.stable} (weight 100) and one for ${names.canary} (weight 0)`,
      },
    ];
  }
  const roles = destinations.map((entry) => roleOf(entry, refs));
  const problems: TrafficProblem[] = [];
  if (!roles.includes('canary'))
    problems.push({ object, path, message: `no destination for ${names.canary}: add one with weight 0` });
  if (!roles.includes('stable'))
    problems.push({ object, path, message: `no destination for ${names.stable}: add one with weight 100` });
  return problems;
}

/**
 * The destinations with the canary at `canaryWeight`, each experiment Service (`additional`) at its
 * weight (appended as `{destination: {host}}` when the route lacks it, as Argo Rollouts does), and
 * the stable at what remains once the additional subsets keep their weights. Destinations that are
 * none of these are dropped, as Argo Rollouts does. Entries are edited in place on the caller's
 * clone, so every other field stays.
 */
export function weighDestinations(
  destinations: unknown[],
  refs: IstioRefs,
  canaryWeight: number,
  additional: readonly WeightedDestination[] = [],
): unknown[] {
  const roles = destinations.map((entry) => roleOf(entry, refs));
  const experiments = new Map(additional.map((destination) => [destination.serviceName, destination]));
  const kept: unknown[] = [];
  let additionalSubsets = 0;
  destinations.forEach((entry, i) => {
    if (roles[i] === 'additional') additionalSubsets += weightOf(entry);
  });
  const experimentWeight = additional.reduce((sum, destination) => sum + destination.weight, 0);
  const stableWeight = Math.max(0, 100 - canaryWeight - additionalSubsets - experimentWeight);
  destinations.forEach((entry, i) => {
    const role = roles[i];
    if (role === 'other') {
      const host = serviceNameOfHost((entry as DestinationEntry).destination?.host ?? '');
      const experiment = experiments.get(host);
      if (!experiment) return;
      if (weightOf(entry) !== experiment.weight) (entry as DestinationEntry).weight = experiment.weight;
      experiments.delete(host);
      kept.push(entry);
      return;
    }
    if (role === 'canary' || role === 'stable') {
      const wanted = role === 'canary' ? canaryWeight : stableWeight;
      if (weightOf(entry) !== wanted) (entry as DestinationEntry).weight = wanted;
    }
    kept.push(entry);
  });
  for (const destination of experiments.values())
    kept.push({ destination: { host: destination.serviceName }, weight: destination.weight });
  return kept;
}

/** After weighting: Istio wants the weights of a multi-destination route to add up to 100. */
export function weightSumProblem(destinations: unknown[], object: string, path: string): TrafficProblem | undefined {
  if (destinations.length < 2) return undefined;
  const total = destinations.reduce<number>((sum, entry) => sum + weightOf(entry), 0);
  if (total === 100) return undefined;
  const listed = destinations.map((entry) => `${describe(entry)}: ${weightOf(entry)}`).join('; ');
  return {
    object,
    path,
    message: `the weights would add up to ${total}, not 100 (${listed}): the route has more than one canary or stable destination, or additional subsets take more than the stable can give`,
  };
}
