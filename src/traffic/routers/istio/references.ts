// What a Rollout's spec.strategy.canary.trafficRouting.istio refers to, resolved once: the
// VirtualServices (one or several, `name` or `name.namespace`), the DestinationRule, the canary and
// stable Services (with pingPong: ping and pong in the roles the rollout's status gives them), and
// the managed route names.
import { routedServiceRoles } from '../../../api/ping-pong.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import type { IstioDestinationRuleRef, IstioTLSRoute } from '../../../api/types/traffic-routing.ts';

export interface VirtualServiceRef {
  name: string;
  namespace: string;
  /** Where the reference is written, for messages. */
  field: string;
  routes: string[];
  tlsRoutes: IstioTLSRoute[];
  tcpRoutes: Array<{ port?: number }>;
}

export interface IstioRefs {
  rolloutName: string;
  namespace: string;
  virtualServices: VirtualServiceRef[];
  destinationRule?: IstioDestinationRuleRef & { namespace: string };
  canaryService: string;
  stableService: string;
  /** spec.strategy.canary.trafficRouting.managedRoutes, in order. */
  managedRoutes: string[];
}

const BASE = 'spec.strategy.canary.trafficRouting.istio';

/** `name.namespace` names a VirtualService in another namespace; a bare name is in the rollout's namespace. */
export function splitObjectName(name: string, defaultNamespace: string): { name: string; namespace: string } {
  const dot = name.indexOf('.');
  if (dot <= 0) return { name, namespace: defaultNamespace };
  return { name: name.slice(0, dot), namespace: name.slice(dot + 1) };
}

/** The rollout's Istio references, or undefined when it does not route traffic with Istio. */
export function istioRefsOf(rollout: Rollout): IstioRefs | undefined {
  const canary = rollout.spec.strategy.canary;
  const istio = canary?.trafficRouting?.istio;
  if (!canary || !istio) return undefined;
  const namespace = rollout.metadata.namespace ?? 'default';
  const refs = istio.virtualServices ?? (istio.virtualService ? [istio.virtualService] : []);
  const services = routedServiceRoles(rollout, rollout.status?.canary?.stablePingPong);
  const field = istio.virtualServices ? (i: number) => `${BASE}.virtualServices[${i}]` : () => `${BASE}.virtualService`;
  const result: IstioRefs = {
    rolloutName: rollout.metadata.name ?? '',
    namespace,
    virtualServices: refs.map((ref, i) => ({
      ...splitObjectName(ref.name, namespace),
      field: field(i),
      routes: ref.routes ?? [],
      tlsRoutes: ref.tlsRoutes ?? [],
      tcpRoutes: ref.tcpRoutes ?? [],
    })),
    canaryService: services.canary,
    stableService: services.stable,
    managedRoutes: (canary.trafficRouting?.managedRoutes ?? []).map((route) => route.name),
  };
  if (istio.destinationRule) result.destinationRule = { ...istio.destinationRule, namespace };
  return result;
}

export function objectLabel(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind} ${namespace ?? 'default'}/${name ?? ''}`;
}
