// The rules the Gateway API router adds to a route for a managed route of the Rollout, named after
// it (rules[].name): a header route sends the requests whose headers match to the canary only; a
// mirror route keeps the weighted backends for the requests it matches and copies them to the
// canary (a RequestMirror filter with the percentage).
import type { HeaderRoutingMatch, RouteMatch, StringMatch } from '../../../api/types/rollout.ts';
import type { HeaderRoute, MirrorRoute } from '../../desired.ts';
import type { BackendRef, HeaderMatch, HTTPRouteMatch, RouteRule } from './types.ts';

/** A regular expression that matches `text` literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A StringMatch as a Gateway API header match value; a message when none of its forms is set. */
function headerValue(name: string, match: StringMatch): HeaderMatch | string {
  if (match.exact) return { name, type: 'Exact', value: match.exact };
  // As the plugin: a prefix is a regular expression that starts with it.
  if (match.prefix) return { name, type: 'RegularExpression', value: `${literal(match.prefix)}.*` };
  if (match.regex) return { name, type: 'RegularExpression', value: match.regex };
  return `header "${name}" has no exact, prefix or regex value`;
}

export function headerMatches(match: readonly HeaderRoutingMatch[]): HeaderMatch[] | string {
  const headers: HeaderMatch[] = [];
  for (const item of match) {
    const value = headerValue(item.headerName, item.headerValue);
    if (typeof value === 'string') return value;
    headers.push(value);
  }
  return headers;
}

export function canaryBackend(canary: string, weighted: RouteRule): BackendRef {
  const port = weighted.backendRefs?.find((ref) => ref.name === canary)?.port;
  return { group: '', kind: 'Service', name: canary, ...(port === undefined ? {} : { port }) };
}

/** The rule of a header route: the weighted rule's matches with the header matches added, to the canary only. */
export function headerRule(
  route: HeaderRoute,
  kind: 'HTTPRoute' | 'GRPCRoute',
  weighted: RouteRule,
  canary: string,
): RouteRule | string {
  const headers = headerMatches(route.match);
  if (typeof headers === 'string') return `header route "${route.name}": ${headers}`;
  const base = weighted.matches ?? [];
  const matches =
    base.length === 0
      ? [{ headers }]
      : base.map((match) =>
          kind === 'HTTPRoute'
            ? {
                ...(match.path ? { path: structuredClone(match.path) } : {}),
                headers,
                ...(match.queryParams ? { queryParams: structuredClone(match.queryParams) } : {}),
              }
            : { ...(match.method ? { method: structuredClone(match.method) } : {}), headers },
        );
  return {
    name: route.name,
    matches,
    ...(weighted.filters?.length ? { filters: structuredClone(weighted.filters) } : {}),
    backendRefs: [canaryBackend(canary, weighted)],
  };
}

function pathMatch(path: StringMatch): HTTPRouteMatch['path'] | string {
  if (path.exact) return { type: 'Exact', value: path.exact };
  if (path.prefix) return { type: 'PathPrefix', value: path.prefix };
  if (path.regex) return { type: 'RegularExpression', value: path.regex };
  return 'path has no exact, prefix or regex value';
}

function httpMatch(match: RouteMatch): HTTPRouteMatch | string {
  const converted: HTTPRouteMatch = {};
  if (match.method) {
    if (!match.method.exact) return 'a Gateway API route matches a method exactly only: use method.exact';
    converted.method = match.method.exact;
  }
  if (match.path) {
    const path = pathMatch(match.path);
    if (typeof path === 'string') return path;
    converted.path = path;
  }
  const headers = Object.entries(match.headers ?? {}).map(([name, value]) => headerValue(name, value));
  const bad = headers.find((header) => typeof header === 'string');
  if (bad) return bad;
  if (headers.length > 0) converted.headers = headers as HeaderMatch[];
  return converted;
}

/** The rule of a mirror route: the weighted backends for the matching requests, copied to the canary. */
export function mirrorRule(route: MirrorRoute, weighted: RouteRule, canary: string): RouteRule | string {
  const matches: HTTPRouteMatch[] = [];
  for (const match of route.match) {
    const converted = httpMatch(match);
    if (typeof converted === 'string') return `mirror route "${route.name}": ${converted}`;
    matches.push(converted);
  }
  return {
    name: route.name,
    ...(matches.length > 0 ? { matches } : {}),
    filters: [
      ...structuredClone(weighted.filters ?? []),
      {
        type: 'RequestMirror',
        requestMirror: { backendRef: canaryBackend(canary, weighted), percent: route.percentage },
      },
    ],
    backendRefs: structuredClone(weighted.backendRefs ?? []),
  };
}

/** The percentage a managed rule mirrors to the canary; undefined for a rule without a RequestMirror filter. */
export function mirroredPercentage(rule: RouteRule): number | undefined {
  const mirror = rule.filters?.find((filter) => filter.type === 'RequestMirror')?.requestMirror;
  if (!mirror) return undefined;
  if (mirror.percent !== undefined) return mirror.percent;
  if (mirror.fraction) return (100 * mirror.fraction.numerator) / (mirror.fraction.denominator ?? 100);
  return 100;
}
