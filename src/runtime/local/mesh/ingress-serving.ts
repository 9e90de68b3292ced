// The gateway's Ingress path: a request whose host no VirtualService claims is routed over the
// Ingresses as ingress-nginx routes it (the pure decision of src/traffic/routers/nginx/
// ingress-routing.ts, with the random number drawn by the gateway), then sent to a pod of the
// chosen Service at the backend's port.
import type http from 'node:http';
import type { Ingress } from '../../../api/types/ingress.ts';
import { routeIngressRequest } from '../../../traffic/routers.ts';
import { servicePortFor } from '../services/target-port.ts';
import type { UpstreamTarget } from '../services/upstream-forwarder.ts';
import type { RouteSnapshot } from './route-store.ts';

export interface IngressSource {
  list(): readonly Ingress[];
}

export type IngressTarget =
  | { target: UpstreamTarget; service: { name: string; namespace: string } }
  /** An Ingress rule matched, but its Service cannot be served (the gateway answers 503). */
  | { reason: string; service: { name: string; namespace: string } };

function classOf(ingress: Ingress): string | undefined {
  return ingress.metadata.annotations?.['kubernetes.io/ingress.class'] ?? ingress.spec?.ingressClassName;
}

/** Where the Ingresses send the request; undefined when no Ingress rule matches it. */
export function ingressTarget(
  ingresses: IngressSource,
  snapshot: RouteSnapshot,
  request: http.IncomingMessage,
  roll: number,
): IngressTarget | undefined {
  // An ALB Ingress is read by an AWS load balancer, which the local runtime cannot imitate.
  const list = ingresses.list().filter((ingress) => classOf(ingress) !== 'alb');
  if (list.length === 0) return undefined;
  const decision = routeIngressRequest(
    list,
    { host: request.headers.host ?? '', path: request.url ?? '/', headers: request.headers },
    roll,
  );
  if (decision.kind !== 'route') return undefined;
  const { backend } = decision;
  const service = { name: backend.service, namespace: backend.namespace };
  const found = snapshot.services.get(`${backend.namespace}/${backend.service}`);
  if (!found)
    return {
      service,
      reason: `Ingress ${backend.namespace}/${backend.ingress} sends to Service "${backend.service}", which is not a Service of the local runtime`,
    };
  const servicePort =
    backend.port?.name !== undefined
      ? (found.spec.ports ?? []).find((port) => port.name === backend.port?.name)
      : servicePortFor(found, backend.port?.number);
  return {
    service,
    target: { namespace: backend.namespace, selector: { ...(found.spec.selector ?? {}) }, servicePort },
  };
}
