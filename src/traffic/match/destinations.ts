// From a route destination (host, subset, port) to the pods that serve it: the Service the host
// names, and its selector narrowed by the DestinationRule subset's labels.
import type { Destination, DestinationRule } from '../../api/types/istio.ts';
import { hostForms, serviceOfFqdn } from './hosts.ts';

export interface MeshService {
  name: string;
  namespace: string;
  /** spec.selector of the Service. */
  selector: Record<string, string>;
}

export interface ResolvedDestination {
  /** The host as written in the route. */
  host: string;
  subset?: string;
  port?: number;
  /** The Service the host designates; absent for a host outside the cluster's Services. */
  service?: { name: string; namespace: string };
  /** Labels the serving pods carry: the Service selector plus the subset's labels. */
  selector?: Record<string, string>;
}

export type Resolution = { ok: true; destination: ResolvedDestination } | { ok: false; reason: string };

function serviceFor(host: string, namespace: string, services: readonly MeshService[]): MeshService | undefined {
  for (const form of hostForms(host, namespace)) {
    const id = serviceOfFqdn(form);
    const found = id && services.find((s) => s.name === id.name && s.namespace === id.namespace);
    if (found) return found;
  }
  return undefined;
}

export function resolveDestination(
  destination: Destination,
  namespace: string,
  services: readonly MeshService[],
  destinationRules: readonly DestinationRule[],
): Resolution {
  const resolved: ResolvedDestination = { host: destination.host };
  if (destination.subset) resolved.subset = destination.subset;
  if (typeof destination.port?.number === 'number') resolved.port = destination.port.number;
  const service = serviceFor(destination.host, namespace, services);
  if (!service) {
    if (destination.subset)
      return {
        ok: false,
        reason: `no Service for host '${destination.host}', so subset '${destination.subset}' cannot be resolved`,
      };
    return { ok: true, destination: resolved };
  }
  resolved.service = { name: service.name, namespace: service.namespace };
  resolved.selector = { ...service.selector };
  if (!destination.subset) return { ok: true, destination: resolved };
  for (const rule of destinationRules) {
    const ruleNamespace = rule.metadata.namespace ?? 'default';
    const ruleService = rule.spec?.host ? serviceFor(rule.spec.host, ruleNamespace, services) : undefined;
    if (ruleService !== service) continue;
    const subset = rule.spec.subsets?.find((s) => s.name === destination.subset);
    if (subset) {
      resolved.selector = { ...resolved.selector, ...(subset.labels ?? {}) };
      return { ok: true, destination: resolved };
    }
  }
  return {
    ok: false,
    reason: `no DestinationRule subset '${destination.subset}' for Service ${service.namespace}/${service.name}`,
  };
}
