// URL paths and query strings of the Kubernetes REST API.
import type { ResourceType } from './resources.ts';

export interface ObjectLocation {
  namespace?: string | undefined;
  name?: string | undefined;
  /** e.g. "status", "eviction", "scale". */
  subresource?: string | undefined;
}

/** /api/v1/namespaces/NS/pods/NAME/status, /apis/GROUP/VERSION/PLURAL, ... */
export function resourcePath(resource: ResourceType, location: ObjectLocation = {}): string {
  const base = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const parts = [base];
  if (resource.namespaced && location.namespace !== undefined && location.namespace !== '') {
    parts.push('namespaces', encodeURIComponent(location.namespace));
  }
  parts.push(resource.plural);
  if (location.name !== undefined) {
    if (location.name === '') throw new Error(`a ${resource.kind} name is required`);
    parts.push(encodeURIComponent(location.name));
    if (location.subresource) parts.push(location.subresource);
  } else if (location.subresource) {
    throw new Error(`the ${location.subresource} subresource of ${resource.plural} needs an object name`);
  }
  return parts.join('/');
}

export type QueryValue = string | number | boolean | undefined;

/** "?a=1&b=x" from the defined values, in the given order; "" when none. */
export function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** "a=b,c" from a map, the form labelSelector takes for equality requirements. */
export function labelSelectorString(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
