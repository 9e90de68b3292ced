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

/** A pod's name and namespace: what a pod tells the gateway about itself when it uses it as its proxy. */
export interface ProxyClient {
  namespace: string;
  name: string;
}

/**
 * The gateway as a pod's HTTP proxy: `http://<namespace>:<pod>@host:port`. The userinfo reaches
 * the gateway as `Proxy-Authorization: Basic ...` (curl, Go's net/http, Python and Node.js send it
 * with every proxied request and CONNECT; Node.js only when a password is present, hence the pod's
 * name as one), so the gateway resolves short names in the pod's namespace, as the pod's DNS search
 * path (`<namespace>.svc.cluster.local`) would in a cluster.
 */
export function meshProxyUrl(gateway: { host: string; port: number }, client?: ProxyClient): string {
  const userinfo = client ? `${encodeURIComponent(client.namespace)}:${encodeURIComponent(client.name)}@` : '';
  return `http://${userinfo}${gateway.host}:${gateway.port}`;
}

/** Kubernetes namespace names: RFC 1123 labels. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The namespace a `Proxy-Authorization` header names (the user of its Basic credentials), if it names one. */
export function proxyNamespace(authorization: string | string[] | undefined): string | undefined {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = value === undefined ? null : /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return NAMESPACE.test(user) ? user : undefined;
}

/**
 * What a process pod gets so that its HTTP calls to cluster names go through the mesh: the
 * gateway as its HTTP proxy (`http_proxy`, `HTTP_PROXY`; Node.js reads them with
 * NODE_USE_ENV_PROXY=1), with the pod's namespace and name as the proxy's user and password (see
 * meshProxyUrl), loopback calls direct (`no_proxy`). HTTPS is left alone (no proxy for it). The
 * gateway passes a proxied request for a host outside the mesh on to that host.
 */
export function meshProxyEnvironment(
  gateway: { host: string; port: number },
  client?: ProxyClient,
): Record<string, string> {
  const proxy = meshProxyUrl(gateway, client);
  const direct = 'localhost,127.0.0.1,::1';
  return { http_proxy: proxy, HTTP_PROXY: proxy, no_proxy: direct, NO_PROXY: direct, NODE_USE_ENV_PROXY: '1' };
}
