// Host names as the mesh sees them. A Kubernetes Service is reachable as `name`, `name.ns`,
// `name.ns.svc` and `name.ns.svc.cluster.local`; a short name is relative to a namespace (the
// client's for a request, the object's for a VirtualService, DestinationRule or destination).

export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** Host without port, lower-cased, without a trailing dot. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1) : h;
  }
  const colon = h.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/** The names a host may stand for, fully qualified when it looks like a Service name. */
export function hostForms(host: string, namespace: string): string[] {
  const h = normalizeHost(host);
  const forms = [h];
  const dots = h.split('.').length - 1;
  if (dots === 0) forms.push(`${h}.${namespace}.${CLUSTER_DOMAIN}`);
  else if (dots === 1) forms.push(`${h}.${CLUSTER_DOMAIN}`);
  else if (h.endsWith('.svc')) forms.push(`${h}.cluster.local`);
  return forms;
}

/** The Service a fully qualified in-cluster name designates. */
export function serviceOfFqdn(fqdn: string): { name: string; namespace: string } | undefined {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { name: parts[0], namespace: parts[1] };
}

/**
 * How well a VirtualService host matches the request's host forms: undefined for no match, higher
 * is more specific (an exact name beats any wildcard; a longer wildcard suffix beats a shorter one).
 */
export function hostMatchScore(
  vsHost: string,
  vsNamespace: string,
  requestForms: readonly string[],
): number | undefined {
  const h = normalizeHost(vsHost);
  if (h === '*') return 0;
  if (h.startsWith('*.')) {
    const suffix = h.slice(1);
    return requestForms.some((form) => form.endsWith(suffix) && form.length > suffix.length)
      ? suffix.length
      : undefined;
  }
  const forms = hostForms(h, vsNamespace);
  return requestForms.some((form) => forms.includes(form)) ? 10_000 + h.length : undefined;
}
