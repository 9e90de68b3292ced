// From a Service port to the port a pod's process listens on, as Kubernetes resolves targetPort:
// unset means the same number as `port`; a number is the container port of that number; a name is
// the container port of that name. Processes here share the loopback interface and listen on ports
// handed out to them, so a number a container does not declare means the container's main port ($PORT).
import type { Service, ServicePort } from '../../../api/types/core.ts';
import type { PodEndpoint } from './endpoint-source.ts';

/** The Service port a request addresses: the one numbered `requested`, else the first (Istio needs a port only when there are several). */
export function servicePortFor(service: Service, requested?: number): ServicePort | undefined {
  const ports = (service.spec.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
  if (requested !== undefined) {
    const exact = ports.find((p) => p.port === requested);
    if (exact) return exact;
  }
  return ports[0];
}

/** The loopback port behind `servicePort` on this pod; undefined when the pod has no port of that name. */
export function endpointPortFor(endpoint: PodEndpoint, servicePort: ServicePort | undefined): number | undefined {
  const tcp = endpoint.ports.filter((p) => p.protocol === 'TCP');
  const main = tcp[0]?.port;
  if (!servicePort) return main;
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number' || /^\d+$/.test(target)) {
    const number = Number(target);
    return tcp.find((p) => p.containerPort === number)?.port ?? main;
  }
  return tcp.find((p) => p.name === target)?.port;
}
