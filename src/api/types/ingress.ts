// networking.k8s.io/v1 Ingress: the parts the NGINX and ALB routers and lint read (rules, paths,
// backends); every other field is kept as given.
import type { TypedObject } from './meta.ts';

export interface IngressBackend {
  service?: { name?: string; port?: { number?: number; name?: string } };
  [field: string]: unknown;
}

export interface IngressPath {
  path?: string;
  pathType?: string;
  backend?: IngressBackend;
  [field: string]: unknown;
}

export interface IngressRule {
  host?: string;
  http?: { paths?: IngressPath[] };
  [field: string]: unknown;
}

export interface IngressSpec {
  ingressClassName?: string;
  tls?: unknown[];
  rules?: IngressRule[];
  [field: string]: unknown;
}

export interface Ingress extends TypedObject<'Ingress'> {
  spec?: IngressSpec;
  status?: unknown;
}
