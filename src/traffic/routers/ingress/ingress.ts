// The parts of a networking.k8s.io/v1 Ingress the NGINX and ALB routers read and write: rules,
// their HTTP paths and each path's backend Service. Everything else is kept as found.
import { sendsTo } from '../../../api/ingress-rules.ts';
import type { Ingress as ApiIngress } from '../../../api/types/ingress.ts';
import type { RouteObject, RouteObjectRef } from '../../route-objects.ts';

export type { IngressBackend, IngressPath, IngressRule, IngressSpec } from '../../../api/types/ingress.ts';

export const INGRESS_API_VERSION = 'networking.k8s.io/v1';

/** An Ingress as the routers read it from a RouteObjectStore. */
export type Ingress = RouteObject & ApiIngress;

export function ingressRef(namespace: string, name: string): RouteObjectRef {
  return { apiVersion: INGRESS_API_VERSION, kind: 'Ingress', namespace, name };
}

export { backendServiceOf, hasPathList, pathsOf, rulesOf } from '../../../api/ingress-rules.ts';

/** Whether any HTTP path of any rule sends to `service` (Argo's HasRuleWithService). */
export function hasRuleWithService(ingress: Ingress, service: string): boolean {
  return sendsTo(ingress.spec, service);
}

export function annotationsOf(object: RouteObject): Record<string, string> {
  return object.metadata.annotations ?? {};
}
