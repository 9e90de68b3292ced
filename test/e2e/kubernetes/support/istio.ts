// Reading Istio objects back in the scenarios.
import type { DestinationRule, HTTPRoute, VirtualService } from '../../../../src/api/types/istio.ts';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { istioResources } from '../../../../src/runtime/kubernetes/resources.ts';

const istio = istioResources('v1beta1');

export async function getVirtualService(client: KubeClient, namespace: string, name: string): Promise<VirtualService> {
  return client.get(istio.virtualServices, namespace, name);
}

export async function getDestinationRule(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<DestinationRule> {
  return client.get(istio.destinationRules, namespace, name);
}

export function httpRoute(vs: VirtualService, name: string): HTTPRoute | undefined {
  return vs.spec.http?.find((route) => route.name === name);
}

/** The weights of a route as `host[/subset]=weight`, in order. */
export function weightsOf(route: HTTPRoute | undefined): string[] {
  return (route?.route ?? []).map(
    (entry) =>
      `${entry.destination.host}${entry.destination.subset ? `/${entry.destination.subset}` : ''}=${entry.weight ?? 0}`,
  );
}
