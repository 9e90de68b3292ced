// Schema of networking.k8s.io/v1 Ingress as the NGINX and ALB routers read it: rules, paths and
// service backends are typed; TLS, the default backend, resource backends and status keep any content.
import { anyObject, arrayOf, int32, object, string } from '../vocabulary.ts';
import { ObjectMeta } from '../kubernetes.ts';

const ServiceBackend = object({ name: string(), port: object({ number: int32(), name: string() }) }, ['name']);

const HTTPIngressPath = object(
  {
    path: string(),
    pathType: string(),
    backend: object({ service: ServiceBackend, resource: anyObject() }),
  },
  ['pathType', 'backend'],
);

const IngressRule = object({ host: string(), http: object({ paths: arrayOf(HTTPIngressPath) }, ['paths']) });

export const Ingress = object({
  apiVersion: string(),
  kind: string(),
  metadata: ObjectMeta,
  spec: object({
    ingressClassName: string(),
    defaultBackend: anyObject(),
    tls: arrayOf(anyObject()),
    rules: arrayOf(IngressRule),
  }),
  status: anyObject(),
});
