// One HTTPMatchRequest against one request, with Istio's semantics: every condition present in the
// entry must hold (AND); a route matches when any of its entries does (OR), or when it has none.
import type { HTTPMatchRequest, IstioStringMatch } from '../../api/types/istio.ts';
import { isEmptyMatch, matchesString } from './string-match.ts';

export interface MeshRequest {
  /** Host (or :authority) header, possibly with a port. */
  host: string;
  method: string;
  /** The request target: path and optional `?query`. */
  path: string;
  headers?: Record<string, string>;
  scheme?: string;
  /** Port the request arrived on. */
  port?: number;
  /** Namespace of the client; short host names are relative to it. */
  sourceNamespace?: string;
  sourceLabels?: Record<string, string>;
  /** The gateway the request came through (`namespace/name` or `name`); undefined for mesh (sidecar) traffic. */
  gateway?: string;
}

export function pathOnly(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

export function queryOf(target: string): Map<string, string> {
  const q = target.indexOf('?');
  const params = new Map<string, string>();
  if (q < 0) return params;
  for (const [key, value] of new URLSearchParams(target.slice(q + 1))) if (!params.has(key)) params.set(key, value);
  return params;
}

function lowerHeaders(headers: Record<string, string> | undefined): Map<string, string> {
  return new Map(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Gateway names compare by their `name` part when one side omits the namespace. */
export function sameGateway(written: string, gateway: string): boolean {
  if (written === gateway) return true;
  const short = (g: string) => g.slice(g.lastIndexOf('/') + 1);
  return (!written.includes('/') || !gateway.includes('/')) && short(written) === short(gateway);
}

export function gatewaysAllow(gateways: string[] | undefined, request: MeshRequest): boolean {
  const list = gateways && gateways.length > 0 ? gateways : ['mesh'];
  if (request.gateway === undefined) return list.includes('mesh');
  const gateway = request.gateway;
  return list.some((g) => g !== 'mesh' && sameGateway(g, gateway));
}

/**
 * Envoy's uri rules: `prefix` is tested against the whole request target (query string included);
 * `exact` and `regex` against the path without the query string.
 */
function uriMatches(match: IstioStringMatch, target: string, ignoreCase: boolean): boolean {
  if (match.prefix !== undefined) return matchesString(match, target, ignoreCase);
  return matchesString(match, pathOnly(target), ignoreCase);
}

export function entryMatches(entry: HTTPMatchRequest, request: MeshRequest, vsGateways: string[] | undefined): boolean {
  const headers = lowerHeaders(request.headers);
  const ignoreCase = entry.ignoreUriCase === true;
  if (entry.uri && !uriMatches(entry.uri, request.path, ignoreCase)) return false;
  if (entry.method && !matchesString(entry.method, request.method.toUpperCase())) return false;
  if (entry.scheme && !matchesString(entry.scheme, request.scheme ?? 'http')) return false;
  if (entry.authority && !matchesString(entry.authority, request.host)) return false;
  if (entry.port !== undefined && entry.port !== request.port) return false;
  for (const [name, match] of Object.entries(entry.headers ?? {})) {
    if (!matchesString(match, headers.get(name.toLowerCase()))) return false;
  }
  for (const [name, match] of Object.entries(entry.withoutHeaders ?? {})) {
    const value = headers.get(name.toLowerCase());
    if (value !== undefined && (isEmptyMatch(match) || matchesString(match, value))) return false;
  }
  if (entry.queryParams) {
    const query = queryOf(request.path);
    for (const [name, match] of Object.entries(entry.queryParams))
      if (!matchesString(match, query.get(name))) return false;
  }
  if (entry.sourceNamespace !== undefined && entry.sourceNamespace !== request.sourceNamespace) return false;
  for (const [key, value] of Object.entries(entry.sourceLabels ?? {}))
    if (request.sourceLabels?.[key] !== value) return false;
  return gatewaysAllow(entry.gateways ?? vsGateways, request);
}

/** Whether an http route applies to the request: no match entries, or any entry matching. */
export function routeMatches(
  match: HTTPMatchRequest[] | undefined,
  request: MeshRequest,
  vsGateways: string[] | undefined,
): boolean {
  if (!match || match.length === 0) return gatewaysAllow(vsGateways, request);
  return match.some((entry) => entryMatches(entry, request, vsGateways));
}
