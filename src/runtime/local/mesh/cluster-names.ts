// Cluster DNS names of the local runtime's Services (`colorapi`, `colorapi.demo`,
// `colorapi.demo.svc`, `colorapi.demo.svc.cluster.local`, with or without a port): a request to
// one goes to the mesh gateway with the name as Host, so it takes the routes a request inside the
// cluster would take (VirtualService weights, the Service's endpoints). A short name is relative
// to the caller's namespace, as in a pod's DNS search path. Other names resolve as usual.
const CLUSTER_SUFFIX = '.svc.cluster.local';

/** The Service a host name designates from `namespace`, if the name has a cluster form. */
export function serviceOfHost(hostname: string, namespace: string): { name: string; namespace: string } | undefined {
  let host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.endsWith(CLUSTER_SUFFIX)) host = host.slice(0, -CLUSTER_SUFFIX.length);
  else if (host.endsWith('.svc')) host = host.slice(0, -'.svc'.length);
  const parts = host.split('.');
  if (parts.length === 1 && parts[0]) return { name: parts[0], namespace };
  if (parts.length === 2 && parts[0] && parts[1]) return { name: parts[0], namespace: parts[1] };
  return undefined;
}

/**
 * The gateway URL and Host for an `http://` URL naming a Service that `exists`; undefined for any
 * other URL (https, a name that is no Service here, an IP address).
 */
export function meshUrl(
  url: string,
  namespace: string,
  gateway: { host: string; port: number },
  exists: (namespace: string, name: string) => boolean,
): { url: string; host: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' || /^[\d.]+$/.test(parsed.hostname) || parsed.hostname.startsWith('['))
    return undefined;
  const service = serviceOfHost(parsed.hostname, namespace);
  if (!service || !exists(service.namespace, service.name)) return undefined;
  const host = `${service.name}.${service.namespace}${CLUSTER_SUFFIX}${parsed.port ? `:${parsed.port}` : ''}`;
  return { url: `http://${gateway.host}:${gateway.port}${parsed.pathname}${parsed.search}`, host };
}
