// Which Service ingress-nginx sends one HTTP request to, given the Ingresses of one class: the
// rule of the request's host (exact, else a `*.` wildcard) and its longest matching path, then the
// canary Ingress of the same host and path, if any, decides by its annotations in NGINX's order:
// canary-by-header (value, pattern, or always/never), canary-by-cookie (always/never), then
// canary-weight out of canary-weight-total. Pure: the caller gives the random number, in [0, 100).
import type { Ingress, IngressPath } from '../../../api/types/ingress.ts';
import { pathsOf, rulesOf } from '../ingress/ingress.ts';
import { DEFAULT_NGINX_ANNOTATION_PREFIX } from './references.ts';

export interface IngressRequest {
  host: string;
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface IngressBackendChoice {
  namespace: string;
  service: string;
  port: { number?: number; name?: string } | undefined;
  /** The Ingress whose rule chose it, and whether that is a canary Ingress. */
  ingress: string;
  canary: boolean;
}

export type IngressDecision = { kind: 'route'; backend: IngressBackendChoice } | { kind: 'no-route'; reason: string };

interface Candidate {
  ingress: Ingress;
  host: string;
  path: IngressPath;
  /** Longer paths win; exact beats prefix of the same length. */
  score: number;
}

function bareHost(host: string): string {
  const withoutPort = host.replace(/:\d+$/, '');
  return withoutPort.toLowerCase();
}

function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1).toLowerCase();
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
  }
  return ruleHost.toLowerCase() === host;
}

/** Kubernetes path semantics: Exact, or Prefix by `/`-separated elements (ImplementationSpecific read as Prefix, as NGINX does without regex). */
function pathScore(path: IngressPath, requestPath: string): number | undefined {
  const want = path.path ?? '/';
  const only = requestPath.split('?')[0] ?? '/';
  if (path.pathType === 'Exact') return only === want ? want.length * 2 + 1 : undefined;
  const prefix = want.endsWith('/*') ? want.slice(0, -1) : want;
  if (prefix === '/' || prefix === '') return 0;
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (only === trimmed || only.startsWith(`${trimmed}/`)) return trimmed.length * 2;
  return undefined;
}

function candidatesOf(ingresses: readonly Ingress[], request: IngressRequest): Candidate[] {
  const host = bareHost(request.host);
  const found: Candidate[] = [];
  for (const ingress of ingresses) {
    for (const rule of rulesOf(ingress.spec)) {
      if (typeof rule.host !== 'string' && rule.host !== undefined) continue;
      if (!hostMatches(rule.host, host)) continue;
      for (const path of pathsOf(rule)) {
        const score = pathScore(path, request.path);
        // A named host beats a wildcard, which beats a rule for any host.
        const hostRank = !rule.host ? 0 : rule.host.startsWith('*.') ? 1 : 2;
        if (score !== undefined) found.push({ ingress, host: rule.host ?? '', path, score: hostRank * 1e6 + score });
      }
    }
  }
  return found.sort((a, b) => b.score - a.score);
}

function annotation(ingress: Ingress, prefix: string, key: string): string | undefined {
  return ingress.metadata.annotations?.[`${prefix}/${key}`];
}

export function isCanaryIngress(ingress: Ingress, prefix = DEFAULT_NGINX_ANNOTATION_PREFIX): boolean {
  return annotation(ingress, prefix, 'canary') === 'true';
}

function headerValue(request: IngressRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function cookieValue(request: IngressRequest, name: string): string | undefined {
  const cookies = headerValue(request, 'cookie') ?? '';
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** NGINX's canary decision for one request: true to the canary, false to the main Ingress. */
export function canaryTakes(canary: Ingress, request: IngressRequest, roll: number, prefix: string): boolean {
  const byHeader = annotation(canary, prefix, 'canary-by-header');
  if (byHeader) {
    const value = headerValue(request, byHeader);
    const expected = annotation(canary, prefix, 'canary-by-header-value');
    const pattern = annotation(canary, prefix, 'canary-by-header-pattern');
    if (value !== undefined) {
      if (expected) {
        if (value === expected) return true;
      } else if (pattern) {
        try {
          if (new RegExp(pattern).test(value)) return true;
        } catch {
          // NGINX ignores a pattern it cannot compile: the request falls through to the weight.
        }
      } else if (value === 'always') return true;
      else if (value === 'never') return false;
    }
  }
  const byCookie = annotation(canary, prefix, 'canary-by-cookie');
  if (byCookie) {
    const value = cookieValue(request, byCookie);
    if (value === 'always') return true;
    if (value === 'never') return false;
  }
  const weight = Number.parseInt(annotation(canary, prefix, 'canary-weight') ?? '0', 10);
  const total = Number.parseInt(annotation(canary, prefix, 'canary-weight-total') ?? '100', 10);
  if (!Number.isFinite(weight) || !Number.isFinite(total) || total <= 0) return false;
  return (roll / 100) * total < weight;
}

function choice(candidate: Candidate, canary: boolean): IngressBackendChoice {
  const service = candidate.path.backend?.service;
  return {
    namespace: candidate.ingress.metadata.namespace ?? 'default',
    service: service?.name ?? '',
    port: service?.port,
    ingress: candidate.ingress.metadata.name ?? '',
    canary,
  };
}

/**
 * Routes one request over `ingresses` (all of one class and namespace set). `prefixOf` gives the
 * annotation prefix a canary Ingress was written with (rollouts may configure their own).
 */
export function routeIngressRequest(
  ingresses: readonly Ingress[],
  request: IngressRequest,
  roll: number,
  prefixOf: (ingress: Ingress) => string = () => DEFAULT_NGINX_ANNOTATION_PREFIX,
): IngressDecision {
  const canaries = ingresses.filter((ingress) => isCanaryIngress(ingress, prefixOf(ingress)));
  const mains = ingresses.filter((ingress) => !canaries.includes(ingress));
  const [main] = candidatesOf(mains, request);
  if (!main)
    return {
      kind: 'no-route',
      reason: `no Ingress rule for host "${bareHost(request.host)}" and path "${request.path}"`,
    };
  const canary = candidatesOf(canaries, request).find(
    (candidate) =>
      candidate.host === main.host &&
      (candidate.path.path ?? '/') === (main.path.path ?? '/') &&
      candidate.ingress.metadata.namespace === main.ingress.metadata.namespace,
  );
  if (canary && canaryTakes(canary.ingress, request, roll, prefixOf(canary.ingress)))
    return { kind: 'route', backend: choice(canary, true) };
  return { kind: 'route', backend: choice(main, false) };
}
