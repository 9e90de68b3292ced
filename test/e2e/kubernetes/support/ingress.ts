// Ingresses for the NGINX and ALB scenarios, and reading them back.
import type { Ingress } from '../../../../src/api/types/ingress.ts';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { NotFoundError } from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { routeResource } from '../../../../src/runtime/kubernetes/rollouts/route-object-store.ts';

const ingresses = routeResource('networking.k8s.io/v1', 'Ingress');

export async function getIngress(client: KubeClient, namespace: string, name: string): Promise<Ingress | undefined> {
  try {
    // The route-kind resource reads any kind as a RouteObject; this one is an Ingress, whose spec the type checker cannot see.
    return (await client.get(ingresses, namespace, name)) as unknown as Ingress;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** An Ingress with a rule for host web.example.com whose `/` path sends to `service`, and an unrelated host. */
export function ingress(
  name: string,
  service: string,
  annotations: Record<string, string>,
  port: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, annotations },
    spec: {
      rules: [
        {
          host: 'web.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port } } }] },
        },
        {
          host: 'admin.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'admin', port: { number: 80 } } } }],
          },
        },
      ],
    },
  };
}
